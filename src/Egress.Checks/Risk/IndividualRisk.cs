namespace Egress.Checks.Risk;

/// <summary>Which estimator of a record's re-identification risk (sdcMicro's <c>indivRisk</c> methods).</summary>
public enum IndividualRiskMethod
{
    /// <summary>The Benedetti–Franconi approximation; what sdcMicro's <c>measure_risk</c> reports.</summary>
    Approx,
    /// <summary>The exact negative-binomial series; overflows (NaN) for large classes, as in sdcMicro.</summary>
    Exact,
}

/// <summary>
/// The individual risk of sdcMicro 5.8.1's <c>indivRisk</c> (R/indivRisk.R), formula for formula and in
/// the same order of operations, so results agree to the last bits. With p_k = f_k / F_k:
/// <list type="bullet">
/// <item>f_k = 1: p/(1−p) · ln(1/p)</item>
/// <item>f_k = 2: p/(1−p) − (p/(1−p))² · ln(1/p)</item>
/// <item>f_k &gt; 2, approx: p / (f_k − (1 − p))</item>
/// <item>f_k &gt; 2, exact: (p/(1−p))^f_k · (A·(1 + Σ_{m=0}^{f_k−3} (−1)^{m+1} Π_{i=0}^{m} B_i) + (−1)^f_k ln p), with
/// A = (p^{1−f_k} − 1)/(f_k − 1) and B_i = (f_k−1−i)²/((i+1)(f_k−2−i)) · (p^{i+2−f_k} − 1)/(p^{i+1−f_k} − 1)</item>
/// <item>f_k = F_k (the class is its whole population): 1/f_k</item>
/// </list>
/// Without weights the sample is the population and the risk is 1/f_k (<c>survey = FALSE</c>).
/// </summary>
public static class IndividualRisk
{
    /// <summary>Exact-series classes above this size cost f_k steps and end in NaN from overflow anyway.</summary>
    public const int MaxExactClass = 100_000;

    public static double Survey(long fk, double Fk, IndividualRiskMethod method)
    {
        double risk;
        var pk = fk / Fk;
        if (fk == 1) risk = pk / (1 - pk) * Math.Log(1 / pk);
        else if (fk == 2)
        {
            var odds = pk / (1 - pk);
            risk = odds - odds * odds * Math.Log(1 / pk);
        }
        else if (fk > 2) risk = method == IndividualRiskMethod.Approx ? pk / (fk - (1 - pk)) : ExactSeries(fk, pk);
        else risk = 0;
        return fk == Fk ? 1.0 / fk : risk;
    }

    /// <summary>A sample that is its own population: an intruder who knows the key picks one of f_k.</summary>
    public static double Population(long fk) => 1.0 / fk;

    private static double ExactSeries(long fk, double pk)
    {
        if (fk > MaxExactClass) return double.NaN;
        var a = (Math.Pow(pk, 1 - fk) - 1) / (fk - 1);
        var series = 0.0;
        var product = 1.0;
        for (long m = 0; m <= fk - 3; m++)
        {
            // Π_{i≤m} B_i grows by one factor per step: the same products, in the same order, as recomputing it.
            product *= B(fk, pk, m);
            series += (m % 2 == 0 ? -1.0 : 1.0) * product;
        }
        var first = Math.Pow(pk / (1 - pk), fk);
        var last = Math.Pow(-1, fk) * Math.Log(pk);
        return first * (a * (1 + series) + last);
    }

    private static double B(long fk, double pk, long i)
    {
        double lead = fk - 1 - i;
        return lead * lead / ((i + 1) * (double)(fk - 2 - i)) * (Math.Pow(pk, i + 2 - fk) - 1) / (Math.Pow(pk, i + 1 - fk) - 1);
    }
}
