using System.Text;

namespace Egress.Formats.Pdf;

/// <summary>
/// A ToUnicode CMap: how a font's codes split (codespace ranges) and what text each code stands for
/// (bfchar and bfrange). Parsing is bounded: at most <see cref="MaxMappings"/> single mappings;
/// large ranges are kept as ranges rather than expanded.
/// </summary>
public sealed class ToUnicodeMap
{
    public const int MaxMappings = 1 << 20;
    private const int ExpandRangesUpTo = 256;

    private readonly List<(int Length, uint Low, uint High)> _codespaces = [];
    private readonly Dictionary<(int Length, uint Code), string> _single = [];
    private readonly List<(int Length, uint Low, uint High, string? Base, List<string>? Each)> _ranges = [];

    public bool HasCodespaces => _codespaces.Count > 0;
    public int MappingCount => _single.Count + _ranges.Count;

    public static ToUnicodeMap Parse(byte[] cmap, int maxNesting)
    {
        var map = new ToUnicodeMap();
        var syntax = new PdfSyntax(cmap, maxNesting);
        var operands = new List<PdfObject>();
        while (true)
        {
            PdfObject? token;
            try
            {
                token = syntax.ReadObject();
            }
            catch (InvalidDataException)
            {
                break;
            }
            if (token is null) break;
            if (token is not PdfKeyword keyword)
            {
                if (operands.Count < 4096) operands.Add(token);
                continue;
            }
            switch (keyword.Value)
            {
                case "endcodespacerange":
                    for (var i = 0; i + 1 < operands.Count; i += 2)
                        if (operands[i] is PdfString lo && operands[i + 1] is PdfString hi && lo.Bytes.Length is >= 1 and <= 4)
                            map._codespaces.Add((lo.Bytes.Length, Code(lo.Bytes), Code(hi.Bytes)));
                    break;
                case "endbfchar":
                    for (var i = 0; i + 1 < operands.Count; i += 2)
                        if (operands[i] is PdfString code && code.Bytes.Length is >= 1 and <= 4 && map.MappingCount < MaxMappings)
                            map._single[(code.Bytes.Length, Code(code.Bytes))] = Unicode(operands[i + 1]);
                    break;
                case "endbfrange":
                    for (var i = 0; i + 2 < operands.Count; i += 3)
                        if (operands[i] is PdfString lo && operands[i + 1] is PdfString hi && lo.Bytes.Length is >= 1 and <= 4)
                            map.AddRange(lo.Bytes.Length, Code(lo.Bytes), Code(hi.Bytes), operands[i + 2]);
                    break;
            }
            operands.Clear();
        }
        return map;
    }

    private void AddRange(int length, uint low, uint high, PdfObject target)
    {
        if (high < low || MappingCount >= MaxMappings) return;
        if (target is PdfArray array)
        {
            var each = array.Items.Take((int)Math.Min(high - low + 1, ExpandRangesUpTo * 256)).Select(Unicode).ToList();
            _ranges.Add((length, low, high, null, each));
            return;
        }
        var start = Unicode(target);
        if (high - low < ExpandRangesUpTo)
        {
            for (var c = low; c <= high && MappingCount < MaxMappings; c++) _single[(length, c)] = Offset(start, c - low);
            return;
        }
        _ranges.Add((length, low, high, start, null));
    }

    /// <summary>The length of the code at the start of <paramref name="bytes"/>, by the codespace ranges (0 when none applies).</summary>
    public int CodeLength(ReadOnlySpan<byte> bytes)
    {
        for (var length = 1; length <= 4 && length <= bytes.Length; length++)
        {
            var code = Code(bytes[..length]);
            foreach (var (l, lo, hi) in _codespaces)
                if (l == length && code >= lo && code <= hi) return length;
        }
        return 0;
    }

    public string? Map(int length, uint code)
    {
        if (_single.TryGetValue((length, code), out var text)) return text;
        foreach (var (l, lo, hi, start, each) in _ranges)
        {
            if (l != length || code < lo || code > hi) continue;
            if (each is not null) return code - lo < each.Count ? each[(int)(code - lo)] : null;
            return Offset(start!, code - lo);
        }
        return null;
    }

    public static uint Code(ReadOnlySpan<byte> bytes)
    {
        uint code = 0;
        foreach (var b in bytes[..Math.Min(4, bytes.Length)]) code = (code << 8) | b;
        return code;
    }

    private static string Unicode(PdfObject value) => value switch
    {
        PdfString s => Encoding.BigEndianUnicode.GetString(s.Bytes, 0, s.Bytes.Length & ~1),
        PdfName n => PdfEncodings.Glyph(n.Value) ?? "",
        _ => "",
    };

    /// <summary>bfrange's destination for a code: the start string with its last unit advanced.</summary>
    private static string Offset(string start, uint by)
    {
        if (start.Length == 0) return start;
        var chars = start.ToCharArray();
        chars[^1] = (char)(chars[^1] + by);
        return new string(chars);
    }
}
