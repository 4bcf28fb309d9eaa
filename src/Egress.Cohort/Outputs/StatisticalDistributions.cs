using System.Runtime.CompilerServices;

namespace Egress.Cohort.Outputs;

/// <summary>
/// The distribution functions that p-values and confidence intervals need (normal, t, F, chi-squared), from the
/// regularised incomplete gamma and beta functions (Numerical Recipes' series and continued fractions), accurate in
/// the far tails so GWAS p-values like 1e-40 come out right.
/// </summary>
public static class StatisticalDistributions
{
    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double LogGamma(double x)
    {
        if (x < 0.5) return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        x -= 1;
        double a = Lanczos[0], t = x + 7.5;
        for (int i = 1; i < Lanczos.Length; i++) a += Lanczos[i] / (x + i);
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(a);
    }

    /// <summary>Q(a, x) = Γ(a, x) / Γ(a), the upper regularised incomplete gamma function.</summary>
    public static double RegularizedGammaQ(double a, double x)
    {
        if (x <= 0) return 1;
        return x < a + 1 ? 1 - GammaSeries(a, x) : GammaContinuedFraction(a, x);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double GammaSeries(double a, double x)
    {
        double ap = a, sum = 1 / a, del = sum;
        for (int n = 0; n < 10_000; n++)
        {
            ap += 1;
            del *= x / ap;
            sum += del;
            if (Math.Abs(del) < Math.Abs(sum) * 1e-16) break;
        }
        return sum * Math.Exp(-x + a * Math.Log(x) - LogGamma(a));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double GammaContinuedFraction(double a, double x)
    {
        const double tiny = 1e-300;
        double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
        for (int i = 1; i < 10_000; i++)
        {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < tiny) d = tiny;
            c = b + an / c;
            if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.Abs(del - 1) < 1e-16) break;
        }
        return Math.Exp(-x + a * Math.Log(x) - LogGamma(a)) * h;
    }

    /// <summary>I_x(a, b), the regularised incomplete beta function.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double RegularizedBeta(double a, double b, double x)
    {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        double front = Math.Exp(LogGamma(a + b) - LogGamma(a) - LogGamma(b) + a * Math.Log(x) + b * Math.Log(1 - x));
        return x < (a + 1) / (a + b + 2)
            ? front * BetaContinuedFraction(a, b, x) / a
            : 1 - front * BetaContinuedFraction(b, a, 1 - x) / b;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double BetaContinuedFraction(double a, double b, double x)
    {
        const double tiny = 1e-300;
        double qab = a + b, qap = a + 1, qam = a - 1, c = 1, d = 1 - qab * x / qap;
        if (Math.Abs(d) < tiny) d = tiny;
        d = 1 / d;
        double h = d;
        for (int m = 1; m < 100_000; m++)
        {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            if (Math.Abs(d) < tiny) d = tiny;
            c = 1 + aa / c;
            if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            if (Math.Abs(d) < tiny) d = tiny;
            c = 1 + aa / c;
            if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.Abs(del - 1) < 1e-15) break;
        }
        return h;
    }

    /// <summary>P(Z &gt; z) for a standard normal, accurate far into the tail.</summary>
    public static double NormalUpperTail(double z) => z >= 0 ? 0.5 * RegularizedGammaQ(0.5, z * z / 2) : 1 - NormalUpperTail(-z);

    public static double NormalCdf(double z) => NormalUpperTail(-z);

    public static double NormalTwoSidedP(double z) => Math.Min(1, 2 * NormalUpperTail(Math.Abs(z)));

    public static double StudentTTwoSidedP(double t, double df) => RegularizedBeta(df / 2, 0.5, df / (df + t * t));

    public static double StudentTCdf(double t, double df)
    {
        double tail = 0.5 * StudentTTwoSidedP(t, df);
        return t >= 0 ? 1 - tail : tail;
    }

    /// <summary>P(F &gt; f) for an F(d1, d2) distribution.</summary>
    public static double FUpperTail(double f, double d1, double d2) => f <= 0 ? 1 : RegularizedBeta(d2 / 2, d1 / 2, d2 / (d2 + d1 * f));

    public static double ChiSquaredUpperTail(double x, double df) => x <= 0 ? 1 : RegularizedGammaQ(df / 2, x / 2);

    public static double NormalQuantile(double p) => Bisect(NormalCdf, p, -40, 40);

    public static double StudentTQuantile(double p, double df) => Bisect(t => StudentTCdf(t, df), p, -1e4, 1e4);

    /// <summary>Inverts an increasing CDF by bisection; quantiles are needed a few times per output, so speed is moot.</summary>
    private static double Bisect(Func<double, double> cdf, double p, double lo, double hi)
    {
        for (int i = 0; i < 200 && hi - lo > 1e-13 * Math.Max(1, Math.Abs(lo)); i++)
        {
            double mid = (lo + hi) / 2;
            if (cdf(mid) < p) lo = mid;
            else hi = mid;
        }
        return (lo + hi) / 2;
    }
}
