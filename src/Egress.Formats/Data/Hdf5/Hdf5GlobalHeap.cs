namespace Egress.Formats.Data.Hdf5;

/// <summary>
/// Variable-length strings: each element holds a length, the address of a global heap collection ("GCOL") and an
/// object's index in it. Collections are parsed once and kept.
/// </summary>
public sealed class Hdf5GlobalHeap(Hdf5File file)
{
    private readonly Dictionary<ulong, Dictionary<int, ReadOnlyMemory<byte>>> _collections = [];

    /// <summary>Bytes an element of a variable-length type takes in a dataset.</summary>
    public int ElementSize => 4 + file.OffsetSize + 4;

    public string String(ReadOnlySpan<byte> element) => Hdf5Datatype.Trim(Bytes(element).Span);

    /// <summary>The bytes of a variable-length element (a string, or a sequence of one-byte values).</summary>
    public ReadOnlyMemory<byte> Bytes(ReadOnlySpan<byte> element)
    {
        var c = new Hdf5Cursor(file, element);
        var length = c.U32();
        var address = c.Address();
        var index = (int)c.U32();
        if (address == Hdf5File.Undefined || length == 0 && index == 0) return ReadOnlyMemory<byte>.Empty;
        var objects = Collection(address);
        if (!objects.TryGetValue(index, out var bytes)) throw new InvalidDataException("an HDF5 variable-length element missing from its heap");
        return bytes;
    }

    private Dictionary<int, ReadOnlyMemory<byte>> Collection(ulong address)
    {
        if (_collections.TryGetValue(address, out var known)) return known;
        var head = new Hdf5Cursor(file, file.At(address, 8 + file.LengthSize));
        if (!head.Bytes(4).SequenceEqual("GCOL"u8)) throw new InvalidDataException("an HDF5 global heap without its signature");
        head.Skip(4);
        var size = head.Length();
        var block = file.Memory(address, size);
        var c = new Hdf5Cursor(file, block.Span) { At = 8 + file.LengthSize };
        var objects = new Dictionary<int, ReadOnlyMemory<byte>>();
        while (c.Left >= 8 + file.LengthSize)
        {
            var index = c.U16();
            if (index == 0) break; // free space to the end
            c.Skip(6);
            var length = c.Length();
            var start = c.At;
            c.Skip(length);
            objects[index] = block.Slice(start, (int)length);
            c.Align(8);
        }
        _collections[address] = objects;
        return objects;
    }
}
