namespace Egress.Formats.Data.Parquet;

/// <summary>
/// A Thrift struct decoded without its schema: field id → value (integers as long, bool, double,
/// binary as byte[], lists as List&lt;object?&gt;, structs as <see cref="ThriftStruct"/>; maps skipped).
/// Parquet's footer and page headers are read this way and then picked apart by field id.
/// </summary>
public sealed class ThriftStruct
{
    public Dictionary<short, object?> Fields { get; } = [];

    public long? Long(short id) => Fields.TryGetValue(id, out var v) && v is long n ? n : null;
    public int? Int(short id) => Long(id) is { } n && n is >= int.MinValue and <= int.MaxValue ? (int)n : null;
    public bool? Bool(short id) => Fields.TryGetValue(id, out var v) && v is bool b ? b : null;
    public byte[]? Binary(short id) => Fields.TryGetValue(id, out var v) ? v as byte[] : null;
    public string? String(short id) => Binary(id) is { } b ? System.Text.Encoding.UTF8.GetString(b) : null;
    public ThriftStruct? Struct(short id) => Fields.TryGetValue(id, out var v) ? v as ThriftStruct : null;
    public List<object?> List(short id) => Fields.TryGetValue(id, out var v) && v is List<object?> l ? l : [];
    public IEnumerable<ThriftStruct> Structs(short id) => List(id).OfType<ThriftStruct>();

    public long Required(short id, string what) => Long(id) ?? throw new InvalidDataException($"Parquet metadata lacks {what}");
}

/// <summary>
/// Reads the Thrift compact protocol from a stream, bounded: no more than <c>limit</c> bytes are
/// consumed, no length is trusted beyond what is left, and structs nest at most 64 deep.
/// </summary>
public sealed class ThriftCompactReader(Stream stream, long limit)
{
    private const int MaxNesting = 64;
    private readonly long _limit = limit;
    private long _left = limit;

    public long Consumed => _limit - _left;

    public ThriftStruct ReadStruct() => ReadStruct(0);

    private ThriftStruct ReadStruct(int depth)
    {
        if (depth > MaxNesting) throw new InvalidDataException("Parquet metadata nested too deep");
        var result = new ThriftStruct();
        short last = 0;
        while (true)
        {
            var header = Byte();
            var type = header & 0x0F;
            if (type == 0) return result;
            var delta = header >> 4;
            var id = delta != 0 ? (short)(last + delta) : checked((short)ZigZag(VarInt()));
            last = id;
            result.Fields[id] = type switch
            {
                1 => true,
                2 => false,
                _ => Value(type, depth),
            };
        }
    }

    private object? Value(int type, int depth)
    {
        switch (type)
        {
            case 1 or 2: return Byte() == 1;
            case 3: return (long)(sbyte)Byte();
            case 4 or 5 or 6: return ZigZag(VarInt());
            case 7:
            {
                Span<byte> b = stackalloc byte[8];
                Bytes(b);
                return BitConverter.ToDouble(b);
            }
            case 8:
            {
                var length = VarInt();
                if (length > (ulong)_left) throw new InvalidDataException("a Parquet metadata string is longer than what is left");
                var b = new byte[length];
                Bytes(b);
                return b;
            }
            case 9 or 10:
            {
                var header = Byte();
                var size = (ulong)(header >> 4);
                if (size == 15) size = VarInt();
                if (size > (ulong)_left) throw new InvalidDataException("a Parquet metadata list is longer than what is left");
                var elementType = header & 0x0F;
                var list = new List<object?>((int)Math.Min(size, 1024));
                for (ulong i = 0; i < size; i++) list.Add(elementType == 12 ? ReadStruct(depth + 1) : Value(elementType, depth + 1));
                return list;
            }
            case 11:
            {
                var size = VarInt();
                if (size == 0) return null;
                if (size > (ulong)_left) throw new InvalidDataException("a Parquet metadata map is longer than what is left");
                var types = Byte();
                for (ulong i = 0; i < size; i++)
                {
                    Skip(types >> 4, depth + 1);
                    Skip(types & 0x0F, depth + 1);
                }
                return null;
            }
            case 12: return ReadStruct(depth + 1);
            default: throw new InvalidDataException($"unknown Thrift type {type} in Parquet metadata");
        }
    }

    private void Skip(int type, int depth)
    {
        if (type == 12) ReadStruct(depth);
        else Value(type, depth);
    }

    private static long ZigZag(ulong n) => (long)(n >> 1) ^ -(long)(n & 1);

    private ulong VarInt()
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = Byte();
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new InvalidDataException("a malformed varint in Parquet metadata");
    }

    private byte Byte()
    {
        if (_left <= 0) throw new InvalidDataException("Parquet metadata ends early");
        var b = stream.ReadByte();
        if (b < 0) throw new EndOfStreamException();
        _left--;
        return (byte)b;
    }

    private void Bytes(Span<byte> into)
    {
        if (into.Length > _left) throw new InvalidDataException("Parquet metadata ends early");
        stream.ReadExactly(into);
        _left -= into.Length;
    }
}
