using System.Text;
using Egress.Core;
using Egress.Tests.Support;

namespace Egress.Tests.Checks.Disguise.Adversary;

/// <summary>One leak: which mechanisms made it, of how many participants.</summary>
public sealed record LeakScenario(IReadOnlyList<ITableDisguise> Tables, ILeakWriter Writer, IFileDisguise? Wrap, int Size, int Seed)
{
    public IEnumerable<(string Name, string Item)> Mechanisms =>
        Tables.Select(t => (t.Name, t.Item))
            .Concat(Writer is PlainCsv ? [] : [(Writer.Name, Writer.Item)])
            .Concat(Wrap is null ? [] : [(Wrap.Name, Wrap.Item)]);

    /// <summary>The eid column goes first unless the leak is of disguised IDs (or is the plain baseline with its IDs).</summary>
    public bool DropsIds => !Tables.Any(t => t.KeepsIdColumn || t is DropIdColumn) && Mechanisms.Any();

    public string Describe => Mechanisms.Any() ? string.Join(" + ", Mechanisms.Select(m => m.Name)) : "plain CSV";
}

public sealed record LeakResult(LeakScenario Scenario, Verdict Verdict, int Found, int True, string Rules);

public sealed record LookAlikeResult(ILookAlike LookAlike, int Seed, Verdict Verdict, string Rules);

/// <summary>Makes the leaks and look-alikes and checks them against the shared indexed cohort (project A's extract).</summary>
public sealed class AdversaryRun(IndexedCohort cohort)
{
    public const string Project = "A";
    public static readonly int[] Sizes = [1, 10, 100, 1000];

    private AdversaryCohort? _adversary;

    public AdversaryCohort Adversary
    {
        get
        {
            if (_adversary is null)
            {
                var (header, rows) = cohort.Extract(Project);
                _adversary = new AdversaryCohort(header, rows);
            }
            return _adversary;
        }
    }

    /// <summary>Each mechanism alone at every size, then seeded combinations of two or three at 10 and 100 participants.</summary>
    public IEnumerable<LeakScenario> Scenarios(int combinations = 24)
    {
        var plain = new PlainCsv();
        foreach (var size in Sizes)
        {
            yield return new LeakScenario([], plain, null, size, size);
            foreach (var t in AdversaryRegistry.TableDisguises) yield return new LeakScenario([t], plain, null, size, size);
            foreach (var w in AdversaryRegistry.Writers.Where(w => w is not PlainCsv)) yield return new LeakScenario([], w, null, size, size);
            foreach (var f in AdversaryRegistry.FileDisguises) yield return new LeakScenario([], plain, f, size, size);
        }
        var random = new Random(2026);
        var tables = AdversaryRegistry.TableDisguises;
        var writers = AdversaryRegistry.Writers;
        var wraps = AdversaryRegistry.FileDisguises;
        for (var i = 0; i < combinations; i++)
        {
            // Two or three mechanisms: one or two table disguises, and a writer or a wrapping (or both when three).
            var count = 2 + random.Next(2);
            var chosenTables = tables.OrderBy(_ => random.Next()).Take(Math.Min(tables.Count, count == 3 ? 1 + random.Next(2) : 1)).ToList();
            var rest = count - chosenTables.Count;
            var writer = rest > 0 && random.Next(2) == 0 ? writers[random.Next(writers.Count)] : plain;
            if (writer is not PlainCsv) rest--;
            var wrap = rest > 0 && wraps.Count > 0 ? wraps[random.Next(wraps.Count)] : null;
            yield return new LeakScenario(chosenTables, writer, wrap, i % 2 == 0 ? 10 : 100, 100 + i);
        }
    }

    public LeakResult Run(LeakScenario scenario)
    {
        var random = new Random(scenario.Seed);
        var table = Adversary.Slice(scenario.Size, random);
        var truth = table.Rows.Select(r => r[0]).Distinct().Count();
        if (scenario.DropsIds) table = new DropIdColumn().Apply(table, random);
        foreach (var t in scenario.Tables)
        {
            if (t is ICohortInformed informed) informed.Cohort = Adversary;
            table = t.Apply(table, random);
        }
        var files = scenario.Writer.Write(table, random);
        if (scenario.Wrap is not null) files = scenario.Wrap.Apply(files, random);
        var (verdict, found, rules) = CheckRequest(files);
        return new LeakResult(scenario, verdict, found, truth, rules);
    }

