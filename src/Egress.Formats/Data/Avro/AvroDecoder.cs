using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Egress.Formats.Data.Avro;

/// <summary>
/// Avro's binary encoding over one block of a container file: zig-zag varints, IEEE floats,
/// length-prefixed bytes and strings, unions by branch index, arrays and maps in counted blocks.
/// A record's fields are cells (nested records flattened, arrays and maps as one text cell); nesting
/// and the values decoded per block are bounded, since null items take no bytes at all.
/// </summary>
internal sealed class AvroDecoder(ReadOnlyMemory<byte> block, int maxNesting)
{
    private int _at;
    private long _budget = 16L * block.Length + (1 << 20);

    public bool AtEnd => _at >= block.Length;

    public int Position => _at;

    /// <summary>The header a schema gives: a record's fields (nested records as parent.child), else one column.</summary>
    public static List<string> Header(AvroSchema schema)
    {
        var header = new List<string>();
        if (schema.Type is "record" or "error") Names(schema, "", header, 0);
        else header.Add("value");
        return header;
    }

    private static void Names(AvroSchema record, string prefix, List<string> header, int depth)
    {
        foreach (var (name, type) in record.Fields)
            if (type.Type is "record" or "error" && depth < 8 && type != record) Names(type, prefix + name + ".", header, depth + 1);
            else header.Add(prefix + name);
    }

    public List<string> Row(AvroSchema schema)
    {
        var cells = new List<string>();
        if (schema.Type is "record" or "error") Record(schema, cells, 0);
        else cells.Add(Value(schema, 0));
        return cells;
    }

    private void Record(AvroSchema record, List<string> cells, int depth)
    {
        foreach (var (_, type) in record.Fields)
            if (type.Type is "record" or "error" && depth < 8 && type != record) Record(type, cells, depth + 1);
            else cells.Add(Value(type, depth + 1));
    }

    private string Value(AvroSchema s, int depth)
    {
        if (depth > maxNesting) throw new InputLimitException("Avro values nested too deep");
        if (--_budget < 0) throw new InputLimitException("more Avro values in a block than its size allows");
        switch (s.Type)
        {
            case "null": return "";
            case "boolean": return Take(1)[0] != 0 ? "True" : "False";
            case "int":
            {
                var v = Long();
                return s.Logical == "date" ? NumberText.EpochDays(v) : NumberText.Integer(v);
            }
            case "long":
            {
                var v = Long();
                return s.Logical switch
                {
                    "timestamp-millis" or "local-timestamp-millis" => NumberText.EpochTicks(v * (decimal)TimeSpan.TicksPerMillisecond) ?? NumberText.Integer(v),
                    "timestamp-micros" or "local-timestamp-micros" => NumberText.EpochTicks(v * 10m) ?? NumberText.Integer(v),
                    _ => NumberText.Integer(v),
                };
            }
            case "float":
            {
                var v = BinaryPrimitives.ReadSingleLittleEndian(Take(4));
                return float.IsNaN(v) ? "" : NumberText.Single(v);
            }
            case "double":
            {
                var v = BinaryPrimitives.ReadDoubleLittleEndian(Take(8));
                return double.IsNaN(v) ? "" : NumberText.Double(v);
            }
            case "bytes": return Bytes(Take(Length()), s);
            case "fixed": return Bytes(Take(s.Size), s);
            case "string": return Encoding.UTF8.GetString(Take(Length()));
            case "enum":
            {
                var i = Long();
                return i >= 0 && i < s.Symbols.Count ? s.Symbols[(int)i] : throw new InvalidDataException("an Avro enum index outside its symbols");
            }
            case "union":
            {
                var i = Long();
                if (i < 0 || i >= s.Branches.Count) throw new InvalidDataException("an Avro union index outside its branches");
                return Value(s.Branches[(int)i], depth + 1);
            }
            case "record" or "error":
            {
                var cells = new List<string>();
                foreach (var (_, type) in s.Fields) cells.Add(Value(type, depth + 1));
                return "{" + string.Join(", ", cells) + "}";
            }
            case "array" or "map":
            {
                var items = new List<string>();
                while (true)
                {
                    var count = Long();
                    if (count == 0) break;
                    if (count < 0)
                    {
                        count = -count;
                        Long(); // the block's size in bytes
                    }
                    for (long k = 0; k < count; k++)
                    {
                        var key = s.Type == "map" ? Encoding.UTF8.GetString(Take(Length())) + ": " : "";
                        var item = key + Value(s.Items!, depth + 1);
                        if (items.Count < 256) items.Add(item);
                    }
                }
                return (s.Type == "map" ? "{" : "[") + string.Join(", ", items) + (s.Type == "map" ? "}" : "]");
            }
            default: throw new NotSupportedException($"an Avro type '{s.Type}' is not read here");
        }
    }

    /// <summary>Decimals are big-endian two's complement with the schema's scale; other bytes are text when UTF-8, else hex.</summary>
    private static string Bytes(ReadOnlySpan<byte> b, AvroSchema s)
    {
        if (s.Logical == "decimal") return NumberText.Scaled(new BigInteger(b, isUnsigned: false, isBigEndian: true), s.Scale);
        return System.Text.Unicode.Utf8.IsValid(b) ? Encoding.UTF8.GetString(b) : Convert.ToHexString(b);
    }

    private int Length()
    {
        var n = Long();
        return n < 0 || n > block.Length - _at ? throw new EndOfStreamException() : (int)n;
    }

    public long Long()
    {
        ulong v = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Take(1)[0];
            v |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return (long)(v >> 1) ^ -(long)(v & 1);
        }
        throw new InvalidDataException("an Avro varint longer than ten bytes");
    }

    public ReadOnlySpan<byte> Take(int n)
    {
        if (n < 0 || n > block.Length - _at) throw new EndOfStreamException();
        var span = block.Span.Slice(_at, n);
        _at += n;
        return span;
    }
}
