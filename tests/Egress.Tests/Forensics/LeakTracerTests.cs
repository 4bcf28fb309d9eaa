using Egress.Checks.Forensics;
using Egress.Core;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Forensics;

/// <summary>
/// `egress trace` on leaks made from the generated cohort (20,000 participants, 3 projects): the project
/// a leak came from is ranked first and named, with or without IDs, from 1 % of its records to all of
/// them; a merge of three projects names all three with their shares.
/// </summary>
[Collection(IndexedCohortCollection.Name)]
public sealed class LeakTracerTests(IndexedCohort cohort)
{
    /// <summary>Shares of a merge are estimated within this much of the truth (absolute).</summary>
    public const double ShareTolerance = 0.03;

    private TraceReport Trace(params string[] files) => new LeakTracer(cohort.Index, Policy.Default).Trace(files);

    [Theory]
    [InlineData("A", 0.01, true)]
    [InlineData("A", 0.01, false)]
    [InlineData("A", 0.10, true)]
    [InlineData("A", 0.10, false)]
    [InlineData("A", 1.00, true)]
    [InlineData("A", 1.00, false)]
    [InlineData("B", 0.10, true)]
    [InlineData("B", 0.10, false)]
    [InlineData("C", 1.00, true)]
    [InlineData("C", 1.00, false)]
    public void A_leak_of_one_project_names_that_project_first(string project, double fraction, bool withIds)
    {
        var leak = LeakSamples.Sample(cohort, project, fraction, withIds, seed: 11, cohort.NewFile("leak.csv"));
        var report = Trace(leak);

        var top = report.Candidates[0];
        Assert.Equal(project, top.Project);
        Assert.True(top.Named, $"{project} not named: score {top.Score}");
        Assert.True(top.Share >= 1 - ShareTolerance, $"share {top.Share}");
        Assert.DoesNotContain(report.Candidates.Skip(1), c => c.Named);
        var rows = cohort.Extract(project).Rows.Count;
        Assert.InRange(top.Participants, (int)(0.97 * Math.Round(rows * fraction)), (int)Math.Round(rows * fraction));
        if (withIds) Assert.True(top.Evidence.Ids > 0);
        Assert.Empty(report.NotRead);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_merge_of_three_projects_names_each_with_its_share(bool withIds)
    {
        (string, int)[] parts = [("A", 1500), ("B", 900), ("C", 600)];
        var leak = LeakSamples.Merge(cohort, parts, withIds, seed: 5, cohort.NewFile("pooled.csv"));
        var report = Trace(leak);

        var named = report.Candidates.Where(c => c.Named).ToList();
        Assert.Equal(["A", "B", "C"], named.Select(c => c.Project).Order());
        Assert.Equal(["A", "B", "C"], report.Candidates.Take(3).Select(c => c.Project).Order());
        foreach (var (project, count) in parts)
        {
            var share = report.Candidates.Single(c => c.Project == project).Share;
            Assert.InRange(share, count / 3000.0 - ShareTolerance, count / 3000.0 + ShareTolerance);
        }
    }

    [Fact]
    public void Records_inside_a_zip_are_traced_like_plain_ones()
    {
        var csv = LeakSamples.Sample(cohort, "B", 0.02, withIds: false, seed: 3, cohort.NewFile("b.csv"));
        var zip = cohort.NewFile("dump.zip");
        using (var archive = new System.IO.Compression.ZipArchive(File.Create(zip), System.IO.Compression.ZipArchiveMode.Create))
        using (var entry = archive.CreateEntry("export/b.csv").Open())
            entry.Write(File.ReadAllBytes(csv));
        var report = Trace(zip);

        Assert.Equal("B", report.Candidates[0].Project);
        Assert.True(report.Candidates[0].Named);
    }

    [Fact]
    public void A_file_without_participant_data_names_no_one()
    {
        var path = cohort.NewFile("notes.txt");
        File.WriteAllText(path, "Meeting notes: the model converged; mean BMI 27.1 (SD 4.6) in 18,000 participants.\n");
        var report = Trace(path);

        Assert.DoesNotContain(report.Candidates, c => c.Named);
        Assert.Equal(0, report.RecordsMatched);
    }
}
