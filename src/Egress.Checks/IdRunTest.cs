namespace Egress.Checks;

/// <summary>
/// Is a run of ID-shaped numbers an ID list? Under chance, each is a valid ID of a project with
/// probability ρ (the project's IDs over all numbers of that length), so hits are Binomial(n, ρ).
/// The run is an ID list when the Chernoff bound on seeing this many hits by chance,
/// exp(−n·KL(h/n ‖ ρ)), is below the tolerated false-alarm rate shared over all runs tested.
/// </summary>
public static class IdRunTest
{
    public static bool IsIdList(long n, long hits, double density, int minHits, double falseAlarmRate, long runsTested)
    {
        if (hits < minHits || n <= 0 || density <= 0) return false;
        var share = (double)hits / n;
        if (share <= density) return false;
        return n * KullbackLeibler(share, density) >= Math.Log(Math.Max(1, runsTested) / falseAlarmRate);
    }

    /// <summary>KL divergence between Bernoulli(q) and Bernoulli(p), in nats.</summary>
    public static double KullbackLeibler(double q, double p)
    {
        double Term(double a, double b) => a <= 0 ? 0 : a * Math.Log(a / b);
        return Term(q, p) + Term(1 - q, 1 - p);
    }
}
