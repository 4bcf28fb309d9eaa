using System.Buffers.Binary;
using System.Text;

namespace Egress.Formats.Data.NetCdf;

/// <summary>
/// The header of a classic netCDF file (CDF-1, CDF-2 with 64-bit offsets, CDF-5 with 64-bit counts):
/// dimensions, global attributes and variables (shape, type, attributes, where their data begins).
/// Big-endian throughout; every count is checked against the bytes left.
/// </summary>
internal sealed class NetCdfHeader
{
    public sealed record Dimension(string Name, long Length);
    public sealed record Variable(string Name, int[] Dims, int Type, long VSize, long Begin, double? Fill);

    public int Version { get; private set; }
    public long Records { get; private set; }
    public List<Dimension> Dims { get; } = [];
    public List<Variable> Vars { get; } = [];
    public StringBuilder Attributes { get; } = new();

    private readonly ReadOnlyMemory<byte> _data;
    private int _at;

    private NetCdfHeader(ReadOnlyMemory<byte> data) => _data = data;

    public static NetCdfHeader Read(ReadOnlyMemory<byte> data)
    {
        var h = new NetCdfHeader(data);
        h.ReadAll();
        return h;
    }

    public static int Size(int type) => type switch
    {
        1 or 2 or 7 => 1,
        3 or 8 => 2,
        4 or 5 or 9 => 4,
        6 or 10 or 11 => 8,
        _ => throw new InvalidDataException($"an unknown netCDF type {type}"),
    };

    private void ReadAll()
    {
        Take(3);
        Version = Take(1)[0];
        if (Version is not (1 or 2 or 5)) throw new InvalidDataException($"netCDF version {Version} is not a classic format");
        var records = Version == 5 ? I64() : BinaryPrimitives.ReadUInt32BigEndian(Take(4));
        // Streaming files leave the count indeterminate: records are then counted from the file's length.
        Records = records == 0xFFFFFFFF ? -1 : records;
        var count = List(0x0A);
        for (var i = 0; i < count; i++) Dims.Add(new Dimension(Name(), Count()));
        ReadAttributes("", out _);
        count = List(0x0B);
        for (var i = 0; i < count; i++)
        {
            var name = Name();
            var ndims = Count();
            if (ndims > 1024) throw new InvalidDataException("a netCDF variable with more than 1,024 dimensions");
            var dims = new int[ndims];
            for (var d = 0; d < ndims; d++)
            {
                var id = Count();
                if (id >= Dims.Count) throw new InvalidDataException("a netCDF variable over an unknown dimension");
                dims[d] = (int)id;
            }
            ReadAttributes(name + " ", out var fill);
            var type = (int)BinaryPrimitives.ReadUInt32BigEndian(Take(4));
            Size(type);
            var vsize = Count();
            var begin = Version == 1 ? BinaryPrimitives.ReadUInt32BigEndian(Take(4)) : I64();
            if (begin < 0 || begin > _data.Length) throw new EndOfStreamException();
            Vars.Add(new Variable(name, dims, type, vsize, begin, fill));
        }
    }

    /// <summary>A list's tag and count; ABSENT is a zero tag and count.</summary>
    private long List(int tag)
    {
        var found = BinaryPrimitives.ReadUInt32BigEndian(Take(4));
        var count = Count();
        if (found == 0 && count == 0) return 0;
        if (found != tag) throw new InvalidDataException($"a netCDF header list tagged {found} where {tag} was expected");
        if (count > Left) throw new InvalidDataException("a netCDF list longer than the file");
        return count;
    }

    private void ReadAttributes(string owner, out double? fill)
    {
        fill = null;
        var count = List(0x0C);
        for (var i = 0; i < count; i++)
        {
            var name = Name();
            var type = (int)BinaryPrimitives.ReadUInt32BigEndian(Take(4));
            var n = Count();
            var size = Size(type);
            if (n > Left / size) throw new EndOfStreamException();
            var values = Take((int)(n * size));
            Take((int)((4 - n * size % 4) % 4));
            var text = new StringBuilder();
            if (type == 2) text.Append(Encoding.UTF8.GetString(values).TrimEnd('\0'));
            else
                for (var k = 0; k < n; k++) text.Append(k > 0 ? " " : "").Append(Value(values.Slice(k * size, size), type));
            if (name == "_FillValue" && type != 2 && n > 0) fill = Number(values[..size], type);
            Attributes.Append(owner).Append(name).Append(": ").Append(text).Append('\n');
        }
    }

    public static double Number(ReadOnlySpan<byte> b, int type) => type switch
    {
        1 => (sbyte)b[0],
        7 => b[0],
        3 => BinaryPrimitives.ReadInt16BigEndian(b),
        8 => BinaryPrimitives.ReadUInt16BigEndian(b),
        4 => BinaryPrimitives.ReadInt32BigEndian(b),
        9 => BinaryPrimitives.ReadUInt32BigEndian(b),
        5 => BinaryPrimitives.ReadSingleBigEndian(b),
        6 => BinaryPrimitives.ReadDoubleBigEndian(b),
        10 => BinaryPrimitives.ReadInt64BigEndian(b),
        11 => BinaryPrimitives.ReadUInt64BigEndian(b),
        _ => double.NaN,
    };

    /// <summary>One value as text: integers exactly, floats in shortest round-trip form.</summary>
    public static string Value(ReadOnlySpan<byte> b, int type) => type switch
    {
        5 => NumberText.Single(BinaryPrimitives.ReadSingleBigEndian(b)),
        6 => NumberText.Double(BinaryPrimitives.ReadDoubleBigEndian(b)),
        10 => NumberText.Integer(BinaryPrimitives.ReadInt64BigEndian(b)),
        11 => NumberText.Unsigned(BinaryPrimitives.ReadUInt64BigEndian(b)),
        2 => ((char)b[0]).ToString(),
        _ => NumberText.Integer((long)Number(b, type)),
    };

    private string Name()
    {
        var n = Count();
        if (n > Left) throw new EndOfStreamException();
        var name = Encoding.UTF8.GetString(Take((int)n));
        Take((int)((4 - n % 4) % 4));
        return name;
    }

    private long Count()
    {
        var n = Version == 5 ? I64() : BinaryPrimitives.ReadInt32BigEndian(Take(4));
        return n < 0 ? throw new InvalidDataException("a negative netCDF count") : n;
    }

    private long I64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    private int Left => _data.Length - _at;

    private ReadOnlySpan<byte> Take(int n)
    {
        if (n < 0 || n > Left) throw new EndOfStreamException();
        var span = _data.Span.Slice(_at, n);
        _at += n;
        return span;
    }
}
