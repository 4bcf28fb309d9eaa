using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Egress.Tests.Formats.Data.Support;

/// <summary>
/// Writes SAS7BDAT datasets as the format is documented: a header (32- or 64-bit, either byte order), a metadata page
/// of subheaders (row size, column size, column text, column name, column attributes, one format subheader per
/// column), then the rows — on data pages, on the metadata page itself when it is a mix page, or, when compressed,
/// each row run-length compressed ("SASYZCRL") as a subheader of its own on metadata pages. Numbers are 8-byte doubles
/// or their leading <c>numericWidth</c> bytes; ISO-date columns are SAS dates (days since 1960) with format YYMMDD;
/// other columns are text. Missing numbers are SAS's ".".
/// </summary>
public static class SasWriter
{
    public sealed record Options
    {
        public bool U64 { get; init; } = true;
        public bool LittleEndian { get; init; } = true;
        public bool Rle { get; init; }
        /// <summary>Rows start on the metadata page (a mix page) before going on to data pages.</summary>
        public bool Mix { get; init; }
        public int NumericWidth { get; init; } = 8;
        public string DatasetLabel { get; init; } = "";
        public string? FirstColumnLabel { get; init; }
        public int PageLength { get; init; } = 16384;
    }

    private enum Kind { Number, Date, Text }

