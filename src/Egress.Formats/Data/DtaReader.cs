using System.Buffers.Binary;
using System.Text;
using Egress.Formats.Content;

namespace Egress.Formats.Data;

/// <summary>
/// Stata .dta: the tagged formats 117, 118 and 119 (<c>&lt;stata_dta&gt;</c>) and the binary formats
/// 113–115. The variables become a table with their names as header (numbers in shortest round-trip
/// form, Stata's missing values as empty, %td dates as ISO dates, strL strings resolved); the data
/// label, variable labels, notes (characteristics) and value labels become text to scan.
/// The file is read whole (bounded by the in-memory cap).
/// </summary>
public sealed class DtaReader : IContentReader
{
    public string Format => "Stata dta";

    private const int StrL = 32768, Double = 65526, Float = 65527, Long = 65528, Int = 65529, Byte = 65530;

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) =>
        head.StartsWith("<stata_dta><header><release>11"u8)
        || head.Length >= 109 && head[0] is 113 or 114 or 115 && head[1] is 1 or 2 && head[2] == 1 && head[3] == 0;

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var data = source.ReadAll(context);
        var file = data.Span[0] == '<' ? Tagged(data) : Binary(data);
        var failure = new RowFailure(path, Format);
        yield return new TablePart(path, file.Names, failure.Guard(Rows(data, file, context)));
        if (failure.Notice is { } notice) yield return notice;
        if (file.Labels.Length > 0) yield return new TextPart(path + "#labels", new MemorySource(Encoding.UTF8.GetBytes(file.Labels.ToString())));
    }

    private sealed class DtaFile
    {
        public int Release;
        public bool BigEndian;
        public long Rows;
        public int[] Types = [];
        public List<string> Names = [];
        public DateKind[] Dates = [];
        public long DataStart;
        public int RowWidth;
        public Dictionary<(long V, long O), string> Strls = [];
        public StringBuilder Labels = new();
        public Encoding Text => Release >= 118 ? Encoding.UTF8 : Encoding.Latin1;
    }

    /// <summary>Formats 117–119: sections in tags, in a fixed order.</summary>
    private static DtaFile Tagged(ReadOnlyMemory<byte> data)
    {
        var c = new Cursor(data);
        var f = new DtaFile();
        c.Expect("<stata_dta><header><release>");
        f.Release = c.Digits(3);
        if (f.Release is not (117 or 118 or 119)) throw new InvalidDataException($"Stata format {f.Release} is not known");
        c.Expect("</release><byteorder>");
        var order = c.Ascii(3);
        f.BigEndian = order == "MSF";
        if (!f.BigEndian && order != "LSF") throw new InvalidDataException("a Stata byte order that is neither MSF nor LSF");
        c.BigEndian = f.BigEndian;
        c.Expect("</byteorder><K>");
        var k = f.Release == 119 ? c.U32() : c.U16();
        c.Expect("</K><N>");
        f.Rows = f.Release == 117 ? c.U32() : (long)Math.Min(c.U64(), long.MaxValue);
        c.Expect("</N><label>");
        var label = c.String(f.Release == 117 ? c.U8() : c.U16(), f.Text);
        if (label.Length > 0) f.Labels.Append("data label: ").Append(label).Append('\n');
        c.Expect("</label><timestamp>");
        c.Skip(c.U8());
        c.Expect("</timestamp></header><map>");
        c.Skip(14 * 8);
        c.Expect("</map><variable_types>");
        c.Need(k, 2);
        f.Types = new int[k];
        for (var i = 0; i < k; i++) f.Types[i] = c.U16();
        c.Expect("</variable_types><varnames>");
        var nameBytes = f.Release == 117 ? 33 : 129;
        c.Need(k, nameBytes);
        for (var i = 0; i < k; i++) f.Names.Add(c.String(nameBytes, f.Text));
        c.Expect("</varnames><sortlist>");
        c.Need(k + 1L, f.Release == 119 ? 4 : 2);
        c.Skip((k + 1L) * (f.Release == 119 ? 4 : 2));
        c.Expect("</sortlist><formats>");
        var formatBytes = f.Release == 117 ? 49 : 57;
        c.Need(k, formatBytes);
        f.Dates = new DateKind[k];
        for (var i = 0; i < k; i++) f.Dates[i] = IsDate(c.String(formatBytes, f.Text));
        c.Expect("</formats><value_label_names>");
        c.Need(k, nameBytes);
        c.Skip((long)k * nameBytes);
        c.Expect("</value_label_names><variable_labels>");
        var labelBytes = f.Release == 117 ? 81 : 321;
        c.Need(k, labelBytes);
        for (var i = 0; i < k; i++)
            if (c.String(labelBytes, f.Text) is { Length: > 0 } text) f.Labels.Append(f.Names[i]).Append(": ").Append(text).Append('\n');
        c.Expect("</variable_labels><characteristics>");
        while (c.Accept("<ch>"))
        {
            var length = c.U32();
            var start = c.At;
            c.Skip(length);
            // A characteristic: variable name, characteristic name, then its (text) contents.
            var contents = data.Span.Slice((int)start, (int)length);
            if (contents.Length > 2 * nameBytes) f.Labels.Append(Trim(contents[(2 * nameBytes)..], f.Text)).Append('\n');
            c.Expect("</ch>");
        }
        c.Expect("</characteristics><data>");
        f.RowWidth = Widths(f.Types, f.Release);
        f.DataStart = c.At;
        var dataBytes = f.Rows * f.RowWidth;
        if (dataBytes > c.Left) return f; // truncated: rows are read up to the damage
        c.Skip(dataBytes);
        c.Expect("</data><strls>");
        while (c.Accept("GSO"))
        {
            var v = c.U32();
            var o = f.Release == 117 ? c.U32() : (long)Math.Min(c.U64(), long.MaxValue);
            var t = c.U8();
            var length = c.U32();
            var start = c.At;
            c.Skip(length);
            var bytes = data.Span.Slice((int)start, (int)length);
            f.Strls[(v, o)] = t == 130 ? Trim(bytes, f.Text) : f.Text.GetString(bytes);
        }
        c.Expect("</strls><value_labels>");
        while (c.Accept("<lbl>"))
        {
            // The length counts the table only, not the label's name and its three bytes of padding.
            var length = c.U32();
            var start = c.At;
            c.Skip(nameBytes + 3L + length);
            ValueLabels(data.Span.Slice((int)start, nameBytes + 3 + length), nameBytes + 3, f);
            c.Expect("</lbl>");
        }
        c.Expect("</value_labels></stata_dta>");
        return f;
    }

    /// <summary>Formats 113–115: a fixed header, then descriptors, expansion fields and the data.</summary>
    private static DtaFile Binary(ReadOnlyMemory<byte> data)
    {
        var c = new Cursor(data);
        var f = new DtaFile { Release = c.U8() };
        f.BigEndian = c.U8() == 1;
        c.BigEndian = f.BigEndian;
        c.Skip(2);
        var k = c.U16();
        f.Rows = c.U32();
        var label = c.String(81, f.Text);
        if (label.Length > 0) f.Labels.Append("data label: ").Append(label).Append('\n');
        c.Skip(18);
        c.Need(k, 1);
        f.Types = new int[k];
        for (var i = 0; i < k; i++)
        {
            var t = c.U8();
            f.Types[i] = t switch
            {
                251 => Byte, 252 => Int, 253 => Long, 254 => Float, 255 => Double,
                >= 1 and <= 244 => t,
                _ => throw new InvalidDataException($"an unknown Stata variable type {t}"),
            };
        }
        c.Need(k, 33);
        for (var i = 0; i < k; i++) f.Names.Add(c.String(33, f.Text));
        c.Skip(2 * (k + 1L));
        var formatBytes = f.Release == 113 ? 12 : 49;
        c.Need(k, formatBytes);
        f.Dates = new DateKind[k];
        for (var i = 0; i < k; i++) f.Dates[i] = IsDate(c.String(formatBytes, f.Text));
        c.Skip(33L * k);
        c.Need(k, 81);
        for (var i = 0; i < k; i++)
            if (c.String(81, f.Text) is { Length: > 0 } text) f.Labels.Append(f.Names[i]).Append(": ").Append(text).Append('\n');
        while (true)
        {
            var type = c.U8();
            var length = c.U32();
            if (type == 0 && length == 0) break;
            var start = c.At;
            c.Skip(length);
            var contents = data.Span.Slice((int)start, (int)length);
            if (contents.Length > 66) f.Labels.Append(Trim(contents[66..], f.Text)).Append('\n');
        }
        f.RowWidth = Widths(f.Types, f.Release);
        f.DataStart = c.At;
        return f;
    }

    /// <summary>A value-label table: n entries, text length, offsets, values, then the texts.</summary>
    private static void ValueLabels(ReadOnlySpan<byte> table, int nameBytes, DtaFile f)
    {
        if (table.Length < nameBytes + 8) return;
        var name = Trim(table[..nameBytes], f.Text);
        var body = table[nameBytes..];
        var n = Read32(body, f.BigEndian);
        var textLength = Read32(body[4..], f.BigEndian);
        if (n < 0 || textLength < 0 || 8 + 8L * n + textLength > body.Length) throw new InvalidDataException("a damaged Stata value-label table");
        var texts = body.Slice(8 + 8 * n, textLength);
        for (var i = 0; i < n; i++)
        {
            var offset = Read32(body[(8 + 4 * i)..], f.BigEndian);
            var value = Read32(body[(8 + 4 * n + 4 * i)..], f.BigEndian);
            if (offset < 0 || offset >= texts.Length) throw new InvalidDataException("a damaged Stata value label");
            f.Labels.Append(name).Append(' ').Append(value).Append(": ").Append(Trim(texts[offset..], f.Text)).Append('\n');
        }
    }

    private static int Read32(ReadOnlySpan<byte> b, bool bigEndian) => bigEndian ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b);

    private enum DateKind { None, Days, Milliseconds }

    /// <summary>%td dates count days, %tc (and %tC) date-times milliseconds, both from 1960-01-01.</summary>
    private static DateKind IsDate(string format) =>
        format.StartsWith("%td", StringComparison.Ordinal) || format.StartsWith("%d", StringComparison.Ordinal) ? DateKind.Days
        : format.StartsWith("%tc", StringComparison.OrdinalIgnoreCase) ? DateKind.Milliseconds
        : DateKind.None;

    private static int Widths(int[] types, int release)
    {
        var width = 0L;
        foreach (var t in types)
            width += t switch
            {
                Double => 8, Float => 4, Long => 4, Int => 2, Byte => 1,
                StrL => 8,
                >= 1 and <= 2045 => t,
                _ => throw new InvalidDataException($"an unknown Stata variable type {t}"),
            };
        if (width > 1 << 24) throw new InvalidDataException("an implausibly wide Stata row");
        return (int)width;
    }

    private static IEnumerable<IReadOnlyList<string>> Rows(ReadOnlyMemory<byte> data, DtaFile f, UnpackContext context)
    {
        if (f.Types.Length == 0) yield break;
        var at = f.DataStart;
        for (long r = 0; r < f.Rows; r++)
        {
            if ((r & 1023) == 0) context.ThrowIfCancelled();
            if (at + f.RowWidth > data.Length) throw new EndOfStreamException();
            var row = data.Slice((int)at, f.RowWidth);
            at += f.RowWidth;
            yield return Cells(row.Span, f);
        }
    }

    private static string[] Cells(ReadOnlySpan<byte> row, DtaFile f)
    {
        var cells = new string[f.Types.Length];
        var at = 0;
        for (var i = 0; i < cells.Length; i++)
        {
            var t = f.Types[i];
            switch (t)
            {
                case Byte:
                {
                    var v = (sbyte)row[at];
                    cells[i] = v > 100 ? "" : Number(v, f.Dates[i]);
                    at += 1;
                    break;
                }
                case Int:
                {
                    var v = f.BigEndian ? BinaryPrimitives.ReadInt16BigEndian(row[at..]) : BinaryPrimitives.ReadInt16LittleEndian(row[at..]);
                    cells[i] = v > 32740 ? "" : Number(v, f.Dates[i]);
                    at += 2;
                    break;
                }
                case Long:
                {
                    var v = f.BigEndian ? BinaryPrimitives.ReadInt32BigEndian(row[at..]) : BinaryPrimitives.ReadInt32LittleEndian(row[at..]);
                    cells[i] = v > 2147483620 ? "" : Number(v, f.Dates[i]);
                    at += 4;
                    break;
                }
                case Float:
                {
                    var v = f.BigEndian ? BinaryPrimitives.ReadSingleBigEndian(row[at..]) : BinaryPrimitives.ReadSingleLittleEndian(row[at..]);
                    cells[i] = !float.IsFinite(v) || v > 1.701e38f ? "" : Date(v, f.Dates[i]) ?? NumberText.Single(v);
                    at += 4;
                    break;
                }
                case Double:
                {
                    var v = f.BigEndian ? BinaryPrimitives.ReadDoubleBigEndian(row[at..]) : BinaryPrimitives.ReadDoubleLittleEndian(row[at..]);
                    cells[i] = !double.IsFinite(v) || v > 8.988e307 ? "" : Date(v, f.Dates[i]) ?? NumberText.Double(v);
                    at += 8;
                    break;
                }
                case StrL:
                {
                    var (v, o) = StrLKey(row.Slice(at, 8), f);
                    cells[i] = f.Strls.TryGetValue((v, o), out var s) ? s : "";
                    at += 8;
                    break;
                }
                default:
                    cells[i] = Trim(row.Slice(at, t), f.Text);
                    at += t;
                    break;
            }
        }
        return cells;
    }

    /// <summary>Stata counts days from 1960-01-01; ISO dates count from 1970-01-01.</summary>
    private const long StataEpochOffset = 3653;

    private static string Number(long v, DateKind date) => Date(v, date) ?? NumberText.Integer(v);

    private static string? Date(double v, DateKind kind) => kind switch
    {
        DateKind.Days when v == Math.Floor(v) && Math.Abs(v) < 1e7 => NumberText.EpochDays((long)v - StataEpochOffset),
        DateKind.Milliseconds when Math.Abs(v) < 1e15 =>
            NumberText.EpochTicks(((decimal)Math.Round(v) - StataEpochOffset * 86_400_000m) * TimeSpan.TicksPerMillisecond),
        _ => null,
    };

    /// <summary>A strL reference (variable, observation): 4+4 bytes in 117, 2+6 in 118, 3+5 in 119.</summary>
    private static (long, long) StrLKey(ReadOnlySpan<byte> b, DtaFile f)
    {
        if (f.Release == 117)
            return f.BigEndian
                ? (BinaryPrimitives.ReadUInt32BigEndian(b), BinaryPrimitives.ReadUInt32BigEndian(b[4..]))
                : (BinaryPrimitives.ReadUInt32LittleEndian(b), BinaryPrimitives.ReadUInt32LittleEndian(b[4..]));
        var vBytes = f.Release == 118 ? 2 : 3;
        long v = 0, o = 0;
        if (f.BigEndian)
        {
            for (var i = 0; i < vBytes; i++) v = v << 8 | b[i];
            for (var i = vBytes; i < 8; i++) o = o << 8 | b[i];
        }
        else
        {
            for (var i = vBytes - 1; i >= 0; i--) v = v << 8 | b[i];
            for (var i = 7; i >= vBytes; i--) o = o << 8 | b[i];
        }
        return (v, o);
    }

    private static string Trim(ReadOnlySpan<byte> bytes, Encoding text)
    {
        var end = bytes.IndexOf((byte)0);
        return text.GetString(end >= 0 ? bytes[..end] : bytes);
    }

    /// <summary>A position in the file with bounds-checked reads.</summary>
    private sealed class Cursor(ReadOnlyMemory<byte> data)
    {
        public long At;
        public bool BigEndian;
        public long Left => data.Length - At;

        public void Need(long count, int each)
        {
            if (count < 0 || count * each > Left) throw new EndOfStreamException();
        }

        public void Skip(long n)
        {
            if (n < 0 || n > Left) throw new EndOfStreamException();
            At += n;
        }

        private ReadOnlySpan<byte> Take(int n)
        {
            if (n > Left) throw new EndOfStreamException();
            var span = data.Span.Slice((int)At, n);
            At += n;
            return span;
        }

        public int U8() => Take(1)[0];
        public int U16() => BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(Take(2)) : BinaryPrimitives.ReadUInt16LittleEndian(Take(2));
        public int U32()
        {
            var v = BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(Take(4)) : BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
            return v > int.MaxValue ? throw new InvalidDataException("an implausibly large Stata count") : (int)v;
        }
        public ulong U64() => BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(Take(8)) : BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
        public string Ascii(int n) => Encoding.ASCII.GetString(Take(n));
        public string String(int n, Encoding text) => Trim(Take(n), text);

        public int Digits(int n) =>
            int.TryParse(Take(n), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : throw new InvalidDataException("a malformed Stata release");

        public void Expect(string tag)
        {
            if (!Accept(tag)) throw new InvalidDataException($"Stata section {tag} expected at byte {At:N0}");
        }

        public bool Accept(string tag)
        {
            if (Left < tag.Length || !data.Span.Slice((int)At, tag.Length).SequenceEqual(Encoding.ASCII.GetBytes(tag))) return false;
            At += tag.Length;
            return true;
        }
    }
}
