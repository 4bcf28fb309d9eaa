using System.Text;

namespace Egress.Cohort.Outputs;

/// <summary>
/// Writes a set of legitimate aggregate research outputs computed from a cohort (the false-alarm set an output
/// checker must release), plus <c>index.tsv</c> (file, kind, description). Kinds are balanced; each output is
/// drafted from its own random stream, so the set is identical for a seed however many threads draft it.
/// </summary>
public static class LegitimateOutputGenerator
{
    public const string IndexFileName = "index.tsv";

    private static readonly ILegitimateOutput[] Kinds =
    [
        new FrequencyTableOutput(), new SummaryStatisticsOutput(), new RegressionTableOutput(), new GwasSummaryStatisticsOutput(),
        new CorrelationMatrixOutput(), new SurvivalTableOutput(), new CrosstabOutput(), new SimulationStudyOutput(),
    ];

    /// <summary>Reads <c>cohortDir/master.csv</c> and writes <paramref name="count"/> outputs into <paramref name="outDir"/>.</summary>
    public static IReadOnlyList<GeneratedOutput> Generate(string cohortDir, string outDir, int count, ulong seed) =>
        Generate(CohortVariables.From(MasterCohortReader.Read(cohortDir)), outDir, count, seed);

    public static IReadOnlyList<GeneratedOutput> Generate(CohortVariables cohort, string outDir, int count, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var plan = PlanKinds(count, seed);
        var drafts = new (OutputKind Kind, OutputDraft Draft)[count];
        // Bounded to the core count: drafts are CPU-bound, and extra pool threads only time-slice.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, count, parallel, i => drafts[i] = Draft(cohort, plan[i], seed, i));

        Directory.CreateDirectory(outDir);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var written = new GeneratedOutput[count];
        for (int i = 0; i < count; i++)
        {
            var (kind, draft) = drafts[i];
            string name = draft.BaseName + draft.Extension;
            for (int k = 2; !names.Add(name); k++) name = $"{draft.BaseName}_{k}{draft.Extension}";
            written[i] = new GeneratedOutput(name, Path.Combine(outDir, name), kind, draft.Description, draft.SmallestCount);
        }
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        Parallel.For(0, count, parallel, i => File.WriteAllText(written[i].FullPath, drafts[i].Draft.Content, utf8));

        var index = new StringBuilder("file\tkind\tdescription\n");
        foreach (var o in written)
            index.Append(o.FileName).Append('\t').Append(o.Kind.Name()).Append('\t').Append(Clean(o.Description)).Append('\n');
        File.WriteAllText(Path.Combine(outDir, IndexFileName), index.ToString(), utf8);
        return written;
    }

    /// <summary>Each kind once per round of <c>Kinds.Length</c> outputs, in a seed-shuffled order per round.</summary>
    private static OutputKind[] PlanKinds(int count, ulong seed)
    {
        var rng = new SeededRandom(seed, ulong.MaxValue);
        var plan = new List<OutputKind>(count + Kinds.Length);
        while (plan.Count < count)
        {
            var round = Kinds.Select(k => k.Kind).ToList();
            rng.Shuffle(round);
            plan.AddRange(round);
        }
        return plan.Take(count).ToArray();
    }

    /// <summary>
    /// Drafts output <paramref name="slot"/>: its planned kind, retried with fresh streams; if the cohort lacks what
    /// that kind needs (missing columns), the next kinds in turn. Simulation never needs the cohort, so this ends.
    /// </summary>
    private static (OutputKind, OutputDraft) Draft(CohortVariables cohort, OutputKind planned, ulong seed, int slot)
    {
        int first = Array.FindIndex(Kinds, k => k.Kind == planned);
        for (int shift = 0; shift < Kinds.Length; shift++)
        {
            var kind = Kinds[(first + shift) % Kinds.Length];
            for (int attempt = 0; attempt < 4; attempt++)
            {
                var rng = new SeededRandom(seed, (ulong)slot * 64 + (ulong)(shift * 4 + attempt));
                if (kind.TryCreate(cohort, rng) is { } draft) return (kind.Kind, draft);
            }
        }
        throw new InvalidOperationException("no output kind could be drafted");
    }

    private static string Clean(string s) => s.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
}
