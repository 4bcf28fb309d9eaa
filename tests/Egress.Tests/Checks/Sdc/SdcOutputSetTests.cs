using Egress.Cohort.Outputs;
using Egress.Core;
using Egress.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Egress.Tests.Checks.Sdc;

/// <summary>
/// The disclosure rules on outputs that should pass them: the 240 legitimate outputs of the generator
/// (every count at least 10, no minima or maxima) and the outputs human checkers released
/// (../shared/realcorpus). Prints every table's kind and every non-info SDC finding, so a change in
/// the share of review can be explained.
/// </summary>
[Collection("indexed-cohort")]
public class SdcOutputSetTests(IndexedCohort cohort, ITestOutputHelper output)
{
    private static Policy WithoutSdc()
    {
        var policy = new Policy();
        policy.Sdc.Enabled = false;
        return policy;
    }

    private static string Counts(IEnumerable<CheckReport> reports)
    {
        var counts = reports.GroupBy(r => r.Verdict).ToDictionary(g => g.Key, g => g.Count());
        return $"release {counts.GetValueOrDefault(Verdict.Release)}, review {counts.GetValueOrDefault(Verdict.Review)}, block {counts.GetValueOrDefault(Verdict.Block)}";
    }

    [Fact]
    public void Legitimate_outputs_are_read_as_tables_and_pass_the_rules()
    {
        var outDir = Directory.CreateTempSubdirectory("egress-sdc-legit-").FullName;
        var outputs = LegitimateOutputGenerator.Generate(cohort.Files.Directory, outDir, 240, 1);
        var reports = outputs.Select(o => (o, r: cohort.Check(o.FullPath))).ToList();
        var without = outputs.Select(o => cohort.Check(o.FullPath, "A", WithoutSdc())).ToList();
        output.WriteLine($"legitimate outputs: {outputs.Count}; without the SDC rules {Counts(without)}; with them {Counts(reports.Select(x => x.r))}");
        foreach (var kind in reports.GroupBy(x => x.o.Kind))
            output.WriteLine($"  {kind.Key}: tables {string.Join(", ", kind.SelectMany(x => x.r.Tables).GroupBy(t => t.Kind).Select(g => $"{g.Key} {g.Count()}"))}; " +
                $"files without a table {kind.Count(x => x.r.Tables.Count == 0)}");
        foreach (var (o, r) in reports.Where(x => x.r.Verdict != Verdict.Release || x.r.Tables.Count == 0))
        {
            output.WriteLine($"{r.Verdict.Name()} {o.FileName} ({o.Kind}: {o.Description})");
            foreach (var f in r.Findings.Where(f => f.Severity > Severity.Info)) output.WriteLine($"    [{f.Rule}] {f.Location}: {f.Message}");
        }
        Assert.DoesNotContain(reports, x => x.r.Verdict == Verdict.Block);
        // Every generated output prints counts of at least 10 and no minima or maxima: none may go to review for the rules.
        Assert.DoesNotContain(reports, x => x.r.Findings.Any(f => f.Rule.StartsWith("sdc-", StringComparison.Ordinal) && f.Severity > Severity.Info));
        Directory.Delete(outDir, recursive: true);
    }

    [RealCorpusFact]
    public void Real_released_outputs_get_no_block_from_the_rules()
    {
        var corpus = RealCorpus.Find()!;
        var files = Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is not ("manifest.tsv" or "README.md")).Order().ToList();
        var reports = files.Select(f => cohort.Check(f)).ToList();
        var without = files.Select(f => cohort.Check(f, "A", WithoutSdc())).ToList();
        output.WriteLine($"real corpus files: {files.Count}; without the SDC rules {Counts(without)}; with them {Counts(reports)}");
        var changed = reports.Zip(without).Where(p => p.First.Verdict != p.Second.Verdict).ToList();
        output.WriteLine($"verdicts changed by the rules: {changed.Count} ({string.Join(", ", changed.GroupBy(p => $"{p.Second.Verdict.Name()}→{p.First.Verdict.Name()}").Select(g => $"{g.Key} {g.Count()}"))})");
        foreach (var r in reports)
        {
            output.WriteLine($"{r.Verdict.Name()} {Path.GetFileName(r.File)}: tables {string.Join(", ", r.Tables.Select(t => t.Kind))}");
            foreach (var f in r.Findings.Where(f => f.Severity > Severity.Info)) output.WriteLine($"    [{f.Rule}] {f.Location}: {f.Message}");
        }
        // Files blocked here are pictures and embedded binaries that no reader on this branch opens: not the tables' doing.
        Assert.DoesNotContain(reports, r => r.Verdict == Verdict.Block && r.Findings.Any(f => f.Severity == Severity.Block && f.Rule.StartsWith("sdc-", StringComparison.Ordinal)));
        Assert.DoesNotContain(reports, r => r.Verdict == Verdict.Block && !r.Findings.Any(f => f.Severity == Severity.Block && f.Rule is "opaque-content" or "image-content"));
    }
}
