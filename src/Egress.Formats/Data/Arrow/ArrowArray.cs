using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Egress.Formats.Data.Arrow;

/// <summary>
/// One field's array in a record batch, over slices of the batch body: validity bitmap, values,
/// offsets, children, and the dictionary it indexes. Values read as text on demand (numbers in shortest
/// round-trip form, dates and timestamps as ISO text, nulls as empty). Every read is bounds-checked.
/// </summary>
internal sealed class ArrowArray
{
    /// <summary>Values shown in one list cell: past this, the cell ends with "…".</summary>
    private const int MaxListItems = 64;

    public required ArrowField Field { get; init; }
    public required long Length { get; init; }
    public ReadOnlyMemory<byte> Validity { get; init; }
    public ReadOnlyMemory<byte> Values { get; init; }
    public ReadOnlyMemory<byte> Offsets { get; init; }
    public ReadOnlyMemory<byte> Data { get; init; }
    public IReadOnlyList<ArrowArray> Children { get; init; } = [];
    public ArrowArray? Dictionary { get; init; }

    public bool IsNull(long i)
    {
        if (i < 0 || i >= Length) throw new InvalidDataException("an Arrow index outside its array");
        if (Validity.Length == 0) return false;
        var b = i >> 3;
        if (b >= Validity.Length) throw new InvalidDataException("an Arrow validity bitmap shorter than its array");
        return (Validity.Span[(int)b] >> (int)(i & 7) & 1) == 0;
    }

    public string Text(long i, int depth = 0)
    {
        if (IsNull(i)) return "";
        if (Field.DictionaryId is not null)
        {
            var index = Integer(Values.Span, i, Field.IndexBitWidth / 8, Field.IndexSigned);
            if (Dictionary is null) throw new InvalidDataException("an Arrow dictionary-encoded column without its dictionary");
            return Dictionary.Text(index, depth);
        }
        var f = Field;
        return f.Type switch
        {
            ArrowType.Null => "",
            ArrowType.Int => f.Signed ? NumberText.Integer(Integer(Values.Span, i, f.BitWidth / 8, true)) : NumberText.Unsigned((ulong)Integer(Values.Span, i, f.BitWidth / 8, false)),
            ArrowType.FloatingPoint => f.Unit switch
            {
                0 => Real(NumberText.Single((float)BitConverter.Int16BitsToHalf((short)Integer(Values.Span, i, 2, true)))),
                1 => Real(NumberText.Single(BitConverter.Int32BitsToSingle((int)Integer(Values.Span, i, 4, true)))),
                _ => Real(NumberText.Double(BitConverter.Int64BitsToDouble(Integer(Values.Span, i, 8, true)))),
            },
            ArrowType.Bool => Bit(Values.Span, i) ? "True" : "False",
            ArrowType.Decimal => NumberText.Scaled(new BigInteger(Slice(Values.Span, i, f.BitWidth / 8), isUnsigned: false, isBigEndian: false), f.Scale),
            ArrowType.Date => f.Unit == 0
                ? NumberText.EpochDays(Integer(Values.Span, i, 4, true))
                : NumberText.EpochTicks(Integer(Values.Span, i, 8, true) * (decimal)TimeSpan.TicksPerMillisecond) ?? "",
            ArrowType.Time => NumberText.Integer(Integer(Values.Span, i, f.BitWidth / 8, true)),
            ArrowType.Timestamp => Timestamp(Integer(Values.Span, i, 8, true), f.Unit),
            ArrowType.Duration => NumberText.Integer(Integer(Values.Span, i, 8, true)),
            ArrowType.Interval => Convert.ToHexString(Slice(Values.Span, i, f.Unit switch { 0 => 4, 1 => 8, _ => 16 })),
            ArrowType.FixedSizeBinary => Convert.ToHexString(Slice(Values.Span, i, f.ByteWidth)),
            ArrowType.Utf8 or ArrowType.LargeUtf8 => Encoding.UTF8.GetString(Bytes(i, f.Type == ArrowType.LargeUtf8)),
            ArrowType.Binary or ArrowType.LargeBinary => BinaryText(Bytes(i, f.Type == ArrowType.LargeBinary)),
            ArrowType.List or ArrowType.LargeList or ArrowType.Map => List(Range(i, f.Type == ArrowType.LargeList), depth),
            ArrowType.FixedSizeList => List((i * f.ByteWidth, (i + 1) * f.ByteWidth), depth),
            ArrowType.Struct => "{" + string.Join(", ", Children.Select(c => c.Text(i, depth + 1))) + "}",
            _ => throw new NotSupportedException($"Arrow {f.Type} columns are not read here"),
        };
    }

    private static string Real(string number) => number == "NaN" ? "" : number;

    private static string Timestamp(long v, short unit)
    {
        var ticks = unit switch
        {
            0 => v * (decimal)TimeSpan.TicksPerSecond,
            1 => v * (decimal)TimeSpan.TicksPerMillisecond,
            2 => v * 10m,
            _ => decimal.Truncate(v / 100m),
        };
        return NumberText.EpochTicks(ticks) ?? NumberText.Integer(v);
    }

    /// <summary>Binary cells: text when they are UTF-8, else hex.</summary>
    private static string BinaryText(ReadOnlySpan<byte> b) => System.Text.Unicode.Utf8.IsValid(b) ? Encoding.UTF8.GetString(b) : Convert.ToHexString(b);

    private string List((long Start, long End) range, int depth)
    {
        if (depth > 32) throw new InputLimitException("Arrow lists nested too deep");
        var child = Children.Count == 1 ? Children[0] : throw new InvalidDataException("an Arrow list without its values");
        if (range.Start < 0 || range.End < range.Start || range.End > child.Length) throw new InvalidDataException("an Arrow list outside its values");
        var items = new List<string>();
        for (var j = range.Start; j < range.End && items.Count < MaxListItems; j++) items.Add(child.Text(j, depth + 1));
        return "[" + string.Join(", ", items) + (range.End - range.Start > MaxListItems ? ", …]" : "]");
    }

    private (long, long) Range(long i, bool large) =>
        large ? (Integer(Offsets.Span, i, 8, true), Integer(Offsets.Span, i + 1, 8, true))
              : (Integer(Offsets.Span, i, 4, true), Integer(Offsets.Span, i + 1, 4, true));

    private ReadOnlySpan<byte> Bytes(long i, bool large)
    {
        var (start, end) = Range(i, large);
        if (start < 0 || end < start || end > Data.Length) throw new InvalidDataException("an Arrow string outside its data");
        return Data.Span.Slice((int)start, (int)(end - start));
    }

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> b, long i, int size)
    {
        var at = i * size;
        if (size <= 0 || at < 0 || at + size > b.Length) throw new InvalidDataException("an Arrow value outside its buffer");
        return b.Slice((int)at, size);
    }

    private static bool Bit(ReadOnlySpan<byte> b, long i)
    {
        if (i >> 3 >= b.Length) throw new InvalidDataException("an Arrow value outside its buffer");
        return (b[(int)(i >> 3)] >> (int)(i & 7) & 1) != 0;
    }

    private static long Integer(ReadOnlySpan<byte> b, long i, int size, bool signed)
    {
        var s = Slice(b, i, size);
        return size switch
        {
            1 => signed ? (sbyte)s[0] : s[0],
            2 => signed ? BinaryPrimitives.ReadInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s),
            4 => signed ? BinaryPrimitives.ReadInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s),
            _ => BinaryPrimitives.ReadInt64LittleEndian(s),
        };
    }
}
