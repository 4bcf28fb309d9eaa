using Egress.Cohort.Outputs;
using Egress.Core;
using Egress.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Egress.Tests.Checks;

/// <summary>
/// The false-alarm measure: legitimate aggregate outputs computed from the cohort, and real outputs that
/// human checkers released (../shared/realcorpus), must get no `block`.
/// </summary>
[Collection("indexed-cohort")]
public class FalseAlarmTests
{
    private readonly IndexedCohort _cohort;
    private readonly ITestOutputHelper _output;

    public FalseAlarmTests(IndexedCohort cohort, ITestOutputHelper output)
    {
        _cohort = cohort;
        _output = output;
    }

    [Fact]
    public void Two_hundred_forty_legitimate_outputs_get_no_block()
    {
        var outDir = Directory.CreateTempSubdirectory("egress-legit-").FullName;
        var outputs = LegitimateOutputGenerator.Generate(_cohort.Files.Directory, outDir, 240, 1);
        Assert.True(outputs.Count >= 200);
        var verdicts = outputs.Select(o => (o, report: _cohort.Check(o.FullPath))).ToList();
        var counts = verdicts.GroupBy(v => v.report.Verdict).ToDictionary(g => g.Key, g => g.Count());
        _output.WriteLine($"legitimate outputs: {outputs.Count}; release {counts.GetValueOrDefault(Verdict.Release)}, review {counts.GetValueOrDefault(Verdict.Review)}, block {counts.GetValueOrDefault(Verdict.Block)}");
        var blocked = verdicts.Where(v => v.report.Verdict == Verdict.Block).Select(v => $"{v.o.FileName}: {string.Join("; ", v.report.Findings.Select(f => f.Message))}").ToList();
        Assert.True(blocked.Count == 0, "blocked: " + string.Join("\n", blocked));
        Directory.Delete(outDir, recursive: true);
    }

    [RealCorpusFact]
    public void Real_released_text_outputs_get_no_block()
    {
        var corpus = RealCorpus.Find()!;
        var textKinds = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".csv", ".tsv", ".txt", ".log", ".out" };
        var files = Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories).Where(f => textKinds.Contains(Path.GetExtension(f))).ToList();
        Assert.NotEmpty(files);
        var reports = files.Select(f => _cohort.Check(f)).ToList();
        var counts = reports.GroupBy(r => r.Verdict).ToDictionary(g => g.Key, g => g.Count());
        _output.WriteLine($"real corpus text files: {files.Count}; release {counts.GetValueOrDefault(Verdict.Release)}, review {counts.GetValueOrDefault(Verdict.Review)}, block {counts.GetValueOrDefault(Verdict.Block)}");
        var blocked = reports.Where(r => r.Verdict == Verdict.Block).Select(r => $"{r.File}: {string.Join("; ", r.Findings.Select(f => f.Message))}").ToList();
        Assert.True(blocked.Count == 0, "blocked: " + string.Join("\n", blocked));
    }

    [RealCorpusFact]
    public void Real_released_figures_and_pdfs_get_no_block()
    {
        var corpus = RealCorpus.Find()!;
        var kinds = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".png", ".jpg", ".jpeg", ".pdf", ".gif", ".tif", ".tiff", ".webp", ".bmp" };
        var files = Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories).Where(f => kinds.Contains(Path.GetExtension(f))).ToList();
        Assert.NotEmpty(files);
        var reports = files.Select(f => _cohort.Check(f)).ToList();
        var counts = reports.GroupBy(r => r.Verdict).ToDictionary(g => g.Key, g => g.Count());
        _output.WriteLine($"real corpus figures and PDFs: {files.Count}; release {counts.GetValueOrDefault(Verdict.Release)}, review {counts.GetValueOrDefault(Verdict.Review)}, block {counts.GetValueOrDefault(Verdict.Block)}");
        var blocked = reports.Where(r => r.Verdict == Verdict.Block).Select(r => $"{r.File}: {string.Join("; ", r.Findings.Select(f => $"{f.Location}: {f.Message}"))}").ToList();
        Assert.True(blocked.Count == 0, "blocked: " + string.Join("\n", blocked));
        // Pictures carry no checkable numbers: by default a person looks at each; none is released unseen.
        Assert.All(reports.Where(r => Path.GetExtension(r.File) is not ".pdf"), r => Assert.Equal(Verdict.Review, r.Verdict));
        var releaseCleanPlots = new Policy { Images = new ImagePolicy { ReleaseCleanPlots = true } };
        var released = files.Count(f => Path.GetExtension(f) is not ".pdf" && _cohort.Check(f, "A", releaseCleanPlots).Verdict == Verdict.Release);
        _output.WriteLine($"with images.releaseCleanPlots: {released} of {files.Count(f => Path.GetExtension(f) is not ".pdf")} pictures released as clean plots");
    }
}
