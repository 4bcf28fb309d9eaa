namespace Egress.Checks.Forensics;

/// <summary>
/// The shares of a leak's records that each project contributed, by maximum likelihood
/// (expectation–maximisation over the patterns of projects that hold each record in full). Besides the
/// indexed projects there is one more source, "outside the index": it accounts for every record no
/// project holds in full, and — with probability <see cref="StrayRate"/> — for a record that a project
/// does hold, by coincidence (the same person, and no distinctive value of a field the project lacks, in
/// that row). That stray rate is estimated from the leak itself, between <see cref="MinStrayRate"/> and
/// <see cref="MaxStrayRate"/>: a leak from outside the index shows how often its records fall wholly inside
/// an indexed extract by chance. A project's evidence is how much worse the records are explained
/// without it, in bits (log2 likelihood ratio).
/// </summary>
public sealed class SourceMixture
{
    /// <summary>Bounds on the probability that a record from outside the index is held in full by an indexed project anyway.</summary>
    public const double MinStrayRate = 1e-3, MaxStrayRate = 0.05;
    private const int MaxIterations = 5000;

    private readonly IReadOnlyList<(ulong Explaining, long Count)> _groups;
    private readonly int _projects;

    /// <param name="groups">Records by the set of projects that hold them in full (the empty set: none does).</param>
    public SourceMixture(IReadOnlyList<(ulong Explaining, long Count)> groups, int projects)
    {
        if (projects >= 64) throw new ArgumentException("at most 63 projects");
        _groups = groups.Where(g => g.Count > 0).ToList();
        _projects = projects;
        var all = _groups.Aggregate(0UL, (m, g) => m | g.Explaining);
        var (fitted, stray) = Fit(all);
        Shares = fitted[..projects];
        OutsideShare = fitted[projects];
        StrayRate = stray;
        var full = LogLikelihood(fitted, stray);
        Bits = new double[projects];
        for (var q = 0; q < projects; q++)
        {
            if ((all & (1UL << q)) == 0) continue;
            var (without, strayWithout) = Fit(all & ~(1UL << q));
            Bits[q] = Math.Max(0, full - LogLikelihood(without, strayWithout));
        }
    }

    /// <summary>Each project's share of the matched records.</summary>
    public double[] Shares { get; }

    /// <summary>The share of the matched records from outside the index (or merged from several extracts).</summary>
    public double OutsideShare { get; }

    /// <summary>The estimated probability that a record from outside the index is held in full by an indexed project.</summary>
    public double StrayRate { get; }

    /// <summary>Per project: log2 of how many times likelier the records are with the project among the sources than without it.</summary>
    public double[] Bits { get; }

    /// <summary>Shares of the allowed projects and (last) of the outside source, and the stray rate.</summary>
    private (double[] Shares, double Stray) Fit(ulong allowed)
    {
        var stray = MinStrayRate;
        var members = Enumerable.Range(0, _projects).Where(q => (allowed & (1UL << q)) != 0).Append(_projects).ToList();
        var shares = new double[_projects + 1];
        foreach (var q in members) shares[q] = 1.0 / members.Count;
        var next = new double[_projects + 1];
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            Array.Clear(next);
            double total = 0, outsideHeld = 0, outsideAll = 0;
            foreach (var (explaining, count) in _groups)
            {
                var mask = explaining & allowed;
                var outside = shares[_projects] * (explaining == 0 ? 1 - stray : stray);
                var sum = outside;
                for (var q = 0; q < _projects; q++)
                    if ((mask & (1UL << q)) != 0) sum += shares[q];
                if (sum <= 0) continue;
                for (var q = 0; q < _projects; q++)
                    if ((mask & (1UL << q)) != 0) next[q] += count * shares[q] / sum;
                next[_projects] += count * outside / sum;
                outsideAll += count * outside / sum;
                if (explaining != 0) outsideHeld += count * outside / sum;
                total += count;
            }
            if (total <= 0) return (shares, stray);
            var updatedStray = outsideAll > 0 ? Math.Clamp(outsideHeld / outsideAll, MinStrayRate, MaxStrayRate) : stray;
            double change = Math.Abs(updatedStray - stray);
            stray = updatedStray;
            foreach (var q in members)
            {
                var updated = next[q] / total;
                change = Math.Max(change, Math.Abs(updated - shares[q]));
                shares[q] = updated;
            }
            if (change < 1e-10) break;
        }
        return (shares, stray);
    }

    private double LogLikelihood(double[] shares, double stray)
    {
        double sum = 0;
        foreach (var (explaining, count) in _groups)
        {
            var p = shares[_projects] * (explaining == 0 ? 1 - stray : stray);
            for (var q = 0; q < _projects; q++)
                if ((explaining & (1UL << q)) != 0) p += shares[q];
            sum += count * Math.Log2(Math.Max(1e-300, p));
        }
        return sum;
    }
}
