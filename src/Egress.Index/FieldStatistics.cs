using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Egress.Index;

/// <summary>
/// fields.json, next to the index: per project and per numeric or date column of its extract, aggregates over
/// all its participants — count, mean, standard deviation, typical decimals, distinct values (capped) — so that a
/// column written in other units, standardised or as day numbers can be mapped back. No minimum, maximum,
/// quantile or any one person's value; a column with fewer than <see cref="MinValues"/> values is left out.
/// An index without the file (built before it existed) opens as before: what needs it is skipped.
/// </summary>
public sealed record FieldStatistics
{
    public const string FileName = "fields.json";
    /// <summary>Columns with fewer values keep no statistics: an aggregate of a handful of people is nearly their values.</summary>
    public const int MinValues = 1000;

    /// <summary>Per project, in the order of the manifest's projects.</summary>
    public required IReadOnlyList<ProjectFields> Projects { get; init; }

    /// <summary>The statistics beside an index, or null for an index built before they were kept.</summary>
    public static FieldStatistics? Read(string dir)
    {
        var path = Path.Combine(dir, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), FieldJsonContext.Default.FieldStatistics)
                   ?? throw new InvalidDataException($"{path} is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is damaged: {e.Message}");
        }
    }

    public void Write(string dir) => File.WriteAllText(Path.Combine(dir, FileName), JsonSerializer.Serialize(this, FieldJsonContext.Default.FieldStatistics));
}

public sealed record ProjectFields
{
    public required string Project { get; init; }
    public required IReadOnlyList<FieldStat> Fields { get; init; }
}

/// <summary>One column's aggregates. Dates: mean and sd in days since 1970-01-01.</summary>
public sealed record FieldStat
{
    public required string Column { get; init; }
    public required bool IsDate { get; init; }
    public required long Count { get; init; }
    [JsonConverter(typeof(HexDoubleConverter))]
    public required double Mean { get; init; }
    [JsonConverter(typeof(HexDoubleConverter))]
    public required double Sd { get; init; }
    /// <summary>Decimals of most values as dispensed (0 for integers and dates).</summary>
    public required int Decimals { get; init; }
    /// <summary>Distinct values, counted up to <see cref="FieldAccumulator.DistinctCap"/>: few means a code, not a measurement.</summary>
    public required int Distinct { get; init; }
}

/// <summary>Sums for one column over one block of an extract; blocks are merged after.</summary>
internal sealed class FieldAccumulator
{
    public const int DistinctCap = 64;
    private const int MaxDecimals = 12;

    public long Numbers;
    public long Dates;
    public long Others;
    public double Sum;
    public double SumSquares;
    public readonly long[] DecimalCounts = new long[MaxDecimals + 1];
    public readonly HashSet<ulong> Distinct = [];
    /// <summary>Values are summed after this shift (the first value seen), so the variance keeps its precision.</summary>
    public double? Shift;

    private static readonly DateOnly Epoch = new(1970, 1, 1);

    /// <summary>Adds one canonical value (number or date); anything else is counted as not numeric.</summary>
    public void Add(ReadOnlySpan<byte> canonical, bool isDate, int decimals, ulong hash)
    {
        double x;
        if (isDate)
        {
            if (ParseDate(canonical) is not { } date)
            {
                Others++;
                return;
            }
            x = date.DayNumber - Epoch.DayNumber;
            Dates++;
        }
        else
        {
            if (!Utf8Parser.TryParse(canonical, out x, out var used) || used != canonical.Length || !double.IsFinite(x))
            {
                Others++;
                return;
            }
            Numbers++;
            DecimalCounts[Math.Clamp(decimals, 0, MaxDecimals)]++;
        }
        Shift ??= x;
        var d = x - Shift.Value;
        Sum += d;
        SumSquares += d * d;
        if (Distinct.Count < DistinctCap) Distinct.Add(hash);
    }

    /// <summary>A canonical date (YYYY-MM-DD), read from its bytes: one per date cell of the extract, so no string is made.</summary>
    private static DateOnly? ParseDate(ReadOnlySpan<byte> s)
    {
        if (s.Length != 10 || s[4] != '-' || s[7] != '-') return null;
        int Digits(ReadOnlySpan<byte> d)
        {
            var v = 0;
            foreach (var b in d)
            {
                if (b is < (byte)'0' or > (byte)'9') return -1;
                v = v * 10 + (b - '0');
            }
            return v;
        }
        var (year, month, day) = (Digits(s[..4]), Digits(s[5..7]), Digits(s[8..]));
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
        return new DateOnly(year, month, day);
    }

    public void Merge(FieldAccumulator other)
    {
        if (other.Numbers + other.Dates > 0)
        {
            // Re-centre the other block's sums on this block's shift.
            Shift ??= other.Shift;
            var delta = other.Shift!.Value - Shift!.Value;
            var n = other.Numbers + other.Dates;
            SumSquares += other.SumSquares + 2 * delta * other.Sum + n * delta * delta;
            Sum += other.Sum + n * delta;
        }
        Numbers += other.Numbers;
        Dates += other.Dates;
        Others += other.Others;
        for (var i = 0; i < DecimalCounts.Length; i++) DecimalCounts[i] += other.DecimalCounts[i];
        foreach (var h in other.Distinct)
            if (Distinct.Count < DistinctCap) Distinct.Add(h);
    }

    /// <summary>The column's statistics, or null when it is not mostly numbers or mostly dates, or too few hold it.</summary>
    public FieldStat? Finish(string column)
    {
        // Mixed columns (codes with text, numbers with dates) are not one quantity.
        if (Numbers > 0 && Dates > 0) return null;
        var isDate = Dates > 0;
        var total = Numbers + Dates;
        if (total < FieldStatistics.MinValues || total < 9 * Others) return null;
        var mean = Sum / total;
        var variance = Math.Max(0, (SumSquares - total * mean * mean) / Math.Max(1, total - 1));
        return new FieldStat
        {
            Column = column,
            IsDate = isDate,
            Count = total,
            Mean = mean + Shift!.Value,
            Sd = Math.Sqrt(variance),
            Decimals = isDate ? 0 : Array.IndexOf(DecimalCounts, DecimalCounts.Max()),
            Distinct = Distinct.Count,
        };
    }
}

/// <summary>
/// A mean or sd written as the hexadecimal of its IEEE-754 bits: exact, and no run of decimal digits in the file can read as
/// a participant's value (a mean printed in full shares its leading digits with the values nearest it).
/// </summary>
internal sealed class HexDoubleConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (text is null || !ulong.TryParse(text, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var bits))
            throw new JsonException("a field statistic is not a hexadecimal double");
        return BitConverter.UInt64BitsToDouble(bits);
    }

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) =>
        writer.WriteStringValue(BitConverter.DoubleToUInt64Bits(value).ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(FieldStatistics))]
internal sealed partial class FieldJsonContext : JsonSerializerContext;
