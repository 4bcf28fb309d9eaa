using System.Globalization;

namespace Egress.Checks.Risk;

/// <summary>
/// How one cell of a key column is compared. As in R (sdcMicro reads keys as numbers or factor
/// levels): numbers compare by value (`1` = `1.0` = ` 1 `), other text as written; the usual missing
/// markers are missing, and a missing key value matches any value (sdcMicro's freqCalc).
/// </summary>
public static class KeyCell
{
    private static readonly HashSet<string> MissingMarkers = new(StringComparer.OrdinalIgnoreCase)
    {
        "", "NA", "N/A", "NaN", "NULL", ".", "<NA>",
    };

    public static bool IsMissing(string? cell) => cell is null || MissingMarkers.Contains(cell.Trim());

    /// <summary>The value a key cell is compared by, or null when it is missing.</summary>
    public static string? Canonical(string? cell)
    {
        if (IsMissing(cell)) return null;
        var trimmed = cell!.Trim();
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            return number.ToString("R", CultureInfo.InvariantCulture);
        return trimmed;
    }

    /// <summary>A sampling weight: a finite number, else null.</summary>
    public static double? Weight(string? cell)
    {
        if (IsMissing(cell)) return null;
        return double.TryParse(cell!.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var w) && double.IsFinite(w) ? w : null;
    }
}
