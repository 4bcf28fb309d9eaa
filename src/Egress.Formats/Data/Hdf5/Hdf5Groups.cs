using System.Text;
using Egress.Formats.Content;

namespace Egress.Formats.Data.Hdf5;

/// <summary>
/// The objects of an HDF5 file, found from the root group: old-style groups (a symbol table message: a version 1
/// B-tree of symbol nodes, names in a local heap) and new-style groups (link messages in the header; links in a
/// fractal heap — dense storage — are not read and say so). Each object is visited once, to a bounded depth.
/// </summary>
public sealed class Hdf5Groups
{
    public sealed record Member(string Group, string Name, ulong Address);

    private const int MaxObjects = 100_000;

    private readonly Hdf5File _file;
    private readonly UnpackContext _context;
    private readonly HashSet<ulong> _visited = [];

    public Hdf5Groups(Hdf5File file, UnpackContext context)
    {
        _file = file;
        _context = context;
    }

    /// <summary>Problems met on the way (a group not read): each becomes a notice.</summary>
    public List<(string Path, NoticeKind Kind, string Message)> Problems { get; } = [];

    /// <summary>Every object that is not a group, with its header, depth first from the root.</summary>
    public IEnumerable<(Member Member, Hdf5ObjectHeader Header)> Objects()
    {
        var pending = new Stack<(Member Member, int Depth)>();
        pending.Push((new Member("", "", _file.Root), 0));
        while (pending.Count > 0)
        {
            _context.ThrowIfCancelled();
            var (member, depth) = pending.Pop();
            if (!_visited.Add(member.Address)) continue;
            if (_visited.Count > MaxObjects) throw new InputLimitException($"more than {MaxObjects:N0} HDF5 objects");
            var path = member.Group + "/" + member.Name;
            Hdf5ObjectHeader header;
            List<Member>? children = null;
            try
            {
                header = Hdf5ObjectHeader.Read(_file, member.Address);
                if (header.Has(Hdf5ObjectHeader.SymbolTable) || header.Has(Hdf5ObjectHeader.Link) || header.Has(Hdf5ObjectHeader.LinkInfo))
                    children = Children(header, member.Name.Length == 0 ? "" : path);
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException or NotSupportedException or ArgumentException or IndexOutOfRangeException)
            {
                Problems.Add((path, e is NotSupportedException ? NoticeKind.Unsupported : NoticeKind.Corrupt, e.Message));
                continue;
            }
            if (children is null)
            {
                yield return (member, header);
                continue;
            }
            if (depth >= _context.Limits.MaxNesting) throw new InputLimitException("HDF5 groups nested past the limit");
            for (var i = children.Count - 1; i >= 0; i--) pending.Push((children[i], depth + 1));
        }
    }

    private List<Member> Children(Hdf5ObjectHeader header, string group)
    {
        var children = new List<Member>();
        if (header.First(Hdf5ObjectHeader.SymbolTable) is { } table)
        {
            var c = new Hdf5Cursor(_file, table.Span);
            SymbolTable(c.Address(), c.Address(), group, children);
        }
        foreach (var (type, body) in header.Messages)
            if (type == Hdf5ObjectHeader.Link && Link(body.Span) is { } link) children.Add(link with { Group = group });
        if (header.First(Hdf5ObjectHeader.LinkInfo) is { } info)
        {
            var c = new Hdf5Cursor(_file, info.Span);
            c.U8();
            var flags = c.U8();
            if ((flags & 1) != 0) c.Skip(8);
            var heap = c.Address();
            var names = c.Address();
            if (heap != Hdf5File.Undefined)
                children.AddRange(Hdf5DenseLinks.Read(_file, heap, names, _context).Select(m => m with { Group = group }));
        }
        return children;
    }

    /// <summary>A hard link (name → object header address); soft and external links point at nothing here.</summary>
    private Member? Link(ReadOnlySpan<byte> body)
    {
        var c = new Hdf5Cursor(_file, body);
        return Hdf5Links.Read(ref c, _file);
    }

    private void SymbolTable(ulong btree, ulong heapAddress, string group, List<Member> children)
    {
        var heap = new Hdf5Cursor(_file, _file.At(heapAddress, 8 + 2 * _file.LengthSize + _file.OffsetSize));
        if (!heap.Bytes(4).SequenceEqual("HEAP"u8)) throw new InvalidDataException("an HDF5 local heap without its signature");
        heap.Skip(4);
        var segmentSize = heap.Length();
        heap.Length();
        var names = _file.At(heap.Address(), segmentSize).ToArray();
        var pending = new Stack<(ulong, int)>();
        pending.Push((btree, 0));
        var nodes = 0;
        while (pending.Count > 0)
        {
            var (address, depth) = pending.Pop();
            if (++nodes > MaxObjects || depth > 64) throw new InvalidDataException("an HDF5 group B-tree too deep or too large");
            var c = new Hdf5Cursor(_file, _file.From(address));
            if (c.Bytes(4).SequenceEqual("SNOD"u8))
            {
                c.Skip(2);
                var count = c.U16();
                for (var i = 0; i < count; i++)
                {
                    var nameAt = (long)c.Unsigned(_file.OffsetSize);
                    var objectAddress = c.Address();
                    c.Skip(24);
                    if (nameAt < 0 || nameAt >= names.Length) throw new InvalidDataException("an HDF5 link name outside its heap");
                    var end = Array.IndexOf(names, (byte)0, (int)nameAt);
                    var name = Encoding.UTF8.GetString(names, (int)nameAt, (end < 0 ? names.Length : end) - (int)nameAt);
                    children.Add(new Member(group, name, objectAddress));
                }
                continue;
            }
            c.At = 0;
            if (!c.Bytes(4).SequenceEqual("TREE"u8) || c.U8() != 0) throw new InvalidDataException("an HDF5 group B-tree node without its signature");
            c.U8();
            var entries = c.U16();
            c.Skip(2 * _file.OffsetSize);
            var kids = new List<ulong>();
            for (var e = 0; e < entries; e++)
            {
                c.Skip(_file.LengthSize);
                kids.Add(c.Address());
            }
            for (var k = kids.Count - 1; k >= 0; k--) pending.Push((kids[k], depth + 1));
        }
    }
}

/// <summary>Link messages (version 1): flags, optional type, creation order and character set, the name, the target.</summary>
public static class Hdf5Links
{
    public static Hdf5Groups.Member? Read(ref Hdf5Cursor c, Hdf5File file)
    {
        if (c.U8() != 1) throw new InvalidDataException("an HDF5 link message of an unknown version");
        var flags = c.U8();
        var type = (flags & 0x08) != 0 ? c.U8() : 0;
        if ((flags & 0x04) != 0) c.Skip(8);
        if ((flags & 0x10) != 0) c.Skip(1);
        var length = (long)c.Unsigned(1 << (flags & 3));
        var name = Encoding.UTF8.GetString(c.Bytes(length));
        if (type != 0) return null;
        return new Hdf5Groups.Member("", name, c.Address());
    }
}
