using Egress.Core;
using Egress.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Egress.Tests.Checks.Disguise.Adversary;

/// <summary>
/// The adversary against the whole engine: every mechanism alone at 1 to 1,000 participants and in seeded combinations of
/// two or three, and every look-alike legitimate output; the table the closing notes quote goes to artifacts/adversary-report.md.
/// </summary>
[Collection("indexed-cohort")]
public class AdversaryReportTests(IndexedCohort cohort, ITestOutputHelper output)
{
    [Fact]
    public void Leaks_are_blocked_with_their_participants_and_look_alikes_are_not()
    {
        var run = new AdversaryRun(cohort);
        var leaks = run.Scenarios().Select(run.Run).ToList();
        var lookAlikes = AdversaryRegistry.LookAlikes.SelectMany(l => new[] { 1, 2, 3 }.Select(seed => run.Run(l, seed))).ToList();
        var report = AdversaryRun.Report(leaks, lookAlikes);
        output.WriteLine(report);
        var artifacts = Path.Combine(RepositoryFolder(), "artifacts");
        Directory.CreateDirectory(artifacts);
        File.WriteAllText(Path.Combine(artifacts, "adversary-report.md"), report);

        Assert.DoesNotContain(lookAlikes, l => l.Verdict == Verdict.Block);
        Assert.DoesNotContain(leaks, l => l.Verdict == Verdict.Release && !KnownLimit(l.Scenario));
    }

    /// <summary>
    /// A plot of one participant's point: two values are 3-7 bits, and a scatter of a few points looks like a few group means
    /// (released): nothing tells them apart. Every other leak, at every size, is at least reviewed.
    /// </summary>
    private static bool KnownLimit(LeakScenario scenario) => scenario.Size == 1 && scenario.Writer.Item.StartsWith("8 ", StringComparison.Ordinal);

    private static string RepositoryFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Egress.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
