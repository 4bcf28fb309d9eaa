using System.Text;

namespace Egress.Tests.Formats.Data.Support;

/// <summary>Writes the Thrift compact protocol, field by field, for the test Parquet writer.</summary>
public sealed class ThriftCompactWriter
{
    private readonly MemoryStream _out = new();
    private readonly Stack<short> _outer = new();
    private short _last;

    public byte[] ToArray() => _out.ToArray();

    public ThriftCompactWriter Begin()
    {
        _outer.Push(_last);
        _last = 0;
        return this;
    }

    public ThriftCompactWriter End()
    {
        _out.WriteByte(0);
        _last = _outer.Pop();
        return this;
    }

    public ThriftCompactWriter I32(short id, long value) => Field(id, 5).ZigZag(value);
    public ThriftCompactWriter I64(short id, long value) => Field(id, 6).ZigZag(value);
    public ThriftCompactWriter Bool(short id, bool value) => Field(id, value ? 1 : 2);

    public ThriftCompactWriter Binary(short id, byte[] value)
    {
        Field(id, 8).VarInt((ulong)value.Length);
        _out.Write(value);
        return this;
    }

    public ThriftCompactWriter String(short id, string value) => Binary(id, Encoding.UTF8.GetBytes(value));

    /// <summary>A struct field: write its fields, then <see cref="End"/>.</summary>
    public ThriftCompactWriter Struct(short id) => Field(id, 12).Begin();

    public ThriftCompactWriter List(short id, int elementType, int count)
    {
        Field(id, 9);
        if (count < 15) _out.WriteByte((byte)(count << 4 | elementType));
        else
        {
            _out.WriteByte((byte)(0xF0 | elementType));
            VarInt((ulong)count);
        }
        return this;
    }

    public ThriftCompactWriter I32Element(long value) => ZigZag(value);

    /// <summary>A struct written by another writer, as a list element.</summary>
    public ThriftCompactWriter Raw(byte[] bytes)
    {
        _out.Write(bytes);
        return this;
    }

    public ThriftCompactWriter StringElement(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        VarInt((ulong)bytes.Length);
        _out.Write(bytes);
        return this;
    }

    private ThriftCompactWriter Field(short id, int type)
    {
        var delta = id - _last;
        if (delta is > 0 and <= 15) _out.WriteByte((byte)(delta << 4 | type));
        else
        {
            _out.WriteByte((byte)type);
            ZigZag(id);
        }
        _last = id;
        return this;
    }

    private ThriftCompactWriter ZigZag(long value) => VarInt((ulong)((value << 1) ^ (value >> 63)));

    private ThriftCompactWriter VarInt(ulong value)
    {
        while (value >= 0x80)
        {
            _out.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _out.WriteByte((byte)value);
        return this;
    }
}
