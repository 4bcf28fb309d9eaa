using System.Globalization;
using System.Text.RegularExpressions;

namespace Egress.Formats.Documents;

/// <summary>
/// One axis of a plot: the map from page pixels to data, fitted to its numeric tick labels — linear, or log10 when every
/// label is a power of ten — and kept only when it passes through every tick within rendering precision (otherwise the
/// labels are not what they seem and no value is read off that axis).
/// </summary>
internal sealed record SvgAxis(double Intercept, double Slope, bool Log, double ErrorPx, int Ticks)
{
    /// <summary>
    /// Largest distance of a tick from the fitted line for the fit to count as exact: 0.05 px, or 1/10,000 of the ticks' span
    /// on a large canvas (Stata draws on 3,960 units and rounds its tick positions to about that).
    /// </summary>
    private const double ExactPx = 0.05;
    private const double ExactShare = 1e-4;
    private const int MinTicks = 3;

    public double ToData(double px) => Log ? Math.Pow(10, Intercept + Slope * px) : Intercept + Slope * px;

    /// <summary>How far the data value of a mark can be off, for a mark placed within <paramref name="markErrorPx"/> pixels.</summary>
    public double DataError(double px, double markErrorPx)
    {
        var perPx = Math.Abs(Slope) * (Log ? Math.Log(10) * ToData(px) : 1);
        return perPx * (markErrorPx + ErrorPx);
    }

    /// <summary>The fit through (pixel position, label) pairs, or null when there are too few or they do not lie on one line.</summary>
    public static SvgAxis? Fit(IReadOnlyList<(double Position, string Label)> ticks)
    {
        var points = new List<(double P, double V, bool Power)>();
        foreach (var (position, label) in ticks)
        {
            if (TickValue(label) is not var (value, power)) return null;
            points.Add((position, value, power));
        }
        // One label at one place: repeated ticks (a shared axis drawn twice) count once.
        points = points.DistinctBy(p => (Math.Round(p.P, 3), p.V)).ToList();
        if (points.Count < MinTicks || points.Select(p => p.V).Distinct().Count() != points.Count) return null;
        if (LineThrough(points.Select(p => (p.P, p.V)).ToList()) is var (a, b, error)) return new SvgAxis(a, b, false, error, points.Count);
        // A log axis: labels are powers of ten (10², 1e3, 1000), evenly spaced in pixels by their exponent.
        if (points.All(p => p.V > 0 && (p.Power || IsPowerOfTen(p.V))) &&
            LineThrough(points.Select(p => (p.P, Math.Log10(p.V))).ToList()) is var (la, lb, lerror))
            return new SvgAxis(la, lb, true, lerror, points.Count);
        return null;
    }

    private static (double A, double B, double ErrorPx)? LineThrough(List<(double P, double V)> points)
    {
        var meanP = points.Average(p => p.P);
        var meanV = points.Average(p => p.V);
        double sxx = 0, sxy = 0;
        foreach (var (p, v) in points)
        {
            sxx += (p - meanP) * (p - meanP);
            sxy += (p - meanP) * (v - meanV);
        }
        if (sxx <= 1e-12 || sxy == 0) return null;
        var b = sxy / sxx;
        var a = meanV - b * meanP;
        var worst = points.Max(p => Math.Abs(p.P - (p.V - a) / b));
        var span = points.Max(p => p.P) - points.Min(p => p.P);
        return worst <= Math.Max(ExactPx, ExactShare * span) ? (a, b, worst) : null;
    }

    private static bool IsPowerOfTen(double v) => Math.Abs(Math.Log10(v) - Math.Round(Math.Log10(v))) < 1e-9;

    private static readonly Regex PowerForm = new(@"^10\^\{?(-?\d+)\}?$", RegexOptions.CultureInvariant);
    private static readonly Regex Grouped = new(@"^-?\d{1,3}(,\d{3})+(\.\d+)?$", RegexOptions.CultureInvariant);

    /// <summary>
    /// A tick label's number: plain, with a typographic minus, with thousands grouped by commas, or a power of ten as
    /// matplotlib's mathtext writes it (<c>$\mathdefault{10^{2}}$</c>). Null for anything else (dates, words, percentages).
    /// </summary>
    public static (double Value, bool Power)? TickValue(string label)
    {
        var t = label.Trim().Replace('\u2212', '-').Replace('\u2009', ' ').Replace("\u202f", "");
        if (t.StartsWith('$') && t.EndsWith('$')) t = t.Trim('$').Replace(@"\mathdefault", "").Replace("{", "").Replace("}", "").Replace(@"\times", "x");
        t = t.Replace(" ", "");
        if (t.Length is 0 or > 24) return null;
        if (PowerForm.Match(t) is { Success: true } m && int.TryParse(m.Groups[1].Value, CultureInfo.InvariantCulture, out var exponent) && Math.Abs(exponent) < 300)
            return (Math.Pow(10, exponent), true);
        if (Grouped.IsMatch(t)) t = t.Replace(",", "");
        if (!double.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var v) ||
            !double.IsFinite(v)) return null;
        return (v, t.Contains('e', StringComparison.OrdinalIgnoreCase) && IsPowerOfTen(Math.Abs(v)));
    }
}
