using Egress.Checks.Sdc;
using Egress.Core;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Checks.Sdc;

/// <summary>
/// Per-cell contributions exported beside a magnitude table (<c>&lt;table&gt;.contributions.csv</c>): with them the
/// dominance (N-K), p% and contributor-count checks are exact, at their boundaries; without them (or with one that
/// cannot be trusted) the table stays "not assessed", and a malformed sidecar sends the file to review.
/// </summary>
[Collection("indexed-cohort")]
public class ContributionEvidenceTests(IndexedCohort cohort)
{
    private const string Sums = "region,n,sum\nNorth,20,1000\nSouth,20,1000\nEast,20,1000\n";
    private const string SidecarHeader = "row,column,count,largest,second_largest,sum\n";

    private CheckReport CheckWithSidecar(string table, string? sidecar, string name = "sums", string? sidecarName = null)
    {
        var path = cohort.NewFile(name + ".csv");
        File.WriteAllText(path, table);
        if (sidecar is not null) File.WriteAllText(Path.Combine(Path.GetDirectoryName(path)!, sidecarName ?? name + ContributionSidecar.Suffix), sidecar);
        return cohort.Check(path);
    }

    private static List<Finding> Of(CheckReport report, string rule) => report.Findings.Where(f => f.Rule == rule).ToList();

    private static List<int> FailedRows(Finding finding) =>
        ((System.Collections.IEnumerable)finding.Evidence["cells"]).Cast<IReadOnlyDictionary<string, object>>().Select(c => (int)c["row"]).ToList();

    private static bool Assessed(Finding f) => !(f.Evidence.TryGetValue("assessed", out var a) && a is false);

    [Fact]
    public void Dominance_is_exact_with_contributions_below_and_above_k()
    {
        // Two largest: 600 + 290 = 0.89 of 1000 passes, 600 + 310 = 0.91 fails; North sits exactly at 0.9 (see the next test).
        var report = CheckWithSidecar(Sums, SidecarHeader + "North,sum,20,600,300,1000\nSouth,sum,20,600,310,1000\nEast,sum,20,600,290,1000\n");
        var dominance = Of(report, DominanceRule.Rule).Where(Assessed).ToList();
        var finding = Assert.Single(dominance);
        Assert.Contains(1, FailedRows(finding));
        Assert.DoesNotContain(2, FailedRows(finding));
        Assert.Equal(Verdict.Review, report.Verdict);
        Assert.DoesNotContain(Of(report, DominanceRule.Rule), f => !Assessed(f));
        // Magnitudes are never shown.
        Assert.DoesNotContain("600", finding.Message);
        Assert.DoesNotContain("310", finding.Message);
    }

    [Fact]
    public void Dominance_at_exactly_k_is_judged_as_the_rule_judges_the_same_numbers_in_the_table()
    {
        // Share exactly 0.9 (600 + 300 of 1000): from the sidecar and from max / second largest columns the verdict is one.
        var withSidecar = CheckWithSidecar("region,n,sum\nNorth,20,1000\n", SidecarHeader + "North,sum,20,600,300,1000\n", "exact_k");
        var inTable = CheckWithSidecar("region,n,sum,max,second largest\nNorth,20,1000,600,300\n", null, "exact_k_table");
        Assert.Equal(
            Of(inTable, DominanceRule.Rule).Any(f => Assessed(f) && f.Severity > Severity.Info),
            Of(withSidecar, DominanceRule.Rule).Any(f => Assessed(f) && f.Severity > Severity.Info));
        Assert.DoesNotContain(Of(withSidecar, DominanceRule.Rule), f => !Assessed(f));
        // Just below k passes either way.
        var below = CheckWithSidecar("region,n,sum\nNorth,20,1000\n", SidecarHeader + "North,sum,20,600,299,1000\n", "below_k");
        Assert.DoesNotContain(below.Findings, f => f.Rule.StartsWith("sdc-", StringComparison.Ordinal) && f.Severity > Severity.Info);
        Assert.Equal(Verdict.Release, below.Verdict);
    }

    [Fact]
    public void P_percent_at_exactly_p_passes_and_below_fails()
    {
        // (1000 − 500 − 450) / 500 = 0.1 passes; (1000 − 500 − 451) / 500 = 0.098 fails.
        var report = CheckWithSidecar(Sums, SidecarHeader + "North,sum,20,500,450,1000\nSouth,sum,20,500,451,1000\nEast,sum,20,100,90,1000\n");
        var finding = Assert.Single(Of(report, PPercentRule.Rule));
        Assert.Equal([1], FailedRows(finding));
    }

    [Fact]
    public void Fewer_contributors_than_the_threshold_fail_and_exactly_the_threshold_passes()
    {
        var report = CheckWithSidecar(Sums, SidecarHeader + "North,sum,9,100,90,1000\nSouth,sum,10,100,90,1000\nEast,sum,40,100,90,1000\n");
        var finding = Assert.Single(Of(report, ContributorCountRule.Rule));
        Assert.Equal([0], FailedRows(finding));
        Assert.Equal(Severity.Review, finding.Severity);
        Assert.Equal("threshold", AcroResults.CheckNames[ContributorCountRule.Rule]);
    }

