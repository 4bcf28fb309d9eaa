using Egress.Formats.Content;

namespace Egress.Formats.Data.Sas;

/// <summary>
/// A SAS7BDAT file read whole: the header, then the pages. Every page but a data page may hold subheaders (found by
/// the pointers after the page header); the metadata is gathered from all of them first, then the rows are read in
/// page order: a data page's rows follow its header, a mix page's follow its subheader pointers (aligned to 8 bytes),
/// and a compressed file keeps each row as a subheader of its own (compressed, or as is when that is no shorter).
/// </summary>
public sealed class SasFile
{
    private const int DataPage = 0x0100;
    private const int MixPage = 0x0200;
    private const int TypeMask = 0x0F00;
    /// <summary>Page types with these bits (0x9000, "comp") hold no rows or metadata that are read.</summary>
    private const int SkippedPage = 0x9000;
    private const int Truncated = 1;
    private const int Compressed = 4;
    private const long MaxRowLength = 1 << 24;

    private readonly ReadOnlyMemory<byte> _data;

    public SasHeader Header { get; }
    public SasMetadata Metadata { get; }
    public IReadOnlyList<SasMetadata.Column> Columns { get; }

    private SasFile(ReadOnlyMemory<byte> data)
    {
        _data = data;
        Header = SasHeader.Read(data.Span);
        Metadata = new SasMetadata(Header);
        for (long p = 0; p < Header.PageCount; p++)
        {
            if (Page(p) is not { } page) break;
            var type = Type(page.Span);
            if ((type & TypeMask) == DataPage || (type & SkippedPage) != 0) continue;
            foreach (var (offset, length, compression, isRow) in Pointers(page.Span))
            {
                if (compression != 0) continue;
                var s = page.Span.Slice(offset, length);
                if (s.Length < 4) continue;
                var signature = Header.Signature(s);
                if (SasMetadata.Known(signature) && !(isRow && length == Metadata.RowLength)) Metadata.Add(signature, s);
            }
        }
        Columns = Metadata.Columns();
        if (Metadata.RowLength > MaxRowLength) throw new InvalidDataException("a SAS7BDAT row length past 16 MiB");
    }

    public static SasFile Read(ReadOnlyMemory<byte> data) => new(data);

    /// <summary>The rows' bytes in file order; fewer rows than the row count, or pages missing from the end, is damage.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> Rows(UnpackContext context)
    {
        var rowLength = (int)Metadata.RowLength;
        long left = Metadata.RowCount;
        for (long p = 0; p < Header.PageCount && left > 0; p++)
        {
            context.ThrowIfCancelled();
            if (Page(p) is not { } page) throw new EndOfStreamException();
            var type = Type(page.Span);
            if ((type & SkippedPage) != 0) continue;
            if ((type & TypeMask) == DataPage)
            {
                var count = Math.Min(Header.U16(page.Span, Header.PageHeaderLength - 6), left);
                foreach (var row in Run(page, Header.PageHeaderLength, count, rowLength)) { left--; yield return row; }
                continue;
            }
            var pointers = Pointers(page.Span);
            foreach (var (offset, length, compression, isRow) in pointers)
            {
                if (left == 0) break;
                if (compression == Compressed)
                {
                    var row = new byte[rowLength];
                    context.CountExpanded(rowLength);
                    Decompress(page.Span.Slice(offset, length), row);
                    left--;
                    yield return row;
                }
                else if (compression == 0 && isRow && length == rowLength && !SasMetadata.Known(Header.Signature(page.Span.Slice(offset, length))))
                {
                    left--;
                    yield return page.Slice(offset, length);
                }
                else if (compression is not (0 or Truncated))
                    throw new NotSupportedException($"a SAS7BDAT subheader compressed with method {compression}");
            }
            if ((type & TypeMask) == MixPage && left > 0)
            {
                var at = Header.PageHeaderLength + Header.U16(page.Span, Header.PageHeaderLength - 4) * Header.PointerLength;
                at += at % 8;
                var fit = (page.Length - at) / Math.Max(rowLength, 1);
                var count = Math.Min(Math.Min(Metadata.MixPageRows > 0 ? Metadata.MixPageRows : fit, fit), left);
                foreach (var row in Run(page, at, count, rowLength)) { left--; yield return row; }
            }
        }
        if (left > 0 || (long)Header.HeaderLength + Header.PageCount * Header.PageLength > _data.Length) throw new EndOfStreamException();
    }

    private IEnumerable<ReadOnlyMemory<byte>> Run(ReadOnlyMemory<byte> page, int at, long count, int rowLength)
    {
        for (long r = 0; r < count; r++)
        {
            var start = at + r * rowLength;
            if (start + rowLength > page.Length) throw new InvalidDataException("a SAS7BDAT page holds fewer rows than it says");
            yield return page.Slice((int)start, rowLength);
        }
    }

    private void Decompress(ReadOnlySpan<byte> input, Span<byte> row)
    {
        switch (Metadata.Compression)
        {
            case SasMetadata.Packing.Rle: SasDecompressor.Rle(input, row); break;
            case SasMetadata.Packing.Rdc: SasDecompressor.Rdc(input, row); break;
            default: throw new NotSupportedException("a SAS7BDAT row compressed by a method the file does not name");
        }
    }

    /// <summary>Page <paramref name="p"/>, or null when the file ends before it does.</summary>
    private ReadOnlyMemory<byte>? Page(long p)
    {
        var start = Header.HeaderLength + p * Header.PageLength;
        return start + Header.PageLength <= _data.Length ? _data.Slice((int)start, Header.PageLength) : null;
    }

    private int Type(ReadOnlySpan<byte> page) => Header.U16(page, Header.PageHeaderLength - 8);

    /// <summary>The page's subheader pointers (offset, length, compression, and whether it flags a row), each inside the page.</summary>
    private List<(int Offset, int Length, int Compression, bool IsRow)> Pointers(ReadOnlySpan<byte> page)
    {
        var count = Header.U16(page, Header.PageHeaderLength - 4);
        var n = Header.IntLength;
        var first = Header.PageHeaderLength;
        if (first + (long)count * Header.PointerLength > page.Length)
            throw new InvalidDataException("a SAS7BDAT page with more subheader pointers than fit in it");
        var pointers = new List<(int, int, int, bool)>(count);
        for (var i = 0; i < count; i++)
        {
            var at = first + i * Header.PointerLength;
            var offset = Header.Int(page, at);
            var length = Header.Int(page, at + n);
            var compression = page[at + 2 * n];
            if (length == 0 || compression == Truncated) continue;
            if (offset < first || offset + length > page.Length)
                throw new InvalidDataException("a SAS7BDAT subheader pointer outside its page");
            pointers.Add(((int)offset, (int)length, compression, page[at + 2 * n + 1] == 1));
        }
        return pointers;
    }
}
