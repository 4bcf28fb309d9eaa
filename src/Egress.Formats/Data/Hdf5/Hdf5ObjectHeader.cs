namespace Egress.Formats.Data.Hdf5;

/// <summary>
/// An object's header messages (dataspace, datatype, layout, filters, links, symbol table…), read from a version 1
/// header (16-byte prefix, 8-byte aligned messages) or a version 2 one ("OHDR", "OCHK" continuation blocks), following
/// continuation messages. Bounded: at most <see cref="MaxMessages"/> messages and each block read once.
/// </summary>
public sealed class Hdf5ObjectHeader
{
    public const int Dataspace = 0x0001;
    public const int LinkInfo = 0x0002;
    public const int Datatype = 0x0003;
    public const int Link = 0x0006;
    public const int Layout = 0x0008;
    public const int FilterPipeline = 0x000B;
    public const int Continuation = 0x0010;
    public const int SymbolTable = 0x0011;
    private const int MaxMessages = 4096;

    public List<(int Type, ReadOnlyMemory<byte> Body)> Messages { get; } = [];

    public ReadOnlyMemory<byte>? First(int type) => Messages.FirstOrDefault(m => m.Type == type) is { Body.Length: > 0 } m ? m.Body : (ReadOnlyMemory<byte>?)null;

    public bool Has(int type) => Messages.Any(m => m.Type == type);

    public static Hdf5ObjectHeader Read(Hdf5File file, ulong address)
    {
        var header = new Hdf5ObjectHeader();
        var prefix = file.From(address);
        if (prefix.StartsWith("OHDR"u8)) header.ReadV2(file, address);
        else header.ReadV1(file, address);
        return header;
    }

    private void ReadV1(Hdf5File file, ulong address)
    {
        var c = new Hdf5Cursor(file, file.At(address, 16));
        if (c.U8() != 1) throw new InvalidDataException("an HDF5 object header of an unknown version");
        c.Skip(1);
        var count = c.U16();
        c.Skip(4);
        var size = c.U32();
        var blocks = new Queue<(ulong, long)>();
        blocks.Enqueue((address + 16, size));
        var seen = new HashSet<ulong>();
        while (blocks.Count > 0 && Messages.Count < count)
        {
            var (at, length) = blocks.Dequeue();
            if (!seen.Add(at)) throw new InvalidDataException("an HDF5 object header that continues into itself");
            var block = file.Memory(at, length);
            var b = new Hdf5Cursor(file, block.Span);
            while (b.Left >= 8 && Messages.Count < count)
            {
                var type = b.U16();
                var bodySize = b.U16();
                b.Skip(4); // flags, reserved
                var start = b.At;
                b.Skip(bodySize);
                Add(type, block.Slice(start, bodySize), file, blocks);
                b.Align(8);
            }
        }
    }

    private void ReadV2(Hdf5File file, ulong address)
    {
        var c = new Hdf5Cursor(file, file.From(address));
        c.Skip(4);
        if (c.U8() != 2) throw new InvalidDataException("an HDF5 object header of an unknown version");
        var flags = c.U8();
        if ((flags & 0x20) != 0) c.Skip(16);
        if ((flags & 0x10) != 0) c.Skip(4);
        var size = (long)c.Unsigned(1 << (flags & 3));
        var creationOrder = (flags & 0x04) != 0;
        var blocks = new Queue<(ulong, long)>();
        blocks.Enqueue((address + (ulong)c.At, size));
        var seen = new HashSet<ulong>();
        var first = true;
        while (blocks.Count > 0)
        {
            var (at, length) = blocks.Dequeue();
            if (!seen.Add(at)) throw new InvalidDataException("an HDF5 object header that continues into itself");
            var skip = 0;
            if (!first)
            {
                // A continuation block: "OCHK", messages, checksum.
                if (!file.At(at, 4).SequenceEqual("OCHK"u8)) throw new InvalidDataException("an HDF5 continuation block without its signature");
                skip = 4;
                length -= 8;
            }
            first = false;
            var block = file.Memory(at + (ulong)skip, length);
            var b = new Hdf5Cursor(file, block.Span);
            while (b.Left >= 4 + (creationOrder ? 2 : 0))
            {
                var type = b.U8();
                var bodySize = b.U16();
                b.Skip(1); // flags
                if (creationOrder) b.Skip(2);
                var start = b.At;
                b.Skip(bodySize);
                Add(type, block.Slice(start, bodySize), file, blocks);
            }
        }
    }

    private void Add(int type, ReadOnlyMemory<byte> body, Hdf5File file, Queue<(ulong, long)> blocks)
    {
        if (Messages.Count >= MaxMessages) throw new InvalidDataException("an HDF5 object header with too many messages");
        if (type == Continuation)
        {
            var c = new Hdf5Cursor(file, body.Span);
            blocks.Enqueue((c.Address(), c.Length()));
            return;
        }
        if (type != 0) Messages.Add((type, body));
    }
}