    [Fact]
    public void Several_label_columns_are_named_as_the_table_joins_them()
    {
        const string table = "region,area,n,sum\nNorth,Urban,20,1000\nNorth,Rural,20,1000\n";
        var report = CheckWithSidecar(table, SidecarHeader + "North / Urban,sum,20,100,90,1000\n\"North / Rural\",sum,20,700,250,1000\n", "two_labels");
        var finding = Assert.Single(Of(report, DominanceRule.Rule), Assessed);
        Assert.Equal([1], FailedRows(finding));
    }

    [Fact]
    public void Without_contributions_a_magnitude_table_is_not_assessed_and_the_policy_can_make_that_a_review()
    {
        var report = CheckWithSidecar(Sums, null, "no_sidecar");
        Assert.Contains(Of(report, DominanceRule.Rule), f => !Assessed(f) && f.Severity == Severity.Info);
        Assert.Equal(Verdict.Release, report.Verdict);
        // A sidecar of another table does not count.
        var other = CheckWithSidecar(Sums, SidecarHeader + "North,sum,20,600,310,1000\n", "mine", "theirs" + ContributionSidecar.Suffix);
        Assert.Contains(Of(other, DominanceRule.Rule), f => !Assessed(f));

        var strict = Policy.Default;
        strict.Sdc.NotAssessedSeverity = Severity.Review;
        var path = cohort.NewFile("strict.csv");
        File.WriteAllText(path, Sums);
        var reviewed = cohort.Check(path, "A", strict);
        Assert.Equal(Verdict.Review, reviewed.Verdict);
    }

    [Theory]
    [InlineData("row,column,count,largest,sum\nNorth,sum,20,600,1000\n", "lacks second_largest")]
    [InlineData(SidecarHeader + "North,sum,twenty,600,300,1000\n", "not a number")]
    [InlineData(SidecarHeader + "North,sum,20,300,600,1000\n", "inconsistent")]
    [InlineData(SidecarHeader + "North,sum,20,-5,-10,1000\n", "inconsistent")]
    [InlineData(SidecarHeader + "North,sum,20,600,500,1000\n", "inconsistent")]
    [InlineData(SidecarHeader + "North,sum,0,0,0,1000\n", "inconsistent")]
    [InlineData(SidecarHeader + "North,sum,20,600,300,1000\nNorth,sum,20,10,5,1000\n", "second time")]
    [InlineData(SidecarHeader + "North,sum,20,600\n", "fields")]
    [InlineData("", "no header")]
    public void A_malformed_sidecar_is_not_used_and_sends_the_file_to_review(string sidecar, string why)
    {
        var report = CheckWithSidecar(Sums, sidecar, "malformed");
        var finding = Assert.Single(Of(report, ContributionSidecar.InvalidRule));
        Assert.Equal(Severity.Review, finding.Severity);
        Assert.Contains(why, finding.Message);
        Assert.Equal(Verdict.Review, report.Verdict);
        // Its values are not used: the table stays not assessed.
        Assert.Contains(Of(report, DominanceRule.Rule), f => !Assessed(f));
        Assert.DoesNotContain("600", finding.Message);
    }

    [Fact]
    public void The_sidecar_itself_is_evidence_for_the_checker_and_is_never_released()
    {
        var path = cohort.NewFile("sums" + ContributionSidecar.Suffix);
        File.WriteAllText(path, SidecarHeader + "North,sum,20,600,300,1000\nSouth,sum,20,600,310,1000\n");
        var report = cohort.Check(path);
        Assert.Equal(Severity.Review, Assert.Single(Of(report, ContributionSidecar.EvidenceFileRule)).Severity);
        Assert.NotEqual(Verdict.Release, report.Verdict);
    }

    [Fact]
    public void A_site_that_does_not_accept_tre_evidence_judges_the_table_alone()
    {
        var policy = Policy.Default;
        policy.Sdc.AcceptTreEvidence = false;
        var path = cohort.NewFile("distrusted.csv");
        File.WriteAllText(path, Sums);
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(path)!, "distrusted" + ContributionSidecar.Suffix), SidecarHeader + "North,sum,20,600,310,1000\n");
        var report = cohort.Check(path, "A", policy);
        Assert.Contains(Of(report, DominanceRule.Rule), f => !Assessed(f));
        Assert.DoesNotContain(Of(report, DominanceRule.Rule), Assessed);
    }

    [Fact]
    public void A_sidecar_submitted_in_the_same_request_counts_though_each_file_is_stored_apart()
    {
        var table = cohort.NewFile("request_sums.csv");
        File.WriteAllText(table, Sums);
        var sidecar = cohort.NewFile("request_sums" + ContributionSidecar.Suffix);
        File.WriteAllText(sidecar, SidecarHeader + "North,sum,20,600,300,1000\nSouth,sum,20,600,310,1000\nEast,sum,20,600,290,1000\n");
        Assert.NotEqual(Path.GetDirectoryName(table), Path.GetDirectoryName(sidecar));
        var reports = cohort.CheckRequest([table, sidecar]);
        var finding = Assert.Single(Of(reports[0], DominanceRule.Rule), Assessed);
        Assert.Contains(1, FailedRows(finding));
        Assert.Single(Of(reports[1], ContributionSidecar.EvidenceFileRule));
    }
}
