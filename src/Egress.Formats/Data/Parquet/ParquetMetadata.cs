namespace Egress.Formats.Data.Parquet;

public enum PhysicalType { Boolean = 0, Int32 = 1, Int64 = 2, Int96 = 3, Float = 4, Double = 5, ByteArray = 6, FixedLenByteArray = 7 }

/// <summary>What a leaf column's values mean beyond their physical type (dates, decimals, timestamps, strings…).</summary>
public enum ValueMeaning { Plain, Text, Date, Decimal, TimestampMillis, TimestampMicros, TimestampNanos, TimeMillis, TimeMicros, TimeNanos, Unsigned, Float16, Uuid }

/// <summary>One leaf column of the schema: its dotted name, types and the levels that encode nulls and repetition.</summary>
public sealed record ParquetColumn(string Name, PhysicalType Type, int TypeLength, ValueMeaning Meaning, int Scale, int MaxDefinition, int MaxRepetition);

/// <summary>One column chunk of a row group: where its pages lie and how they are compressed.</summary>
public sealed record ParquetChunk(int Codec, long Start, long Bytes, long Values);

public sealed record ParquetRowGroup(long Rows, IReadOnlyList<ParquetChunk> Chunks);

/// <summary>
/// The footer's FileMetaData: the schema flattened to leaf columns (nested groups give dotted names
/// and levels), the row groups with their column chunks, and the key–value metadata.
/// </summary>
public sealed class ParquetMetadata
{
    private const int MaxColumns = 1 << 16;

    public required IReadOnlyList<ParquetColumn> Columns { get; init; }
    public required IReadOnlyList<ParquetRowGroup> RowGroups { get; init; }
    public required IReadOnlyList<(string Key, string Value)> KeyValues { get; init; }

    public static ParquetMetadata From(ThriftStruct file, long fileLength)
    {
        var columns = Leaves(file.Structs(2).ToList());
        var groups = new List<ParquetRowGroup>();
        foreach (var group in file.Structs(4))
        {
            var chunks = new List<ParquetChunk>();
            foreach (var chunk in group.Structs(1))
            {
                var meta = chunk.Struct(3) ?? throw new InvalidDataException("a Parquet column chunk without metadata (external files are not read)");
                var dataOffset = meta.Required(9, "a data page offset");
                var start = meta.Long(11) is { } dict && dict > 0 && dict < dataOffset ? dict : dataOffset;
                var bytes = meta.Required(7, "a column chunk size");
                if (start < 4 || bytes < 0 || start + bytes > fileLength)
                    throw new InvalidDataException("a Parquet column chunk lies outside the file");
                chunks.Add(new ParquetChunk((int)meta.Required(4, "a compression codec"), start, bytes, meta.Required(5, "a value count")));
            }
            if (chunks.Count != columns.Count) throw new InvalidDataException($"a Parquet row group has {chunks.Count} column chunks for {columns.Count} columns");
            var rows = group.Required(3, "a row count");
            if (rows < 0) throw new InvalidDataException("a negative Parquet row count");
            groups.Add(new ParquetRowGroup(rows, chunks));
        }
        var keyValues = file.Structs(5).Select(kv => (kv.String(1) ?? "", kv.String(2) ?? "")).ToList();
        return new ParquetMetadata { Columns = columns, RowGroups = groups, KeyValues = keyValues };
    }