    public static byte[] Write(SampleTable table, Options? options = null)
    {
        var o = options ?? new Options();
        var n = o.U64 ? 8 : 4;
        var pageHeader = o.U64 ? 40 : 24;
        var pointerLength = o.U64 ? 24 : 12;
        var kinds = Enumerable.Range(0, table.Columns).Select(c => table.Numeric(c) ? Kind.Number : IsoDates(table, c) ? Kind.Date : Kind.Text).ToArray();
        var widths = kinds.Select((k, c) => k switch
        {
            Kind.Number => o.NumericWidth,
            Kind.Date => 8,
            _ => Math.Max(1, table.Rows.Select(r => Encoding.UTF8.GetByteCount(r[c])).DefaultIfEmpty(1).Max()),
        }).ToArray();
        // Numbers first, then text, as SAS lays out a row.
        var order = Enumerable.Range(0, table.Columns).OrderBy(c => kinds[c] == Kind.Text ? 1 : 0).ThenBy(c => c).ToArray();
        var offsets = new int[table.Columns];
        var rowLength = 0;
        foreach (var c in order) { offsets[c] = rowLength; rowLength += widths[c]; }
        var rows = table.Rows.Select(r => Row(r, kinds, widths, offsets, rowLength, o.LittleEndian)).ToList();

        // The text blob: compression literal at 12, then names, formats and labels (4-byte aligned).
        var text = new List<byte>(new byte[28]);
        if (o.Rle) "SASYZCRL"u8.ToArray().CopyTo(CollectionsMarshalSpan(text, 12, 8));
        (int Offset, int Length) Put(string s)
        {
            if (s.Length == 0) return (0, 0);
            var b = Encoding.UTF8.GetBytes(s);
            var at = text.Count;
            text.AddRange(b);
            while (text.Count % 4 != 0) text.Add((byte)' ');
            return (at, b.Length);
        }
        var names = table.Header.Select(Put).ToArray();
        var dateFormat = Put("YYMMDD");
        var labels = Enumerable.Range(0, table.Columns).Select(c => c == 0 && o.FirstColumnLabel is { } l ? Put(l) : (0, 0)).ToArray();
        text.AddRange(new byte[4 + n]); // the blob's first u16 counts all but these trailing bytes

        var e = new Endian(o.LittleEndian);
        var subheaders = new List<byte[]>();
        // Row size.
        var rowSize = new byte[o.U64 ? 808 : 480];
        e.Signature(rowSize, 0xF7F7F7F7, n);
        e.Int(rowSize, 5 * n, rowLength, n);
        e.Int(rowSize, 6 * n, rows.Count, n);
        e.Int(rowSize, 9 * n, table.Columns, n);
        var mixRows = o.Mix ? 3 : 0;
        e.Int(rowSize, 15 * n, Math.Max(mixRows, 1), n);
        subheaders.Add(rowSize);
        // Column size.
        var columnSize = new byte[3 * n];
        e.Signature(columnSize, 0xF6F6F6F6, n);
        e.Int(columnSize, n, table.Columns, n);
        subheaders.Add(columnSize);
        // Column text.
        var blob = text.ToArray();
        var columnText = new byte[n + blob.Length];
        e.Signature(columnText, 0xFFFFFFFD, n);
        blob.CopyTo(columnText, n);
        e.U16(columnText, n, columnText.Length - 4 - 2 * n);
        subheaders.Add(columnText);
        // Column names.
        var tail = o.U64 ? 12 : 8;
        var columnNames = new byte[n + 8 + 8 * table.Columns + tail];
        e.Signature(columnNames, 0xFFFFFFFF, n);
        e.U16(columnNames, n, columnNames.Length - 4 - 2 * n);
        for (var c = 0; c < table.Columns; c++) e.Ref(columnNames, n + 8 + 8 * c, 0, names[c]);
        subheaders.Add(columnNames);
        // Column attributes.
        var columnAttributes = new byte[n + 8 + (n + 8) * table.Columns + tail];
        e.Signature(columnAttributes, 0xFFFFFFFC, n);
        e.U16(columnAttributes, n, columnAttributes.Length - 4 - 2 * n);
        for (var c = 0; c < table.Columns; c++)
        {
            var at = n + 8 + (n + 8) * c;
            e.Int(columnAttributes, at, offsets[c], n);
            e.Int(columnAttributes, at + n, widths[c], 4);
            e.U16(columnAttributes, at + n + 4, names[c].Length <= 8 ? 4 : 2048);
            columnAttributes[at + n + 6] = (byte)(kinds[c] == Kind.Text ? 2 : 1);
        }
        subheaders.Add(columnAttributes);
        // Formats and labels.
        for (var c = 0; c < table.Columns; c++)
        {
            var format = new byte[o.U64 ? 64 : 52];
            e.Signature(format, 0xFFFFFBFE, n);
            if (kinds[c] == Kind.Date) e.Ref(format, o.U64 ? 46 : 34, 0, dateFormat);
            e.Ref(format, o.U64 ? 52 : 40, 0, labels[c]);
            subheaders.Add(format);
        }

        var pages = new List<byte[]>();
        var page = NewPage(o.PageLength, 0x0000, e, pageHeader);
        var pointers = 0;
        var end = o.PageLength;
        void AddSubheader(byte[] s, int compression, int type)
        {
            var pointerAt = pageHeader + (pointers + 1) * pointerLength;
            if (pointerAt > end - s.Length)
            {
                Close();
                page = NewPage(o.PageLength, 0x0000, e, pageHeader);
            }
            end -= s.Length;
            end -= end % 8;
            s.CopyTo(page, end);
            var p = pageHeader + pointers * pointerLength;
            e.Int(page, p, end, n);
            e.Int(page, p + n, s.Length, n);
            page[p + 2 * n] = (byte)compression;
            page[p + 2 * n + 1] = (byte)type;
            pointers++;
        }
        void Close()
        {
            e.U16(page, pageHeader - 4, pointers);
            e.U16(page, pageHeader - 6, pointers);
            pages.Add(page);
            pointers = 0;
            end = o.PageLength;
        }
        foreach (var s in subheaders) AddSubheader(s, 0, 0);
        var next = 0;
        if (o.Rle)
        {
            foreach (var row in rows)
            {
                var packed = Rle(row);
                if (packed.Length < row.Length) AddSubheader(packed, 4, 1);
                else AddSubheader(row, 0, 1);
            }
            next = rows.Count;
            Close();
        }
        else if (o.Mix)
        {
            var at = pageHeader + pointers * pointerLength;
            at += at % 8;
            if (at + mixRows * rowLength > end) throw new InvalidOperationException("the mix page's rows would overlap its subheaders: use longer pages");
            e.U16(page, pageHeader - 8, 0x0200);
            for (; next < Math.Min(mixRows, rows.Count); next++) rows[next].CopyTo(page, at + next * rowLength);
            e.U16(page, pageHeader - 4, pointers);
            e.U16(page, pageHeader - 6, pointers + next);
            pages.Add(page);
        }
        else Close();
        var perPage = (o.PageLength - pageHeader) / rowLength;
        while (next < rows.Count)
        {
            var data = NewPage(o.PageLength, 0x0100, e, pageHeader);
            var count = Math.Min(perPage, rows.Count - next);
            for (var r = 0; r < count; r++) rows[next + r].CopyTo(data, pageHeader + r * rowLength);
            e.U16(data, pageHeader - 6, count);
            pages.Add(data);
            next += count;
        }

        var header = Header(o, pages.Count, e);
        var file = new byte[header.Length + pages.Count * o.PageLength];
        header.CopyTo(file, 0);
        for (var p = 0; p < pages.Count; p++) pages[p].CopyTo(file, header.Length + p * o.PageLength);
        return file;
    }

