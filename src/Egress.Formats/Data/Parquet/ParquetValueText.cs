using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Egress.Formats.Data.Parquet;

/// <summary>
/// One plain-encoded Parquet value as text, by its physical type and meaning: dates as ISO dates,
/// decimals with their scale, timestamps as date and time, floating point in shortest round-trip
/// form (NaN, pandas' missing value, as empty), strings as UTF-8.
/// </summary>
public static class ParquetValueText
{
    private const long JulianDayOfEpoch = 2_440_588;

    public static string Render(ParquetColumn column, ReadOnlySpan<byte> v) => column.Type switch
    {
        PhysicalType.Boolean => v[0] != 0 ? "true" : "false",
        PhysicalType.Int32 => Int32(column, BinaryPrimitives.ReadInt32LittleEndian(v)),
        PhysicalType.Int64 => Int64(column, BinaryPrimitives.ReadInt64LittleEndian(v)),
        PhysicalType.Int96 => Int96(v),
        PhysicalType.Float => NotNaN(NumberText.Single(BinaryPrimitives.ReadSingleLittleEndian(v))),
        PhysicalType.Double => NotNaN(NumberText.Double(BinaryPrimitives.ReadDoubleLittleEndian(v))),
        _ => Bytes(column, v),
    };

    private static string NotNaN(string number) => number == "NaN" ? "" : number;

    private static string Int32(ParquetColumn column, int x) => column.Meaning switch
    {
        ValueMeaning.Date => NumberText.EpochDays(x),
        ValueMeaning.Decimal => NumberText.Scaled(x, column.Scale),
        ValueMeaning.TimeMillis => Time(x * (decimal)TimeSpan.TicksPerMillisecond) ?? NumberText.Integer(x),
        ValueMeaning.Unsigned => NumberText.Unsigned((uint)x),
        _ => NumberText.Integer(x),
    };

    private static string Int64(ParquetColumn column, long x) => column.Meaning switch
    {
        ValueMeaning.TimestampMillis => NumberText.EpochTicks(x * (decimal)TimeSpan.TicksPerMillisecond) ?? NumberText.Integer(x),
        ValueMeaning.TimestampMicros => NumberText.EpochTicks(x * 10m) ?? NumberText.Integer(x),
        ValueMeaning.TimestampNanos => NumberText.EpochTicks(decimal.Truncate(x / 100m)) ?? NumberText.Integer(x),
        ValueMeaning.TimeMicros => Time(x * 10m) ?? NumberText.Integer(x),
        ValueMeaning.TimeNanos => Time(decimal.Truncate(x / 100m)) ?? NumberText.Integer(x),
        ValueMeaning.Decimal => NumberText.Scaled(x, column.Scale),
        ValueMeaning.Unsigned => NumberText.Unsigned((ulong)x),
        _ => NumberText.Integer(x),
    };

    private static string? Time(decimal ticks) =>
        ticks >= 0 && ticks < TimeSpan.TicksPerDay ? new TimeOnly((long)ticks).ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture).TrimEnd('.') : null;

    /// <summary>Legacy INT96 timestamps: nanoseconds of the day, then the Julian day.</summary>
    private static string Int96(ReadOnlySpan<byte> v)
    {
        var nanos = BinaryPrimitives.ReadInt64LittleEndian(v);
        var julian = BinaryPrimitives.ReadInt32LittleEndian(v[8..]);
        var ticks = (julian - JulianDayOfEpoch) * (decimal)TimeSpan.TicksPerDay + decimal.Truncate(nanos / 100m);
        return NumberText.EpochTicks(ticks) ?? Convert.ToHexString(v);
    }

    private static string Bytes(ParquetColumn column, ReadOnlySpan<byte> v)
    {
        switch (column.Meaning)
        {
            case ValueMeaning.Decimal:
                return v.Length == 0 ? "" : NumberText.Scaled(new BigInteger(v, isUnsigned: false, isBigEndian: true), column.Scale);
            case ValueMeaning.Float16 when v.Length == 2:
                return NotNaN(NumberText.Single((float)BitConverter.Int16BitsToHalf(BinaryPrimitives.ReadInt16LittleEndian(v))));
            case ValueMeaning.Uuid when v.Length == 16:
                return new Guid(v, bigEndian: true).ToString();
            default:
                return Encoding.UTF8.GetString(v);
        }
    }
}
