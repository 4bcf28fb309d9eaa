using System.Globalization;
using System.Text;

namespace Egress.Tests.Formats.Data.Support;

/// <summary>
/// Writes SPSS system files (little-endian, UTF-8): numeric variables (F or DATE format) and string
/// variables (continuation records past 8 bytes), long variable names, variable and value labels,
/// cases uncompressed or bytecode-compressed as SPSS writes them by default.
/// </summary>
public static class SavWriter
{
    public static byte[] Write(SampleTable table, bool compressed = true, string fileLabel = "", string? variableLabel = null)
    {
        var numeric = Enumerable.Range(0, table.Columns).Select(table.Numeric).ToArray();
        var widths = Enumerable.Range(0, table.Columns)
            .Select(c => numeric[c] ? 0 : Math.Clamp(table.Rows.Select(r => Encoding.UTF8.GetByteCount(r[c])).DefaultIfEmpty(1).Max(), 1, 255)).ToArray();
        var shortNames = Enumerable.Range(0, table.Columns).Select(c => $"V{c + 1}").ToArray();
        var elements = widths.Sum(w => w == 0 ? 1 : (w + 7) / 8);
        using var s = new MemoryStream();
        void I32(int v) => s.Write(BitConverter.GetBytes(v));
        void Fixed(string text, int length)
        {
            var b = Enumerable.Repeat((byte)' ', length).ToArray();
            var t = Encoding.UTF8.GetBytes(text);
            t.AsSpan(0, Math.Min(t.Length, length)).CopyTo(b);
            s.Write(b);
        }
        Fixed("$FL2", 4);
        Fixed("@(#) SPSS DATA FILE Egress tests", 60);
        I32(2);
        I32(elements);
        I32(compressed ? 1 : 0);
        I32(0);
        I32(table.Rows.Count);
        s.Write(BitConverter.GetBytes(100.0));
        Fixed("07 Dec 26", 9);
        Fixed("12:00:00", 8);
        Fixed(fileLabel, 64);
        s.Write(new byte[3]);
        for (var c = 0; c < table.Columns; c++)
        {
            var format = widths[c] == 0 ? 5 << 16 | 8 << 8 | 2 : 1 << 16 | widths[c] << 8;
            I32(2); I32(widths[c]); I32(c == 0 && variableLabel is not null ? 1 : 0); I32(0); I32(format); I32(format);
            Fixed(shortNames[c], 8);
            if (c == 0 && variableLabel is not null)
            {
                var label = Encoding.UTF8.GetBytes(variableLabel);
                I32(label.Length);
                s.Write(label);
                s.Write(new byte[(4 - label.Length % 4) % 4]);
            }
            for (var k = 1; k < (widths[c] + 7) / 8; k++)
            {
                I32(2); I32(-1); I32(0); I32(0); I32(0); I32(0);
                Fixed("", 8);
            }
        }
        var encoding = "UTF-8"u8.ToArray();
        I32(7); I32(20); I32(1); I32(encoding.Length); s.Write(encoding);
        var names = Encoding.UTF8.GetBytes(string.Join("\t", shortNames.Select((n, c) => $"{n}={table.Header[c]}")));
        I32(7); I32(13); I32(1); I32(names.Length); s.Write(names);
        I32(999); I32(0);
        var values = new List<byte[]>();
        foreach (var row in table.Rows)
            for (var c = 0; c < table.Columns; c++)
            {
                if (widths[c] == 0)
                {
                    var v = row[c].Length == 0 ? -double.MaxValue : double.Parse(row[c], CultureInfo.InvariantCulture);
                    values.Add(BitConverter.GetBytes(v));
                    continue;
                }
                var text = Enumerable.Repeat((byte)' ', 8 * ((widths[c] + 7) / 8)).ToArray();
                var b = Encoding.UTF8.GetBytes(row[c]);
                b.AsSpan(0, Math.Min(b.Length, widths[c])).CopyTo(text);
                for (var k = 0; k < text.Length; k += 8) values.Add(text[k..(k + 8)]);
            }
        if (!compressed)
        {
            foreach (var v in values) s.Write(v);
            return s.ToArray();
        }
        // Bytecode: eight commands, then the raw elements they announce.
        for (var i = 0; i < values.Count; i += 8)
        {
            var commands = new byte[8];
            var raw = new List<byte[]>();
            for (var k = 0; k < 8 && i + k < values.Count; k++)
            {
                var v = values[i + k];
                var d = BitConverter.ToDouble(v);
                if (v.SequenceEqual("        "u8.ToArray())) commands[k] = 254;
                else if (d == -double.MaxValue) commands[k] = 255;
                else if (d == Math.Floor(d) && d >= -99 && d <= 151 && !IsText(v)) commands[k] = (byte)(d + 100);
                else
                {
                    commands[k] = 253;
                    raw.Add(v);
                }
            }
            if (i + 8 >= values.Count && values.Count % 8 != 0) commands[values.Count % 8] = 252;
            s.Write(commands);
            foreach (var r in raw) s.Write(r);
        }
        if (values.Count % 8 == 0) s.Write(new byte[] { 252, 0, 0, 0, 0, 0, 0, 0 });
        return s.ToArray();
    }

    /// <summary>String elements are never written as numbers, even when their bytes read as a small one.</summary>
    private static bool IsText(byte[] v) => v.Any(b => b is >= 0x20 and < 0x7F) && v.All(b => b is >= 0x20 and < 0x7F);
}
