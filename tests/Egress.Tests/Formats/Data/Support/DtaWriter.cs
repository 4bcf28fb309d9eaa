using System.Globalization;
using System.Text;

namespace Egress.Tests.Formats.Data.Support;

/// <summary>Writes Stata 118 .dta files (little-endian): double, long, byte, strN and %td date variables, missing values as Stata's.</summary>
public static class DtaWriter
{
    public const int Double = 65526, Long = 65528, Byte = 65530;

    /// <summary>A variable: its name, Stata type (Double, Long, Byte, or 1–2045 for strN), whether it is a %td date, and cells as text ("" missing).</summary>
    public sealed record Variable(string Name, int Type, bool Date, string[] Cells, string Label = "");

    public static byte[] Write(IReadOnlyList<Variable> variables, string dataLabel = "", (string Name, int Value, string Label)[]? valueLabels = null)
    {
        var rows = variables.Count == 0 ? 0 : variables[0].Cells.Length;
        using var s = new MemoryStream();
        void Tag(string t) => s.Write(Encoding.ASCII.GetBytes(t));
        void Fixed(string text, int length)
        {
            var b = new byte[length];
            Encoding.UTF8.GetBytes(text).AsSpan(0, Math.Min(length - 1, Encoding.UTF8.GetByteCount(text))).CopyTo(b);
            s.Write(b);
        }
        Tag("<stata_dta><header><release>118</release><byteorder>LSF</byteorder><K>");
        s.Write(BitConverter.GetBytes((ushort)variables.Count));
        Tag("</K><N>");
        s.Write(BitConverter.GetBytes((ulong)rows));
        Tag("</N><label>");
        var label = Encoding.UTF8.GetBytes(dataLabel);
        s.Write(BitConverter.GetBytes((ushort)label.Length));
        s.Write(label);
        Tag("</label><timestamp>");
        s.WriteByte(17);
        Tag("29 Nov 2025 12:00");
        Tag("</timestamp></header><map>");
        s.Write(new byte[14 * 8]);
        Tag("</map><variable_types>");
        foreach (var v in variables) s.Write(BitConverter.GetBytes((ushort)v.Type));
        Tag("</variable_types><varnames>");
        foreach (var v in variables) Fixed(v.Name, 129);
        Tag("</varnames><sortlist>");
        s.Write(new byte[2 * (variables.Count + 1)]);
        Tag("</sortlist><formats>");
        foreach (var v in variables) Fixed(v.Date ? "%td" : v.Type == Double ? "%10.0g" : v.Type <= 2045 ? $"%{v.Type}s" : "%12.0g", 57);
        Tag("</formats><value_label_names>");
        foreach (var _ in variables) Fixed("", 129);
        Tag("</value_label_names><variable_labels>");
        foreach (var v in variables) Fixed(v.Label, 321);
        Tag("</variable_labels><characteristics></characteristics><data>");
        for (var r = 0; r < rows; r++)
            foreach (var v in variables)
            {
                var cell = v.Cells[r];
                switch (v.Type)
                {
                    case Double:
                        s.Write(BitConverter.GetBytes(cell.Length == 0 ? BitConverter.Int64BitsToDouble(0x7fe0000000000000) : double.Parse(cell, CultureInfo.InvariantCulture)));
                        break;
                    case Long:
                        s.Write(BitConverter.GetBytes(cell.Length == 0 ? 2147483621 : v.Date ? StataDays(cell) : int.Parse(cell, CultureInfo.InvariantCulture)));
                        break;
                    case Byte:
                        s.WriteByte(cell.Length == 0 ? (byte)101 : (byte)sbyte.Parse(cell, CultureInfo.InvariantCulture));
                        break;
                    default:
                        Fixed(cell, v.Type + 1);
                        s.Position--; // strN has no terminator of its own
                        break;
                }
            }
        Tag("</data><strls></strls><value_labels>");
        foreach (var group in (valueLabels ?? []).GroupBy(l => l.Name))
        {
            var texts = new MemoryStream();
            var offsets = new List<int>();
            foreach (var (_, _, text) in group)
            {
                offsets.Add((int)texts.Length);
                texts.Write(Encoding.UTF8.GetBytes(text + "\0"));
            }
            var table = new MemoryStream();
            table.Write(BitConverter.GetBytes(offsets.Count));
            table.Write(BitConverter.GetBytes((int)texts.Length));
            foreach (var o in offsets) table.Write(BitConverter.GetBytes(o));
            foreach (var (_, value, _) in group) table.Write(BitConverter.GetBytes(value));
            table.Write(texts.ToArray());
            Tag("<lbl>");
            s.Write(BitConverter.GetBytes((int)table.Length));
            Fixed(group.Key, 129);
            s.Write(new byte[3]);
            s.Write(table.ToArray());
            Tag("</lbl>");
        }
        Tag("</value_labels></stata_dta>");
        return s.ToArray();
    }

    private static int StataDays(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber - new DateOnly(1960, 1, 1).DayNumber;

    /// <summary>A table's columns typed as Stata would store them.</summary>
    public static Variable[] From(SampleTable table) => Enumerable.Range(0, table.Columns).Select(c =>
    {
        var cells = table.Rows.Select(r => r[c]).ToArray();
        var name = "v" + table.Header[c].Replace('-', '_').Replace('.', '_');
        if (table.Integer(c)) return new Variable(name, Long, false, cells);
        if (table.Numeric(c)) return new Variable(name, Double, false, cells);
        if (cells.All(v => v.Length == 0 || DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
            return new Variable(name, Long, true, cells);
        return new Variable(name, Math.Max(1, cells.Max(v => Encoding.UTF8.GetByteCount(v))), false, cells);
    }).ToArray();
}
