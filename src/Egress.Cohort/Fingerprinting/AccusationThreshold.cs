namespace Egress.Cohort.Fingerprinting;

/// <summary>
/// When a symmetric Tardos score is high enough to accuse, for a stated false-accusation probability ε₁
/// per innocent project (derivation in docs/forensics.md). An innocent project's bits are independent of
/// the leak, so its per-position terms are independent, zero-mean, variance 1 and bounded by
/// M = √((1−t)/t); Bernstein's inequality gives P(S ≥ Z) ≤ exp(−Z² / (2m + 2MZ/3)) over m positions,
/// which equals ε₁ at Z = a + √(a² + 2mL), with L = ln(1/ε₁) and a = ML/3.
/// </summary>
public static class AccusationThreshold
{
    public const double DefaultEpsilon = 1e-6;

    /// <summary>The score Z an innocent project exceeds with probability at most <paramref name="epsilon"/>.</summary>
    public static double Score(long positions, double maxTerm, double epsilon)
    {
        var l = Math.Log(1 / epsilon);
        var a = maxTerm * l / 3;
        return a + Math.Sqrt(a * a + 2 * positions * l);
    }

    /// <summary>
    /// Fewest positions at which a lone leaker's expected score (2/π per position: E[2√(p(1−p))] under the
    /// arcsine density) reaches the threshold; below it a leak is too small to decide and nobody is accused.
    /// Solving 2m/π ≥ a + √(a² + 2mL) gives m ≥ πa + π²L/2.
    /// </summary>
    public static long MinimumPositions(double maxTerm, double epsilon)
    {
        var l = Math.Log(1 / epsilon);
        var a = maxTerm * l / 3;
        return (long)Math.Ceiling(Math.PI * a + Math.PI * Math.PI * l / 2);
    }
}
