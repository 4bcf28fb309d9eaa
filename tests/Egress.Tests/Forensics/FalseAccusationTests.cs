using Egress.Checks.Forensics;
using Egress.Core;
using Egress.Index;
using Egress.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Egress.Tests.Forensics;

/// <summary>
/// The false-accusation rate: leaks of a project that is not in the index (the index is built from the
/// other two projects) must name no indexed project, although those projects share most of its people
/// and many of its fields. Measured over 42 leaks — each of the three projects in turn left out; 1 %
/// and 10 % samples (three seeds each) and the whole extract, with and without IDs.
/// </summary>
[Collection(IndexedCohortCollection.Name)]
public sealed class FalseAccusationTests(IndexedCohort cohort, ITestOutputHelper output)
{
    [Fact]
    public void Leaks_from_a_project_outside_the_index_name_no_indexed_project()
    {
        var leaks = 0;
        var accusations = new List<string>();
        var strayShares = new List<double>();
        foreach (var outside in new[] { "A", "B", "C" })
        {
            var inside = cohort.Files.Projects.Where(p => p.Name != outside).ToList();
            var dir = Path.Combine(cohort.Root, $"index-without-{outside}");
            new IndexBuilder(cohort.Key).Build(inside.Select(p => new ExtractSource(p.Name, p.Extract.Path)).ToList(), dir);
            using var index = CohortIndex.Open(dir, cohort.Key);
            var tracer = new LeakTracer(index, Policy.Default);
            foreach (var (fraction, seed) in new[] { (0.01, 1), (0.01, 2), (0.01, 3), (0.10, 1), (0.10, 2), (0.10, 3), (1.0, 1) })
                foreach (var withIds in new[] { false, true })
                {
                    var leak = LeakSamples.Sample(cohort, outside, fraction, withIds, seed, cohort.NewFile("outside.csv"));
                    var report = tracer.Trace([leak]);
                    leaks++;
                    strayShares.Add(1 - report.OutsideShare);
                    foreach (var named in report.Candidates.Where(c => c.Named))
                        accusations.Add($"{outside} {fraction:P0} ids={withIds}: named {named.Project} (score {named.Score}, share {named.Share})");
                }
        }
        output.WriteLine($"false accusations: {accusations.Count} of {leaks} leaks from a project outside the index " +
                         $"(rate {(double)accusations.Count / leaks:P1}); largest share attributed to indexed projects: {strayShares.Max():P2}");
        foreach (var a in accusations) output.WriteLine(a);
        Assert.Empty(accusations);
    }
}
