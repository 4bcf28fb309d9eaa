namespace Egress.Formats.Data.Arrow;

/// <summary>
/// One field of an Arrow schema (Schema.fbs): its name, type (the Type union's tag and the parameters
/// read here), children, and the dictionary it is encoded with, if any. Nesting is bounded.
/// </summary>
internal sealed record ArrowField(string Name, ArrowType Type, int BitWidth, bool Signed, short Unit, int Scale, int ByteWidth,
    IReadOnlyList<ArrowField> Children, long? DictionaryId, int IndexBitWidth, bool IndexSigned)
{
    public static List<ArrowField> Schema(FlatBuffer schema, int maxNesting)
    {
        if (schema.Short(0) != 0) throw new NotSupportedException("a big-endian Arrow file is not read here");
        return schema.Tables(1).Select(f => From(f, maxNesting)).ToList();
    }

    private static ArrowField From(FlatBuffer f, int depthLeft)
    {
        if (depthLeft <= 0) throw new InputLimitException("Arrow fields nested too deep");
        var name = f.String(0) ?? "";
        var type = (ArrowType)f.Byte(2);
        var t = f.Table(3);
        int bitWidth = 0, scale = 0, byteWidth = 0;
        short unit = 0;
        var signed = false;
        switch (type)
        {
            case ArrowType.Int:
                bitWidth = t?.Int(0) ?? 0;
                signed = t?.Bool(1) ?? false;
                if (bitWidth is not (8 or 16 or 32 or 64)) throw new InvalidDataException($"an Arrow integer of {bitWidth} bits");
                break;
            case ArrowType.FloatingPoint: unit = t?.Short(0) ?? 0; break;
            case ArrowType.Decimal:
                scale = t?.Int(1) ?? 0;
                bitWidth = t?.Int(2, 128) ?? 128;
                if (bitWidth is not (32 or 64 or 128 or 256)) throw new InvalidDataException($"an Arrow decimal of {bitWidth} bits");
                break;
            case ArrowType.Date: unit = t?.Short(0, 1) ?? 1; break;
            case ArrowType.Time:
                unit = t?.Short(0, 1) ?? 1;
                bitWidth = t?.Int(1, 32) ?? 32;
                break;
            case ArrowType.Timestamp or ArrowType.Duration: unit = t?.Short(0) ?? 0; break;
            case ArrowType.Interval: unit = t?.Short(0) ?? 0; break;
            case ArrowType.FixedSizeBinary: byteWidth = t?.Int(0) ?? 0; break;
            case ArrowType.FixedSizeList: byteWidth = t?.Int(0) ?? 0; break;
        }
        long? dictionary = null;
        int indexBits = 32;
        var indexSigned = true;
        if (f.Table(4) is { } d)
        {
            dictionary = d.Long(0);
            if (d.Table(1) is { } index)
            {
                indexBits = index.Int(0);
                indexSigned = index.Bool(1);
            }
            if (indexBits is not (8 or 16 or 32 or 64)) throw new InvalidDataException($"an Arrow dictionary index of {indexBits} bits");
        }
        var children = f.Tables(5).Select(c => From(c, depthLeft - 1)).ToList();
        return new ArrowField(name, type, bitWidth, signed, unit, scale, byteWidth, children, dictionary, indexBits, indexSigned);
    }
}

/// <summary>The Type union's tags (Schema.fbs).</summary>
internal enum ArrowType : byte
{
    None, Null, Int, FloatingPoint, Binary, Utf8, Bool, Decimal, Date, Time, Timestamp, Interval, List, Struct, Union,
    FixedSizeBinary, FixedSizeList, Map, Duration, LargeBinary, LargeUtf8, LargeList, RunEndEncoded, BinaryView, Utf8View,
    ListView, LargeListView,
}