    /// <summary>Walks the depth-first schema list (element 0 is the root) to its leaves, without recursion.</summary>
    private static List<ParquetColumn> Leaves(List<ThriftStruct> schema)
    {
        if (schema.Count == 0) throw new InvalidDataException("a Parquet file without a schema");
        var leaves = new List<ParquetColumn>();
        // Each open group: its name path, levels, and how many children are still to come.
        var open = new Stack<(string Path, int Def, int Rep, long Left)>();
        open.Push(("", 0, 0, schema[0].Long(5) ?? 0));
        for (var i = 1; i < schema.Count; i++)
        {
            while (open.Count > 0 && open.Peek().Left == 0) open.Pop();
            if (open.Count == 0) throw new InvalidDataException("the Parquet schema has more elements than its groups hold");
            var parent = open.Pop();
            open.Push(parent with { Left = parent.Left - 1 });
            var e = schema[i];
            var name = e.String(4) ?? "";
            var path = parent.Path.Length == 0 ? name : parent.Path + "." + name;
            var repetition = e.Long(3) ?? 0;
            var def = parent.Def + (repetition != 0 ? 1 : 0);
            var rep = parent.Rep + (repetition == 2 ? 1 : 0);
            var children = e.Long(5) ?? 0;
            if (e.Long(1) is null || children > 0)
            {
                if (children < 0 || children > schema.Count) throw new InvalidDataException("a Parquet schema group with an impossible child count");
                if (open.Count >= 64) throw new InvalidDataException("the Parquet schema is nested too deep");
                open.Push((path, def, rep, children));
                continue;
            }
            if (leaves.Count >= MaxColumns) throw new InvalidDataException("a Parquet schema with more than 65,536 columns");
            var type = (PhysicalType)(e.Long(1) ?? 0);
            if (type is < PhysicalType.Boolean or > PhysicalType.FixedLenByteArray) throw new InvalidDataException("an unknown Parquet physical type");
            var (meaning, scale) = Meaning(e, type);
            var length = (int)Math.Clamp(e.Long(2) ?? 0, 0, 1 << 20);
            if (type == PhysicalType.FixedLenByteArray && length == 0) throw new InvalidDataException("a fixed-length Parquet column without a length");
            leaves.Add(new ParquetColumn(path, type, length, meaning, scale, def, rep));
        }
        return leaves;
    }

    /// <summary>The logical type (newer field 10) or else the converted type (field 6).</summary>
    private static (ValueMeaning, int) Meaning(ThriftStruct e, PhysicalType type)
    {
        var scale = (int)Math.Clamp(e.Long(7) ?? 0, -1000, 1000);
        if (e.Struct(10) is { } logical)
        {
            foreach (var (id, value) in logical.Fields)
            {
                var detail = value as ThriftStruct;
                switch (id)
                {
                    case 1 or 4 or 12: return (ValueMeaning.Text, 0);
                    case 5: return (ValueMeaning.Decimal, (int)Math.Clamp(detail?.Long(1) ?? scale, -1000, 1000));
                    case 6: return (ValueMeaning.Date, 0);
                    case 7: return (Unit(detail, ValueMeaning.TimeMillis, ValueMeaning.TimeMicros, ValueMeaning.TimeNanos), 0);
                    case 8: return (Unit(detail, ValueMeaning.TimestampMillis, ValueMeaning.TimestampMicros, ValueMeaning.TimestampNanos), 0);
                    case 10: return (detail?.Bool(2) == false ? ValueMeaning.Unsigned : ValueMeaning.Plain, 0);
                    case 14: return (ValueMeaning.Uuid, 0);
                    case 15: return (ValueMeaning.Float16, 0);
                }
            }
        }
        return (e.Long(6) switch
        {
            0 or 4 or 19 => ValueMeaning.Text,
            5 => ValueMeaning.Decimal,
            6 => ValueMeaning.Date,
            7 => ValueMeaning.TimeMillis,
            8 => ValueMeaning.TimeMicros,
            9 => ValueMeaning.TimestampMillis,
            10 => ValueMeaning.TimestampMicros,
            11 or 12 or 13 or 14 => ValueMeaning.Unsigned,
            _ => ValueMeaning.Plain,
        }, scale);
    }

    private static ValueMeaning Unit(ThriftStruct? detail, ValueMeaning millis, ValueMeaning micros, ValueMeaning nanos)
    {
        var unit = detail?.Struct(2);
        return unit is null ? micros : unit.Fields.ContainsKey(1) ? millis : unit.Fields.ContainsKey(3) ? nanos : micros;
    }
}
