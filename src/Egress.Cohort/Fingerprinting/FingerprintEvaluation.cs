using Egress.Cohort.Simulation;

namespace Egress.Cohort.Fingerprinting;

/// <summary>How one scenario fared over its trials.</summary>
public sealed record ScenarioOutcome(CollusionScenario Scenario, int Trials, double MedianRows, double MedianPositions,
    int Undecided, int CaughtAny, int CaughtAll, int InnocentsAccused, int InnocentTests, double MaxInnocentScoreOverThreshold);

/// <summary>
/// Measures detection and false accusation (docs/forensics.md, bench/fingerprint.sh): per trial a random
/// set of colluding projects leaks a mix of their extracts; the rest of the projects are the innocents.
/// Seeded: the same arguments give the same table, whatever the number of threads.
/// </summary>
public sealed class FingerprintEvaluation
{
    private const ulong TrialStream = 0xF1_4E_E9;

    private readonly GeneratedCohort _cohort;
    private readonly FingerprintCode _code;
    private readonly CohortHoldings _holdings;
    private readonly LeakRowAligner _aligner;
    private readonly double _epsilon;

    /// <param name="cohort">Every project fingerprinted with <paramref name="code"/>.</param>
    public FingerprintEvaluation(GeneratedCohort cohort, FingerprintCode code, double epsilon = AccusationThreshold.DefaultEpsilon)
    {
        _cohort = cohort;
        _code = code;
        _holdings = CohortHoldings.From(cohort);
        _aligner = new LeakRowAligner(cohort.Table);
        _epsilon = epsilon;
    }

    public ScenarioOutcome Run(CollusionScenario scenario, int trials, ulong seed, int scenarioNumber)
    {
        var projects = _cohort.Projects;
        if (scenario.Colluders < 1 || scenario.Colluders >= projects.Count)
            throw new ArgumentOutOfRangeException(nameof(scenario), "colluders must be at least 1 and leave an innocent project");
        var results = new (int Rows, long Positions, bool Decided, int Caught, int Innocents, double MaxInnocent)[trials];
        Parallel.For(0, trials, t =>
        {
            var rng = Xoshiro256StarStar.ForStream(seed, TrialStream, (ulong)scenarioNumber << 20 | (uint)t);
            var order = Enumerable.Range(0, projects.Count).ToArray();
            Extracts.DistinctSampler.Shuffle(ref rng, order);
            var colluders = order.Take(scenario.Colluders).Select(i => projects[i]).ToArray();
            var leak = CollusionLeak.Build(_cohort, colluders, scenario, ref rng);
            var detector = new FingerprintDetector(_code, _holdings, _aligner, _epsilon);
            detector.Read(leak);
            var report = detector.Report();
            var guilty = colluders.Select(c => c.Name).ToHashSet();
            var innocents = report.Projects.Where(p => !guilty.Contains(p.Project)).ToList();
            results[t] = (leak.Count, report.PositionsRead, report.Projects.Any(p => p.Decidable),
                report.Projects.Count(p => p.Accused && guilty.Contains(p.Project)),
                innocents.Count(p => p.Accused),
                innocents.Max(p => p.Threshold > 0 ? p.Score / p.Threshold : 0));
        });
        return new ScenarioOutcome(scenario, trials,
            Median(results.Select(r => (double)r.Rows)), Median(results.Select(r => (double)r.Positions)),
            results.Count(r => !r.Decided), results.Count(r => r.Caught > 0), results.Count(r => r.Caught == scenario.Colluders),
            results.Sum(r => r.Innocents), trials * (projects.Count - scenario.Colluders), results.Max(r => r.MaxInnocent));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
