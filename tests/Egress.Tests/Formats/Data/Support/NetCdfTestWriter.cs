using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Egress.Tests.Formats.Data.Support;

/// <summary>
/// Writes classic netCDF (CDF-1) files: one variable per column along a "row" dimension (fixed, or the
/// record dimension), doubles, ints, and text as characters along a "strlen" dimension; missing values as fill values.
/// </summary>
public static class NetCdfTestWriter
{
    public static byte[] Write(SampleTable table, bool record = false)
    {
        var n = table.Rows.Count;
        var types = Enumerable.Range(0, table.Columns).Select(c =>
            table.Integer(c) && table.Rows.All(r => r[c].Length == 0 || Math.Abs(long.Parse(r[c], CultureInfo.InvariantCulture)) < int.MaxValue) ? 4
            : table.Numeric(c) ? 6 : 2).ToArray();
        var strlen = Math.Max(1, table.Rows.SelectMany(r => r).Select(v => Encoding.UTF8.GetByteCount(v)).DefaultIfEmpty(1).Max());
        int Size(int c) => types[c] == 2 ? strlen : types[c] == 4 ? 4 : 8;
        int Pad(int x) => (x + 3) / 4 * 4;
        var slab = Enumerable.Range(0, table.Columns).Select(c => Pad(Size(c))).ToArray();
        var vsize = Enumerable.Range(0, table.Columns).Select(c => record ? slab[c] : Pad(Size(c) * n)).ToArray();

        byte[] Header(int[] begins)
        {
            var s = new MemoryStream();
            void I32(int v) { var b = new byte[4]; BinaryPrimitives.WriteInt32BigEndian(b, v); s.Write(b); }
            void Name(string name) { var b = Encoding.UTF8.GetBytes(name); I32(b.Length); s.Write(b); s.Write(new byte[Pad(b.Length) - b.Length]); }
            s.Write("CDF\x01"u8);
            I32(record ? n : 0);
            I32(0x0A); I32(2); Name("row"); I32(record ? 0 : n); Name("strlen"); I32(strlen);
            var title = Encoding.UTF8.GetBytes("Egress test extract");
            I32(0x0C); I32(1); Name("title"); I32(2); I32(title.Length); s.Write(title); s.Write(new byte[Pad(title.Length) - title.Length]);
            I32(0x0B); I32(table.Columns);
            for (var c = 0; c < table.Columns; c++)
            {
                Name(table.Header[c]);
                if (types[c] == 2) { I32(2); I32(0); I32(1); } else { I32(1); I32(0); }
                I32(0); I32(0);
                I32(types[c]); I32(vsize[c]); I32(begins[c]);
            }
            return s.ToArray();
        }

        var headerLength = Header(new int[table.Columns]).Length;
        var begins = new int[table.Columns];
        var at = headerLength;
        for (var c = 0; c < table.Columns; c++)
        {
            begins[c] = at;
            at += record ? slab[c] : vsize[c];
        }
        var output = new MemoryStream();
        output.Write(Header(begins));
        byte[] Cell(int r, int c)
        {
            var cell = table.Rows[r][c];
            var b = new byte[Size(c)];
            switch (types[c])
            {
                case 4: BinaryPrimitives.WriteInt32BigEndian(b, cell.Length == 0 ? -2147483647 : int.Parse(cell, CultureInfo.InvariantCulture)); break;
                case 6: BinaryPrimitives.WriteDoubleBigEndian(b, cell.Length == 0 ? 9.969209968386869E+36 : double.Parse(cell, CultureInfo.InvariantCulture)); break;
                default: Encoding.UTF8.GetBytes(cell).CopyTo(b, 0); break;
            }
            return b;
        }
        if (record)
            for (var r = 0; r < n; r++)
                for (var c = 0; c < table.Columns; c++)
                {
                    var b = Cell(r, c);
                    output.Write(b);
                    output.Write(new byte[slab[c] - b.Length]);
                }
        else
            for (var c = 0; c < table.Columns; c++)
            {
                var written = 0;
                for (var r = 0; r < n; r++) { var b = Cell(r, c); output.Write(b); written += b.Length; }
                output.Write(new byte[vsize[c] - written]);
            }
        return output.ToArray();
    }
}