    private static byte[] Header(Options o, int pageCount, Endian e)
    {
        var header = new byte[o.U64 ? 8192 : 1024];
        byte[] magic = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xC2, 0xEA, 0x81, 0x60, 0xB3, 0x14, 0x11, 0xCF, 0xBD, 0x92, 0x08, 0x00, 0x09, 0xC7, 0x31, 0x8C, 0x18, 0x1F, 0x10, 0x11];
        magic.CopyTo(header, 0);
        var pad = o.U64 ? 4 : 0;
        header[32] = (byte)(o.U64 ? 0x33 : 0x22);
        header[33] = 0x22;
        header[35] = (byte)(pad == 4 ? 0x33 : 0x22);
        header[36] = 0x22;
        header[37] = (byte)(o.LittleEndian ? 1 : 0);
        header[38] = 2;
        header[39] = (byte)'1';
        header[70] = 20; // UTF-8
        header[71] = 20;
        Ascii(header, 84, "SAS FILE", 8);
        Ascii(header, 92, o.DatasetLabel, 64);
        Ascii(header, 156, "DATA    ", 8);
        e.Double(header, 164 + pad, 2.0e9); // created (seconds since 1960)
        e.Double(header, 172 + pad, 2.0e9); // modified
        e.Int(header, 196 + pad, header.Length, 4);
        e.Int(header, 200 + pad, o.PageLength, 4);
        e.Int(header, 204 + pad, pageCount, o.U64 ? 8 : 4);
        var end = 216 + pad + (o.U64 ? 4 : 0);
        Ascii(header, end, "9.0401M6", 8);
        Ascii(header, end + 8, "X64_7PRO", 16);
        return header;
    }

    private static byte[] NewPage(int length, int type, Endian e, int pageHeader)
    {
        var page = new byte[length];
        e.U16(page, pageHeader - 8, type);
        return page;
    }

    private static byte[] Row(string[] cells, Kind[] kinds, int[] widths, int[] offsets, int rowLength, bool little)
    {
        var row = new byte[rowLength];
        for (var c = 0; c < cells.Length; c++)
        {
            var at = offsets[c];
            if (kinds[c] == Kind.Text)
            {
                var b = Encoding.UTF8.GetBytes(cells[c]);
                row.AsSpan(at, widths[c]).Fill((byte)' ');
                b.CopyTo(row, at);
                continue;
            }
            double v;
            if (cells[c].Length == 0) v = BitConverter.Int64BitsToDouble(unchecked((long)0xFFFFFE0000000000)); // SAS "."
            else if (kinds[c] == Kind.Date)
                v = DateOnly.ParseExact(cells[c], "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber - new DateOnly(1960, 1, 1).DayNumber;
            else v = double.Parse(cells[c], CultureInfo.InvariantCulture);
            var full = new byte[8];
            if (little) BinaryPrimitives.WriteDoubleLittleEndian(full, v);
            else BinaryPrimitives.WriteDoubleBigEndian(full, v);
            // The leading (most significant) bytes are kept.
            (little ? full.AsSpan(8 - widths[c]) : full.AsSpan(0, widths[c])).CopyTo(row.AsSpan(at));
        }
        return row;
    }

    /// <summary>SAS's run-length compression: runs of a byte as fill commands, everything else as literal copies.</summary>
    public static byte[] Rle(byte[] row)
    {
        var output = new List<byte>();
        var literal = new List<byte>();
        void Flush()
        {
            var i = 0;
            while (i < literal.Count)
            {
                var take = Math.Min(literal.Count - i, 64 + 4095);
                if (take > 64) { output.Add((byte)(0x00 | (take - 64) >> 8)); output.Add((byte)((take - 64) & 0xFF)); }
                else if (take >= 49) output.Add((byte)(0xB0 | take - 49));
                else if (take >= 33) output.Add((byte)(0xA0 | take - 33));
                else if (take >= 17) output.Add((byte)(0x90 | take - 17));
                else output.Add((byte)(0x80 | take - 1));
                output.AddRange(literal.GetRange(i, take));
                i += take;
            }
            literal.Clear();
        }
        var k = 0;
        while (k < row.Length)
        {
            var b = row[k];
            var run = 1;
            while (k + run < row.Length && row[k + run] == b && run < 17 + 4095) run++;
            var special = b is 0 or (byte)' ' or (byte)'@';
            if (special && run >= 2)
            {
                Flush();
                var command = b == 0 ? 0xF0 : b == ' ' ? 0xE0 : 0xD0;
                if (run <= 17) output.Add((byte)(command | run - 2));
                else
                {
                    var big = b == 0 ? 0x70 : b == ' ' ? 0x60 : 0x50;
                    output.Add((byte)(big | (run - 17) >> 8));
                    output.Add((byte)((run - 17) & 0xFF));
                }
            }
            else if (run >= 3)
            {
                Flush();
                run = Math.Min(run, 18);
                output.Add((byte)(0xC0 | run - 3));
                output.Add(b);
            }
            else
            {
                literal.AddRange(Enumerable.Repeat(b, run));
            }
            k += run;
        }
        Flush();
        return [.. output];
    }

    private static bool IsoDates(SampleTable table, int c) =>
        table.Rows.Any(r => r[c].Length > 0) && table.Rows.All(r => r[c].Length == 0 || r[c].Length == 10 && DateOnly.TryParseExact(r[c], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _));

    private static void Ascii(byte[] b, int at, string s, int length)
    {
        var t = Encoding.UTF8.GetBytes(s);
        b.AsSpan(at, length).Fill((byte)' ');
        t.AsSpan(0, Math.Min(length, t.Length)).CopyTo(b.AsSpan(at));
    }

    private static Span<byte> CollectionsMarshalSpan(List<byte> list, int at, int length) =>
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list).Slice(at, length);

    private sealed class Endian(bool little)
    {
        public void U16(byte[] b, int at, int v)
        {
            if (little) BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), (ushort)v);
            else BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(at), (ushort)v);
        }

        public void Int(byte[] b, int at, long v, int length)
        {
            if (length == 8)
            {
                if (little) BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(at), v);
                else BinaryPrimitives.WriteInt64BigEndian(b.AsSpan(at), v);
            }
            else if (little) BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(at), (int)v);
            else BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(at), (int)v);
        }

        public void Double(byte[] b, int at, double v)
        {
            if (little) BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(at), v);
            else BinaryPrimitives.WriteDoubleBigEndian(b.AsSpan(at), v);
        }

        /// <summary>A signature of the word size: F7F7F7F7 and F6F6F6F6 zero-extended, the others (negative) sign-extended.</summary>
        public void Signature(byte[] b, uint signature, int n)
        {
            var wide = signature >= 0xFFFF0000 ? (long)(int)signature : signature;
            Int(b, 0, wide, n);
        }

        public void Ref(byte[] b, int at, int index, (int Offset, int Length) r)
        {
            U16(b, at, index);
            U16(b, at + 2, r.Offset);
            U16(b, at + 4, r.Length);
        }
    }
}