    public LookAlikeResult Run(ILookAlike lookAlike, int seed)
    {
        var (verdict, _, rules) = CheckRequest(lookAlike.Make(Adversary, new Random(seed)));
        return new LookAlikeResult(lookAlike, seed, verdict, rules);
    }

    /// <summary>The files of one airlock request, checked together as the airlock does; the request's verdict is the worst of them.</summary>
    public (Verdict Verdict, int Found, string Rules) CheckRequest(IReadOnlyList<LeakFile> files)
    {
        var folder = Path.GetDirectoryName(cohort.NewFile("x"))!;
        var paths = files.Select(f =>
        {
            var path = Path.Combine(folder, f.Name);
            File.WriteAllBytes(path, f.Content);
            return path;
        }).ToList();
        var reports = cohort.CheckRequest(paths, Project);
        var verdict = reports.Select(r => r.Verdict).Max();
        var rules = string.Join(",", reports.SelectMany(r => r.Findings).Where(f => f.Severity != Severity.Info).Select(f => f.Rule).Distinct().Order());
        return (verdict, reports.Max(r => r.Participants), rules);
    }

    /// <summary>The report: per mechanism, leaks blocked and participants found / true; per look-alike, blocked or reviewed.</summary>
    public static string Report(IReadOnlyList<LeakResult> leaks, IReadOnlyList<LookAlikeResult> lookAlikes)
    {
        var text = new StringBuilder();
        text.Append("| mechanism | item | leaks | blocked | blocked with participants | participants found / true | released |\n");
        text.Append("|---|---|---:|---:|---:|---:|---:|\n");
        var byMechanism = leaks.SelectMany(l => (l.Scenario.Mechanisms.Any() ? l.Scenario.Mechanisms : [("plain CSV", "-")]).Select(m => (m, l)))
            .GroupBy(x => x.m, x => x.l).OrderBy(g => g.Key.Item2, StringComparer.Ordinal).ThenBy(g => g.Key.Item1, StringComparer.Ordinal);
        foreach (var g in byMechanism)
        {
            var all = g.ToList();
            text.Append($"| {g.Key.Item1} | {g.Key.Item2} | {all.Count} | {all.Count(l => l.Verdict == Verdict.Block)} | " +
                        $"{all.Count(l => l.Verdict == Verdict.Block && l.Found > 0)} | {all.Sum(l => Math.Min(l.Found, l.True)):N0} / {all.Sum(l => l.True):N0} | " +
                        $"{all.Count(l => l.Verdict == Verdict.Release)} |\n");
        }
        text.Append($"\nAll leaks: {leaks.Count}, blocked {leaks.Count(l => l.Verdict == Verdict.Block)}, blocked with participants found " +
                    $"{leaks.Count(l => l.Verdict == Verdict.Block && l.Found > 0)}, released {leaks.Count(l => l.Verdict == Verdict.Release)}; " +
                    $"participants found {leaks.Sum(l => Math.Min(l.Found, l.True)):N0} of {leaks.Sum(l => l.True):N0}.\n\n");
        text.Append("| look-alike (legitimate) | item | outputs | blocked | reviewed | released |\n|---|---|---:|---:|---:|---:|\n");
        foreach (var g in lookAlikes.GroupBy(l => l.LookAlike))
            text.Append($"| {g.Key.Name} | {g.Key.Item} | {g.Count()} | {g.Count(l => l.Verdict == Verdict.Block)} | {g.Count(l => l.Verdict == Verdict.Review)} | {g.Count(l => l.Verdict == Verdict.Release)} |\n");
        text.Append("\nLeaks not blocked with participants found:\n");
        foreach (var l in leaks.Where(l => !(l.Verdict == Verdict.Block && l.Found > 0)))
            text.Append($"- {l.Scenario.Describe}, {l.Scenario.Size} participants: {l.Verdict}, {l.Found} found ({l.Rules})\n");
        text.Append("\nLook-alikes blocked or reviewed:\n");
        foreach (var l in lookAlikes.Where(l => l.Verdict != Verdict.Release))
            text.Append($"- {l.LookAlike.Name} (seed {l.Seed}): {l.Verdict} ({l.Rules})\n");
        return text.ToString();
    }
}
