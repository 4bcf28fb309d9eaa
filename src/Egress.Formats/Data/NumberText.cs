using System.Globalization;

namespace Egress.Formats.Data;

/// <summary>
/// Numbers from binary formats as text: the shortest form that reads back to the same value, so a
/// value written as 27.1234 is seen as "27.1234" (never 27.123399999999999), as the index holds it.
/// </summary>
public static class NumberText
{
    public static string Double(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsInfinity(value) ? (value > 0 ? "Inf" : "-Inf")
        : value.ToString("R", CultureInfo.InvariantCulture);

    public static string Single(float value) =>
        float.IsNaN(value) ? "NaN"
        : float.IsInfinity(value) ? (value > 0 ? "Inf" : "-Inf")
        : value.ToString("R", CultureInfo.InvariantCulture);

    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Unsigned(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Days since 1970-01-01 as an ISO date; out of range as the plain number.</summary>
    public static string EpochDays(long days)
    {
        var epoch = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
        var number = epoch + days;
        return number >= DateOnly.MinValue.DayNumber && number <= DateOnly.MaxValue.DayNumber
            ? DateOnly.FromDayNumber((int)number).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : Integer(days);
    }

    /// <summary>Ticks (100 ns) since 1970-01-01 as an ISO date and time (date only at midnight); out of range as null.</summary>
    public static string? EpochTicks(decimal ticks)
    {
        var min = (decimal)(DateTime.MinValue.Ticks - DateTime.UnixEpoch.Ticks);
        var max = (decimal)(DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks);
        if (ticks < min || ticks > max) return null;
        var at = DateTime.UnixEpoch.AddTicks((long)ticks);
        return at.TimeOfDay == TimeSpan.Zero
            ? at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : at.ToString(at.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
    }

    /// <summary>An unscaled integer and a decimal scale as decimal text: 12345, scale 2 → "123.45".</summary>
    public static string Scaled(System.Numerics.BigInteger unscaled, int scale)
    {
        if (scale <= 0) return (unscaled * System.Numerics.BigInteger.Pow(10, Math.Min(-scale, 64))).ToString(CultureInfo.InvariantCulture);
        var negative = unscaled.Sign < 0;
        var digits = System.Numerics.BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture);
        if (scale > 64) return (negative ? "-" : "") + digits + "E-" + scale.ToString(CultureInfo.InvariantCulture);
        if (digits.Length <= scale) digits = new string('0', scale - digits.Length + 1) + digits;
        return (negative ? "-" : "") + digits[..^scale] + "." + digits[^scale..];
    }
}
