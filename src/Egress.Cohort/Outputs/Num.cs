using System.Globalization;
using System.Runtime.CompilerServices;

namespace Egress.Cohort.Outputs;

/// <summary>Number formatting the way statistical software prints (invariant culture, no "-0.00").</summary>
public static class Num
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly long[] Pow10 = Enumerable.Range(0, 19).Select(k => (long)Math.Pow(10, k)).ToArray();

    /// <summary>Fixed decimals, rounding half away from zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string F(double v, int decimals)
    {
        if (double.IsNaN(v)) return "NA";
        // Fast path by scaled integers: GWAS files format hundreds of thousands of numbers.
        if (decimals is >= 0 and <= 9 && Math.Abs(v) < 1e9)
        {
            long scaled = (long)Math.Round(Math.Abs(v) * Pow10[decimals], MidpointRounding.AwayFromZero);
            return FormatScaled(scaled, decimals, negative: v < 0 && scaled != 0);
        }
        double r = Math.Round(v, decimals, MidpointRounding.AwayFromZero);
        if (r == 0) r = 0; // turns -0 into 0
        return r.ToString("F" + decimals, Inv);
    }

    /// <summary>Writes scaled / 10^decimals with exactly that many decimals.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string FormatScaled(long scaled, int decimals, bool negative)
    {
        Span<char> buffer = stackalloc char[32];
        int pos = buffer.Length;
        for (int k = 0; k < decimals; k++)
        {
            buffer[--pos] = (char)('0' + scaled % 10);
            scaled /= 10;
        }
        if (decimals > 0) buffer[--pos] = '.';
        do
        {
            buffer[--pos] = (char)('0' + scaled % 10);
            scaled /= 10;
        } while (scaled > 0);
        if (negative) buffer[--pos] = '-';
        return new string(buffer[pos..]);
    }
    public static string Int(long v) => v.ToString(Inv);

    /// <summary>Stata-style thousands separators: 12,345.</summary>
    public static string Thousands(long v) => v.ToString("N0", Inv);

    /// <summary>Significant digits without an exponent for ordinary magnitudes (R's signif then format).</summary>
    public static string Sig(double v, int digits)
    {
        if (double.IsNaN(v)) return "NA";
        if (v == 0) return "0";
        int magnitude = (int)Math.Floor(Math.Log10(Math.Abs(v)));
        if (magnitude < -5 || magnitude >= 15) return Sci(v, digits - 1);
        int decimals = Math.Max(0, digits - 1 - magnitude);
        return F(v, decimals);
    }

    /// <summary>Scientific notation with the given mantissa decimals: 1.23e-08 (R) or 1.23E-08.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Sci(double v, int decimals, bool upper = false)
    {
        decimals = Math.Clamp(decimals, 0, 9);
        if (double.IsNaN(v)) return "NA";
        if (double.IsInfinity(v)) return v > 0 ? "Inf" : "-Inf";
        double a = Math.Abs(v);
        int exponent = a == 0 ? 0 : (int)Math.Floor(Math.Log10(a));
        long scaled = a == 0 ? 0 : (long)Math.Round(a / Math.Pow(10, exponent) * Pow10[decimals], MidpointRounding.AwayFromZero);
        if (scaled >= Pow10[decimals + 1]) // 9.996 rounded up to 10.00
        {
            scaled = (scaled + 5) / 10;
            exponent++;
        }
        else if (scaled > 0 && scaled < Pow10[decimals]) // log10 landed just below an integer
        {
            scaled = (long)Math.Round(a / Math.Pow(10, exponent - 1) * Pow10[decimals], MidpointRounding.AwayFromZero);
            exponent--;
        }
        string mantissa = FormatScaled(scaled, decimals, negative: v < 0);
        string sign = exponent < 0 ? "-" : "+";
        int e = Math.Abs(exponent);
        return mantissa + (upper ? "E" : "e") + sign + (e < 10 ? "0" : "") + e.ToString(Inv);
    }

    /// <summary>
    /// R's <c>format(signif(v, digits))</c>: no trailing zeros, and scientific notation when that is shorter
    /// (0.00133 stays fixed, -0.00001669 becomes -1.669e-05).
    /// </summary>
    public static string RSig(double v, int digits)
    {
        if (double.IsNaN(v)) return "NA";
        if (v == 0) return "0";
        string fixedText = Trim(Sig(v, digits));
        int magnitude = (int)Math.Floor(Math.Log10(Math.Abs(v)));
        string sci = Sci(v, digits - 1);
        int e = sci.IndexOf('e');
        string mantissa = Trim(sci[..e]);
        sci = mantissa + sci[e..];
        return magnitude >= 15 || sci.Length < fixedText.Length ? sci : fixedText;

        static string Trim(string s) => s.Contains('.') && !s.Contains('e') ? s.TrimEnd('0').TrimEnd('.') : s;
    }

    /// <summary>R's format.pval as summary() prints it: "&lt; 2e-16", "1.2e-05", "0.0123".</summary>
    public static string RPValue(double p)
    {
        if (p < 2e-16) return "< 2e-16";
        if (p < 1e-4) return Sci(p, 1);
        return Sig(p, 3);
    }

    /// <summary>R's significance stars.</summary>
    public static string Stars(double p) => p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : p < 0.1 ? "." : " ";

    /// <summary>Paper-style p-value: "&lt;0.001" or three decimals.</summary>
    public static string PaperP(double p) => p < 0.001 ? "<0.001" : F(p, 3);

    /// <summary>A full-precision double as R's write.csv prints it (15 significant digits).</summary>
    public static string Full(double v) => double.IsNaN(v) ? "NA" : v.ToString("G15", Inv);

    /// <summary>
    /// The decimals R's print uses for a numeric vector: the fewest that show every element to 7 significant digits
    /// (so 1.071 prints as 1.071, not 1.0710000).
    /// </summary>
    public static int RDecimals(IReadOnlyList<double> values, int digits = 7, int maxDecimals = 9)
    {
        for (int d = 0; d < maxDecimals; d++)
        {
            bool enough = values.All(v =>
            {
                if (v == 0 || double.IsNaN(v)) return true;
                int magnitude = (int)Math.Floor(Math.Log10(Math.Abs(v)));
                double significant = Math.Round(v, Math.Clamp(digits - 1 - magnitude, 0, 15));
                return Math.Abs(Math.Round(v, d) - significant) < 1e-12 * Math.Max(1, Math.Abs(v));
            });
            if (enough) return d;
        }
        return maxDecimals;
    }

    /// <summary>Decimals needed to show the smallest non-zero magnitude with the given significant digits (R's matrix print).</summary>
    public static int CommonDecimals(IEnumerable<double> values, int digits, int maxDecimals = 8)
    {
        double smallest = values.Where(v => v != 0 && !double.IsNaN(v)).Select(Math.Abs).DefaultIfEmpty(1).Min();
        int magnitude = (int)Math.Floor(Math.Log10(smallest));
        return Math.Clamp(digits - 1 - magnitude, 0, maxDecimals);
    }
}
