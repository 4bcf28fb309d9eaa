using System.Buffers.Binary;
using System.Text;

namespace Egress.Formats.Data.Hdf5;

/// <summary>
/// A datatype message made into cells: fixed-point integers (1-8 bytes, signed or not, either byte order), IEEE floats
/// (2, 4, 8 bytes), fixed-length strings, variable-length strings (through the global heap), enums (their values),
/// and compound types flattened into one field per member (nested members as <c>outer.inner</c>, array members as
/// <c>name[i]</c>). Anything else is not supported.
/// </summary>
public sealed class Hdf5Datatype
{
    /// <summary>One cell of an element: a name ("" for a simple type), where it starts in the element, how it is written.</summary>
    public sealed record Field(string Name, int Offset, Func<ReadOnlySpan<byte>, string> Cell);

    private const int MaxFields = 4096;

    public int Size { get; private init; }
    /// <summary>Elements are byte strings to read as files (a variable-length sequence of bytes), not cells.</summary>
    public bool Blob { get; private init; }
    public IReadOnlyList<Field> Fields { get; private init; } = [];

    public static Hdf5Datatype Read(ReadOnlySpan<byte> body, Hdf5GlobalHeap heap, int depth = 0)
    {
        if (body.Length < 8) throw new EndOfStreamException();
        if (depth > 16) throw new InvalidDataException("HDF5 datatypes nested too deeply");
        var cls = body[0] & 0x0F;
        var version = body[0] >> 4;
        var bits = body[1] | body[2] << 8 | body[3] << 16;
        var size = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(body[4..]), int.MaxValue);
        var props = body[8..];
        if (size <= 0) throw new InvalidDataException("an HDF5 datatype of no size");
        var big = (bits & 1) != 0;
        Func<ReadOnlySpan<byte>, string> cell;
        switch (cls)
        {
            case 0: // fixed-point
                cell = Integer(size, big, (bits & 8) != 0);
                break;
            case 1: // floating-point
                cell = Float(size, big);
                break;
            case 3: // fixed-length string
                cell = b => Trim(b);
                break;
            case 6:
                return Compound(body, version, bits, size, heap, depth);
            case 8: // enum: the base type's values
                {
                    var inner = Read(props, heap, depth + 1);
                    return new Hdf5Datatype { Size = size, Fields = [new Field("", 0, inner.Fields[0].Cell)] };
                }
            case 9 when (bits & 0x0F) == 1: // variable-length string
                cell = b => heap.String(b);
                break;
            case 9 when (bits & 0x0F) == 0 && props.Length >= 8 && (props[0] & 0x0F) is 0 or 4 && props[4] == 1:
                // A variable-length sequence of bytes (PyTables' object atoms: pandas pickles its object blocks into
                // one): its elements are files of their own, re-read by content.
                return new Hdf5Datatype { Size = size, Blob = true, Fields = [new Field("", 0, b => heap.Bytes(b).Length.ToString(System.Globalization.CultureInfo.InvariantCulture))] };
            case 10: // array of a base type
                return Array(props, version, size, heap, depth);
            default:
                throw new NotSupportedException($"HDF5 datatype class {cls}");
        }
        return new Hdf5Datatype { Size = size, Fields = [new Field("", 0, cell)] };
    }

    private static Hdf5Datatype Compound(ReadOnlySpan<byte> body, int version, int bits, int size, Hdf5GlobalHeap heap, int depth)
    {
        var members = bits & 0xFFFF;
        var fields = new List<Field>();
        var at = 8;
        for (var m = 0; m < members; m++)
        {
            var nameEnd = body[at..].IndexOf((byte)0);
            if (nameEnd < 0) throw new EndOfStreamException();
            var name = Encoding.UTF8.GetString(body.Slice(at, nameEnd));
            at += version < 3 ? (nameEnd + 8) / 8 * 8 : nameEnd + 1;
            int offset;
            if (version < 3)
            {
                offset = (int)BinaryPrimitives.ReadUInt32LittleEndian(body[at..]);
                at += 4;
                if (version == 1) at += 28; // dimensionality, reserved, permutation, reserved, four dimension sizes
            }
            else
            {
                var width = size < 256 ? 1 : size < 65536 ? 2 : size < 1 << 24 ? 3 : 4;
                offset = (int)Hdf5File.ReadUnsigned(body.Slice(at, width), width);
                at += width;
            }
            var inner = Read(body[at..], heap, depth + 1);
            at += Measure(body[at..], depth + 1);
            if (offset < 0 || offset + inner.Size > size) throw new InvalidDataException("an HDF5 compound member outside its element");
            foreach (var f in inner.Fields)
            {
                if (fields.Count >= MaxFields) throw new InvalidDataException("an HDF5 compound type with too many fields");
                fields.Add(new Field(f.Name.Length == 0 ? name : name + (f.Name.StartsWith('[') ? "" : ".") + f.Name, offset + f.Offset, f.Cell));
            }
        }
        return new Hdf5Datatype { Size = size, Fields = fields };
    }

    private static Hdf5Datatype Array(ReadOnlySpan<byte> props, int version, int size, Hdf5GlobalHeap heap, int depth)
    {
        var rank = props[0];
        var at = version < 3 ? 4 : 1;
        long count = 1;
        for (var d = 0; d < rank; d++, at += 4) count *= BinaryPrimitives.ReadUInt32LittleEndian(props[at..]);
        if (version < 3) at += 4 * rank; // permutation indices
        var inner = Read(props[at..], heap, depth + 1);
        if (count * inner.Size != size || count * inner.Fields.Count > MaxFields) throw new InvalidDataException("an HDF5 array type whose size does not add up");
        var fields = new List<Field>();
        for (var i = 0; i < count; i++)
            foreach (var f in inner.Fields)
                fields.Add(new Field($"[{i}]" + (f.Name.Length > 0 && !f.Name.StartsWith('[') ? "." : "") + f.Name, i * inner.Size + f.Offset, f.Cell));
        return new Hdf5Datatype { Size = size, Fields = fields };
    }

    /// <summary>The length of an encoded datatype: 8 bytes and its class's properties.</summary>
    private static int Measure(ReadOnlySpan<byte> body, int depth)
    {
        if (body.Length < 8) throw new EndOfStreamException();
        if (depth > 16) throw new InvalidDataException("HDF5 datatypes nested too deeply");
        var cls = body[0] & 0x0F;
        var version = body[0] >> 4;
        var bits = body[1] | body[2] << 8;
        var size = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(body[4..]), int.MaxValue);
        switch (cls)
        {
            case 0: return 8 + 4;
            case 1: return 8 + 12;
            case 2: return 8 + 2;   // time
            case 3: return 8;
            case 4: return 8 + 4;   // bit field
            case 5: return 8 + (bits & 0xFF); // opaque: its tag, padded
            case 6:
                {
                    var at = 8;
                    for (var m = 0; m < (bits & 0xFFFF); m++)
                    {
                        var nameEnd = body[at..].IndexOf((byte)0);
                        if (nameEnd < 0) throw new EndOfStreamException();
                        at += version < 3 ? (nameEnd + 8) / 8 * 8 + 4 + (version == 1 ? 28 : 0) : nameEnd + 1;
                        if (version >= 3) at += size < 256 ? 1 : size < 65536 ? 2 : size < 1 << 24 ? 3 : 4;
                        at += Measure(body[at..], depth + 1);
                    }
                    return at;
                }
            case 7: return 8;
            case 8:
                {
                    var members = bits & 0xFFFF;
                    var baseLength = Measure(body[8..], depth + 1);
                    var at = 8 + baseLength;
                    for (var m = 0; m < members; m++)
                    {
                        var nameEnd = body[at..].IndexOf((byte)0);
                        if (nameEnd < 0) throw new EndOfStreamException();
                        at += version < 3 ? (nameEnd + 8) / 8 * 8 : nameEnd + 1;
                    }
                    var baseSize = (int)BinaryPrimitives.ReadUInt32LittleEndian(body[12..]);
                    return at + members * baseSize;
                }
            case 9: return 8 + Measure(body[8..], depth + 1);
            case 10:
                {
                    var rank = body[8];
                    var at = 8 + (version < 3 ? 4 : 1) + 4 * rank + (version < 3 ? 4 * rank : 0);
                    return at + Measure(body[at..], depth + 1);
                }
            default: throw new NotSupportedException($"HDF5 datatype class {cls}");
        }
    }

    private static Func<ReadOnlySpan<byte>, string> Integer(int size, bool big, bool signed) => size switch
    {
        1 => signed ? b => NumberText.Integer((sbyte)b[0]) : b => NumberText.Unsigned(b[0]),
        2 => signed
            ? b => NumberText.Integer(big ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b))
            : b => NumberText.Unsigned(big ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b)),
        4 => signed
            ? b => NumberText.Integer(big ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b))
            : b => NumberText.Unsigned(big ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b)),
        8 => signed
            ? b => NumberText.Integer(big ? BinaryPrimitives.ReadInt64BigEndian(b) : BinaryPrimitives.ReadInt64LittleEndian(b))
            : b => NumberText.Unsigned(big ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b)),
        _ => throw new NotSupportedException($"HDF5 integers of {size} bytes"),
    };

    private static Func<ReadOnlySpan<byte>, string> Float(int size, bool big) => size switch
    {
        2 => b => Missing((double)(big ? BinaryPrimitives.ReadHalfBigEndian(b) : BinaryPrimitives.ReadHalfLittleEndian(b)), v => NumberText.Single((float)v)),
        4 => b => Missing(big ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b), v => NumberText.Single((float)v)),
        8 => b => Missing(big ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b), NumberText.Double),
        _ => throw new NotSupportedException($"HDF5 floats of {size} bytes"),
    };

    /// <summary>NaN (pandas' and anndata's missing value) is an empty cell.</summary>
    private static string Missing(double v, Func<double, string> text) => double.IsNaN(v) ? "" : text(v);

    public static string Trim(ReadOnlySpan<byte> b)
    {
        var end = b.IndexOf((byte)0);
        if (end >= 0) b = b[..end];
        return Encoding.UTF8.GetString(b).TrimEnd(' ');
    }
}
