using System.Globalization;
using System.Text;

namespace Egress.Formats.Pdf;

/// <summary>
/// Reads PDF tokens and objects from bytes, tolerant of damage: an unexpected byte ends the object
/// being read rather than the document. Nesting of arrays and dictionaries is bounded.
/// </summary>
public sealed class PdfSyntax(ReadOnlyMemory<byte> data, int maxNesting)
{
    /// <summary>Strings longer than this are cut (their bytes still count as read).</summary>
    private const int MaxStringBytes = 16 << 20;

    public ReadOnlyMemory<byte> Data { get; } = data;
    public int Position { get; set; }
    public bool AtEnd => Position >= Data.Length;

    public static bool IsWhitespace(byte b) => b is 0 or 9 or 10 or 12 or 13 or 32;
    public static bool IsDelimiter(byte b) => b is (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'/' or (byte)'%';
    private static bool IsRegular(byte b) => !IsWhitespace(b) && !IsDelimiter(b);

    public void SkipWhitespaceAndComments()
    {
        var span = Data.Span;
        while (Position < span.Length)
        {
            var b = span[Position];
            if (IsWhitespace(b)) Position++;
            else if (b == '%')
            {
                while (Position < span.Length && span[Position] is not (10 or 13)) Position++;
            }
            else break;
        }
    }

    /// <summary>The next object, or null at the end. A keyword that is not an object (obj, endobj, R, an operator) comes back as <see cref="PdfKeyword"/>.</summary>
    public PdfObject? ReadObject(int depth = 0)
    {
        SkipWhitespaceAndComments();
        var span = Data.Span;
        if (Position >= span.Length) return null;
        var b = span[Position];
        switch (b)
        {
            case (byte)'/':
                return ReadName();
            case (byte)'(':
                return ReadLiteralString();
            case (byte)'<' when Position + 1 < span.Length && span[Position + 1] == '<':
                return ReadDictionary(depth);
            case (byte)'<':
                return ReadHexString();
            case (byte)'[':
                return ReadArray(depth);
            case (byte)']' or (byte)'>' or (byte)')' or (byte)'{' or (byte)'}':
                Position++;
                return new PdfKeyword(((char)b).ToString());
        }
        if (b is (byte)'+' or (byte)'-' or (byte)'.' or (>= (byte)'0' and <= (byte)'9'))
        {
            var number = ReadNumber();
            if (number.Value == Math.Floor(number.Value) && number.Value >= 0 && IsIntegerToken())
            {
                // "n g R" is a reference: look ahead without consuming when it is not.
                var save = Position;
                SkipWhitespaceAndComments();
                if (Position < span.Length && span[Position] is >= (byte)'0' and <= (byte)'9')
                {
                    var generation = ReadNumber();
                    SkipWhitespaceAndComments();
                    if (Position < span.Length && span[Position] == 'R' && (Position + 1 >= span.Length || !IsRegular(span[Position + 1])))
                    {
                        Position++;
                        return new PdfReference((int)Math.Min(number.Value, int.MaxValue), generation.Int);
                    }
                }
                Position = save;
            }
            return number;
        }
        return ReadKeyword();
    }

    private bool _lastWasInteger;
    private bool IsIntegerToken() => _lastWasInteger;

    public PdfNumber ReadNumber()
    {
        var span = Data.Span;
        var start = Position;
        while (Position < span.Length && span[Position] is (byte)'+' or (byte)'-' or (byte)'.' or (>= (byte)'0' and <= (byte)'9')) Position++;
        var token = span[start..Position];
        _lastWasInteger = token.IndexOf((byte)'.') < 0;
        if (SimpleNumber(token) is { } simple) return new PdfNumber(simple);
        // Tolerate writers' "--5" and "5-": use the longest prefix that parses.
        for (var end = token.Length; end > 0; end--)
            if (double.TryParse(token[..end], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                return new PdfNumber(double.IsFinite(value) ? value : 0);
        for (var from = 1; from < token.Length; from++)
            if (double.TryParse(token[from..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                return new PdfNumber(double.IsFinite(value) ? value : 0);
        return new PdfNumber(0);
    }

    /// <summary>The common case without the general parser: optional minus, digits, at most one point.</summary>
    private static double? SimpleNumber(ReadOnlySpan<byte> token)
    {
        if (token.IsEmpty || token.Length > 15) return null;
        var negative = token[0] == '-';
        long mantissa = 0;
        var scale = 0;
        var seenPoint = false;
        var digits = 0;
        for (var i = negative ? 1 : 0; i < token.Length; i++)
        {
            var b = token[i];
            if (b == '.' && !seenPoint) seenPoint = true;
            else if (b is >= (byte)'0' and <= (byte)'9')
            {
                mantissa = mantissa * 10 + (b - '0');
                digits++;
                if (seenPoint) scale++;
            }
            else return null;
        }
        if (digits == 0) return null;
        double value = mantissa;
        if (scale > 0) value /= Pow10[scale];
        return negative ? -value : value;
    }

    private static readonly double[] Pow10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    private PdfKeyword ReadKeyword()
    {
        var span = Data.Span;
        var start = Position;
        while (Position < span.Length && IsRegular(span[Position])) Position++;
        if (Position == start) Position++;
        return new PdfKeyword(Encoding.Latin1.GetString(span[start..Position]));
    }

    public PdfName ReadName()
    {
        var span = Data.Span;
        Position++;
        var bytes = new List<byte>();
        while (Position < span.Length && IsRegular(span[Position]))
        {
            var b = span[Position++];
            if (b == '#' && Position + 1 < span.Length && IsHex(span[Position]) && IsHex(span[Position + 1]))
            {
                bytes.Add((byte)(Hex(span[Position]) * 16 + Hex(span[Position + 1])));
                Position += 2;
            }
            else bytes.Add(b);
        }
        var raw = bytes.ToArray();
        return new PdfName(System.Text.Unicode.Utf8.IsValid(raw) ? Encoding.UTF8.GetString(raw) : Encoding.Latin1.GetString(raw));
    }

    public PdfString ReadLiteralString()
    {
        var span = Data.Span;
        Position++;
        var bytes = new List<byte>();
        var depth = 1;
        while (Position < span.Length)
        {
            var b = span[Position++];
            if (b == '\\')
            {
                if (Position >= span.Length) break;
                var e = span[Position++];
                switch (e)
                {
                    case (byte)'n': Add(10); break;
                    case (byte)'r': Add(13); break;
                    case (byte)'t': Add(9); break;
                    case (byte)'b': Add(8); break;
                    case (byte)'f': Add(12); break;
                    case 13:
                        if (Position < span.Length && span[Position] == 10) Position++;
                        break;
                    case 10: break;
                    case >= (byte)'0' and <= (byte)'7':
                        var value = e - '0';
                        for (var k = 0; k < 2 && Position < span.Length && span[Position] is >= (byte)'0' and <= (byte)'7'; k++)
                            value = value * 8 + (span[Position++] - '0');
                        Add((byte)value);
                        break;
                    default: Add(e); break;
                }
                continue;
            }
            if (b == '(') depth++;
            else if (b == ')' && --depth == 0) break;
            Add(b);
        }
        return new PdfString(bytes.ToArray());

        void Add(byte value)
        {
            if (bytes.Count < MaxStringBytes) bytes.Add(value);
        }
    }

    public PdfString ReadHexString()
    {
        var span = Data.Span;
        Position++;
        var bytes = new List<byte>();
        var high = -1;
        while (Position < span.Length)
        {
            var b = span[Position++];
            if (b == '>') break;
            if (!IsHex(b)) continue;
            if (high < 0) high = Hex(b);
            else
            {
                if (bytes.Count < MaxStringBytes) bytes.Add((byte)(high * 16 + Hex(b)));
                high = -1;
            }
        }
        if (high >= 0) bytes.Add((byte)(high * 16));
        return new PdfString(bytes.ToArray());
    }

    private PdfArray ReadArray(int depth)
    {
        if (depth >= maxNesting) throw new InvalidDataException($"arrays and dictionaries nested more than {maxNesting} deep");
        Position++;
        var items = new List<PdfObject>();
        while (true)
        {
            SkipWhitespaceAndComments();
            if (Position >= Data.Length) break;
            if (Data.Span[Position] == ']')
            {
                Position++;
                break;
            }
            var item = ReadObject(depth + 1);
            if (item is null) break;
            if (item is PdfKeyword { Value: "endobj" or "stream" or "obj" or ">" })
            {
                Position -= item is PdfKeyword { Value: ">" } ? 1 : ((PdfKeyword)item).Value.Length;
                break;
            }
            items.Add(item);
        }
        return new PdfArray(items);
    }

    private PdfDictionary ReadDictionary(int depth)
    {
        if (depth >= maxNesting) throw new InvalidDataException($"arrays and dictionaries nested more than {maxNesting} deep");
        Position += 2;
        var entries = new Dictionary<string, PdfObject>(StringComparer.Ordinal);
        while (true)
        {
            SkipWhitespaceAndComments();
            var span = Data.Span;
            if (Position >= span.Length) break;
            if (span[Position] == '>')
            {
                Position += Position + 1 < span.Length && span[Position + 1] == '>' ? 2 : 1;
                break;
            }
            if (span[Position] != '/')
            {
                // Damage: skip what is not a key, but never past the end of the object.
                var stray = ReadObject(depth + 1);
                if (stray is null || stray is PdfKeyword { Value: "endobj" or "stream" or "obj" })
                {
                    if (stray is PdfKeyword k) Position -= k.Value.Length;
                    break;
                }
                continue;
            }
            var key = ReadName().Value;
            SkipWhitespaceAndComments();
            if (Position < span.Length && span[Position] == '>') { entries[key] = PdfKeyword.Null; continue; }
            var value = ReadObject(depth + 1);
            if (value is null) break;
            if (value is PdfKeyword { Value: "endobj" or "stream" or "obj" } kw)
            {
                Position -= kw.Value.Length;
                break;
            }
            entries[key] = value;
        }
        return new PdfDictionary(entries);
    }

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';
    private static int Hex(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
