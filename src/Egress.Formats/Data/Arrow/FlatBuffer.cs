using System.Buffers.Binary;
using System.Text;

namespace Egress.Formats.Data.Arrow;

/// <summary>
/// One FlatBuffers table inside a buffer, read without generated code: fields by their index in the
/// schema (absent → default), sub-tables, vectors and strings by their offsets. Every offset and length
/// is checked against the buffer; a table reached from itself (a cycle) is cut by the caller's depth bound.
/// </summary>
internal readonly struct FlatBuffer
{
    private readonly ReadOnlyMemory<byte> _buffer;
    private readonly int _table;
    private readonly int _vtable;
    private readonly int _vtableSize;

    private FlatBuffer(ReadOnlyMemory<byte> buffer, int table)
    {
        _buffer = buffer;
        _table = table;
        var span = buffer.Span;
        Check(table, 4);
        var vtable = (long)table - BinaryPrimitives.ReadInt32LittleEndian(span[table..]);
        if (vtable < 0 || vtable + 4 > span.Length) throw new InvalidDataException("a FlatBuffers vtable outside its buffer");
        _vtable = (int)vtable;
        _vtableSize = BinaryPrimitives.ReadUInt16LittleEndian(span[_vtable..]);
        if (_vtable + _vtableSize > span.Length || _vtableSize < 4) throw new InvalidDataException("a FlatBuffers vtable outside its buffer");
    }

    /// <summary>The root table: the buffer begins with its offset.</summary>
    public static FlatBuffer Root(ReadOnlyMemory<byte> buffer)
    {
        if (buffer.Length < 8) throw new InvalidDataException("a FlatBuffers message too short");
        return new FlatBuffer(buffer, Target(buffer, 0));
    }

    private static int Target(ReadOnlyMemory<byte> buffer, int at)
    {
        if (at < 0 || at + 4 > buffer.Length) throw new InvalidDataException("a FlatBuffers offset outside its buffer");
        var target = (long)at + BinaryPrimitives.ReadUInt32LittleEndian(buffer.Span[at..]);
        if (target + 4 > buffer.Length) throw new InvalidDataException("a FlatBuffers offset outside its buffer");
        return (int)target;
    }

    private void Check(int at, int size)
    {
        if (at < 0 || (long)at + size > _buffer.Length) throw new InvalidDataException("a FlatBuffers field outside its buffer");
    }

    /// <summary>Where field <paramref name="index"/> lies, or -1 when absent.</summary>
    private int Field(int index)
    {
        var slot = 4 + 2 * index;
        if (slot + 2 > _vtableSize) return -1;
        var offset = BinaryPrimitives.ReadUInt16LittleEndian(_buffer.Span[(_vtable + slot)..]);
        return offset == 0 ? -1 : _table + offset;
    }

    public bool Has(int index) => Field(index) >= 0;

    public long Long(int index, long fallback = 0)
    {
        var at = Field(index);
        if (at < 0) return fallback;
        Check(at, 8);
        return BinaryPrimitives.ReadInt64LittleEndian(_buffer.Span[at..]);
    }

    public int Int(int index, int fallback = 0)
    {
        var at = Field(index);
        if (at < 0) return fallback;
        Check(at, 4);
        return BinaryPrimitives.ReadInt32LittleEndian(_buffer.Span[at..]);
    }

    public short Short(int index, short fallback = 0)
    {
        var at = Field(index);
        if (at < 0) return fallback;
        Check(at, 2);
        return BinaryPrimitives.ReadInt16LittleEndian(_buffer.Span[at..]);
    }

    public byte Byte(int index, byte fallback = 0)
    {
        var at = Field(index);
        if (at < 0) return fallback;
        Check(at, 1);
        return _buffer.Span[at];
    }

    public bool Bool(int index) => Byte(index) != 0;

    public FlatBuffer? Table(int index)
    {
        var at = Field(index);
        return at < 0 ? null : new FlatBuffer(_buffer, Target(_buffer, at));
    }

    public string? String(int index)
    {
        var at = Field(index);
        if (at < 0) return null;
        var (start, length) = Vector(at, 1);
        return Encoding.UTF8.GetString(_buffer.Span.Slice(start, length));
    }

    /// <summary>A vector of tables.</summary>
    public List<FlatBuffer> Tables(int index)
    {
        var at = Field(index);
        var list = new List<FlatBuffer>();
        if (at < 0) return list;
        var (start, length) = Vector(at, 4);
        for (var i = 0; i < length; i++) list.Add(new FlatBuffer(_buffer, Target(_buffer, start + 4 * i)));
        return list;
    }

    /// <summary>A vector of structs of <paramref name="size"/> bytes each, as their bytes.</summary>
    public ReadOnlyMemory<byte> Structs(int index, int size, out int count)
    {
        var at = Field(index);
        count = 0;
        if (at < 0) return ReadOnlyMemory<byte>.Empty;
        var (start, length) = Vector(at, size);
        count = length;
        return _buffer.Slice(start, length * size);
    }

    private (int Start, int Length) Vector(int field, int elementSize)
    {
        var at = Target(_buffer, field);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.Span[at..]);
        if (length > (_buffer.Length - at - 4) / elementSize) throw new InvalidDataException("a FlatBuffers vector longer than its buffer");
        return (at + 4, (int)length);
    }
}
