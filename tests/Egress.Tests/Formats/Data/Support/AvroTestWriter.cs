using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Egress.Tests.Formats.Data.Support;

/// <summary>Writes Avro object container files: one record schema (nullable long, double and string fields), blocks of rows, codec null or deflate.</summary>
public static class AvroTestWriter
{
    public static byte[] Write(SampleTable table, string codec = "deflate", int blockRows = 100)
    {
        var types = Enumerable.Range(0, table.Columns).Select(c => table.Integer(c) ? "long" : table.Numeric(c) ? "double" : "string").ToArray();
        var fields = string.Join(",", table.Header.Select((h, c) => $"{{\"name\":\"{Name(h)}\",\"type\":[\"null\",\"{types[c]}\"]}}"));
        var schema = $"{{\"type\":\"record\",\"name\":\"Row\",\"namespace\":\"egress.tests\",\"fields\":[{fields}]}}";
        using var s = new MemoryStream();
        s.Write("Obj\x01"u8);
        Long(s, 3);
        String(s, "avro.schema"); String(s, schema);
        String(s, "avro.codec"); String(s, codec);
        String(s, "writer"); String(s, "egress tests");
        Long(s, 0);
        var sync = Enumerable.Range(0, 16).Select(i => (byte)(i * 37 + 11)).ToArray();
        s.Write(sync);
        for (var start = 0; start < table.Rows.Count; start += blockRows)
        {
            var rows = table.Rows.Skip(start).Take(blockRows).ToList();
            using var block = new MemoryStream();
            foreach (var row in rows)
                for (var c = 0; c < table.Columns; c++)
                {
                    if (row[c].Length == 0) { Long(block, 0); continue; }
                    Long(block, 1);
                    switch (types[c])
                    {
                        case "long": Long(block, long.Parse(row[c], CultureInfo.InvariantCulture)); break;
                        case "double": block.Write(BitConverter.GetBytes(double.Parse(row[c], CultureInfo.InvariantCulture))); break;
                        default: String(block, row[c]); break;
                    }
                }
            var bytes = block.ToArray();
            if (codec == "deflate")
            {
                using var packed = new MemoryStream();
                using (var deflate = new DeflateStream(packed, CompressionLevel.Optimal, leaveOpen: true)) deflate.Write(bytes);
                bytes = packed.ToArray();
            }
            Long(s, rows.Count);
            Long(s, bytes.Length);
            s.Write(bytes);
            s.Write(sync);
        }
        return s.ToArray();
    }

    /// <summary>Avro names are letters, digits and underscores.</summary>
    private static string Name(string h) => new(h.Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '_').ToArray());

    private static void Long(Stream s, long v)
    {
        var z = (ulong)((v << 1) ^ (v >> 63));
        while (z >= 0x80)
        {
            s.WriteByte((byte)(z | 0x80));
            z >>= 7;
        }
        s.WriteByte((byte)z);
    }

    private static void String(Stream s, string text)
    {
        var b = Encoding.UTF8.GetBytes(text);
        Long(s, b.Length);
        s.Write(b);
    }
}
