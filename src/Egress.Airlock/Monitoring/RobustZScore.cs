namespace Egress.Airlock.Monitoring;

/// <summary>
/// How far a day's value is from a baseline, robustly: z = (x − median) / max(1.4826 · MAD, floor).
/// The median and the median absolute deviation (MAD) ignore a few wild days in the baseline, and 1.4826 makes
/// the MAD estimate a standard deviation for normally distributed data. The floor keeps a flat baseline (every
/// day the same, MAD 0) from dividing by zero or turning a change of one file into an infinite score.
/// </summary>
public static class RobustZScore
{
    /// <summary>The factor that makes the MAD a consistent estimate of the standard deviation of a normal distribution.</summary>
    public const double MadScale = 1.4826;

    /// <summary>The score of <paramref name="value"/> against <paramref name="baseline"/>, with its median and MAD.</summary>
    public static (double Z, double Median, double Mad) Score(double value, IReadOnlyList<double> baseline, double floor)
    {
        if (floor <= 0) throw new ArgumentOutOfRangeException(nameof(floor), "the floor must be positive");
        var median = Median(baseline);
        var mad = Mad(baseline, median);
        return ((value - median) / Math.Max(MadScale * mad, floor), median, mad);
    }

    /// <summary>The middle value (the mean of the two middle ones for an even count); 0 for no values.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return 0;
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>The q-quantile (0 … 1) by linear interpolation between the sorted values; 0 for no values.</summary>
    public static double Quantile(IReadOnlyList<double> values, double q)
    {
        if (values.Count == 0) return 0;
        var sorted = values.Order().ToArray();
        var at = Math.Clamp(q, 0, 1) * (sorted.Length - 1);
        var low = (int)Math.Floor(at);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (at - low) * (sorted[high] - sorted[low]);
    }

    /// <summary>The median of the absolute deviations from <paramref name="median"/>.</summary>
    public static double Mad(IReadOnlyList<double> values, double median) =>
        Median(values.Select(v => Math.Abs(v - median)).ToArray());
}
