using System.Buffers.Binary;
using System.Text;

namespace Egress.Formats.Data.Sqlite;

/// <summary>
/// An SQLite database file held in memory (format 3): its header, pages and the payload of b-tree
/// cells, overflow chains included. Every page number and length is checked against the file; an
/// overflow chain or b-tree that loops or runs past the file is damage.
/// </summary>
internal sealed class SqliteFile
{
    public static ReadOnlySpan<byte> Magic => "SQLite format 3\0"u8;

    private readonly ReadOnlyMemory<byte> _data;

    public int PageSize { get; }
    /// <summary>The usable bytes of a page (page size less the reserved bytes at its end).</summary>
    public int Usable { get; }
    public long PageCount { get; }
    public long FreePages { get; }
    public Encoding Text { get; }

    public SqliteFile(ReadOnlyMemory<byte> data)
    {
        _data = data;
        var h = data.Span;
        if (h.Length < 100 || !h.StartsWith(Magic)) throw new InvalidDataException("an SQLite header that ends early");
        var size = BinaryPrimitives.ReadUInt16BigEndian(h[16..]);
        PageSize = size == 1 ? 65536 : size;
        if (PageSize < 512 || (PageSize & (PageSize - 1)) != 0) throw new InvalidDataException($"an SQLite page size of {PageSize} bytes");
        Usable = PageSize - h[20];
        if (Usable < 480) throw new InvalidDataException("an SQLite page with too many reserved bytes");
        PageCount = data.Length / PageSize;
        if (PageCount == 0) throw new EndOfStreamException();
        FreePages = BinaryPrimitives.ReadUInt32BigEndian(h[36..]);
        Text = BinaryPrimitives.ReadUInt32BigEndian(h[56..]) switch
        {
            0 or 1 => Encoding.UTF8,
            2 => Encoding.Unicode,
            3 => Encoding.BigEndianUnicode,
            var e => throw new InvalidDataException($"an unknown SQLite text encoding {e}"),
        };
    }

    /// <summary>Whether the file ends before the pages its header counts (a truncated copy).</summary>
    public bool Truncated
    {
        get
        {
            var h = _data.Span;
            var counted = BinaryPrimitives.ReadUInt32BigEndian(h[28..]);
            // The count is valid only when the change counter matches "version valid for".
            var valid = BinaryPrimitives.ReadUInt32BigEndian(h[24..]) == BinaryPrimitives.ReadUInt32BigEndian(h[92..]);
            return valid && counted > PageCount || _data.Length % PageSize != 0;
        }
    }

    public ReadOnlySpan<byte> Page(long number)
    {
        if (number < 1 || number > PageCount) throw new InvalidDataException($"an SQLite page number {number} outside the file");
        return _data.Span.Slice((int)((number - 1) * PageSize), PageSize);
    }

    /// <summary>
    /// A cell's payload: the bytes stored on its page and, past <paramref name="maxLocal"/>, the rest from its
    /// overflow pages. <paramref name="at"/> is where the payload starts on the page.
    /// </summary>
    public byte[] Payload(ReadOnlySpan<byte> page, int at, long length, bool tableLeaf)
    {
        if (length < 0 || length > _data.Length) throw new InvalidDataException("an SQLite payload longer than the file");
        var max = tableLeaf ? Usable - 35 : (Usable - 12) * 64 / 255 - 23;
        var min = (Usable - 12) * 32 / 255 - 23;
        long local = length;
        if (length > max)
        {
            var k = min + (length - min) % (Usable - 4);
            local = k <= max ? k : min;
        }
        if (at + local > page.Length) throw new InvalidDataException("an SQLite cell that runs past its page");
        var payload = new byte[length];
        page.Slice(at, (int)local).CopyTo(payload);
        if (local == length) return payload;
        if (at + local + 4 > page.Length) throw new InvalidDataException("an SQLite cell that runs past its page");
        var next = BinaryPrimitives.ReadUInt32BigEndian(page[(at + (int)local)..]);
        var filled = local;
        var hops = 0L;
        while (filled < length)
        {
            if (++hops > PageCount) throw new InvalidDataException("an SQLite overflow chain that loops");
            var overflow = Page(next);
            var n = (int)Math.Min(Usable - 4, length - filled);
            overflow.Slice(4, n).CopyTo(payload.AsSpan((int)filled));
            filled += n;
            next = BinaryPrimitives.ReadUInt32BigEndian(overflow);
        }
        return payload;
    }
}
