using System.Security.Cryptography;
using System.Text;
using Egress.Checks.Sdc;
using Egress.Core;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Checks.Sdc;

/// <summary>
/// ACRO's results submitted with its outputs (results.json, the output CSV and checksums/ as finalise writes them):
/// the cells ACRO flagged settle dominance, p% and the threshold on a magnitude table Egress cannot assess alone; used
/// only for the file they name, verified by its checksum, and only for checks ACRO ran at least as strictly as the policy.
/// </summary>
[Collection("indexed-cohort")]
public class AcroEvidenceTests(IndexedCohort cohort)
{
    // A pandas table of means as ACRO writes it: the index (region) first, then the values n and mean.
    private const string Means = "region,n,mean\nNorth,20,51.2\nSouth,25,48.0\nEast,40,50.3\n";

    private static string Results(string file, string nk = "", string pRatio = "", string threshold = "") =>
        "{\"version\": \"1.0.2\", \"results\": {\"output_0\": {\"uid\": \"output_0\", \"status\": \"fail\", \"type\": \"table\"," +
        " \"properties\": {\"method\": \"crosstab\"}, \"files\": [{\"name\": \"" + file + "\", \"sdc\": {\"summary\": {\"suppressed\": false}," +
        " \"cells\": {\"negative\": [], \"missing\": [], \"threshold\": [" + threshold + "], \"p-ratio\": [" + pRatio + "], \"nk-rule\": [" + nk +
        "], \"all-values-are-same\": []}}}], \"outcome\": {}, \"command\": \"acro.crosstab()\", \"summary\": \"fail\"," +
        " \"timestamp\": \"2026-12-01T10:00:00\", \"comments\": [], \"exception\": \"\"}}}";

    /// <summary>An ACRO output folder: the table, results.json, and (unless left out) checksums/&lt;file&gt;.txt; config.json when given.</summary>
    private string Folder(string results, bool checksum = true, string? config = null, string table = Means)
    {
        var path = cohort.NewFile("output_0_0.csv");
        var folder = Path.GetDirectoryName(path)!;
        File.WriteAllText(path, table);
        File.WriteAllText(Path.Combine(folder, "results.json"), results);
        if (config is not null) File.WriteAllText(Path.Combine(folder, "config.json"), config);
        if (checksum)
        {
            Directory.CreateDirectory(Path.Combine(folder, "checksums"));
            File.WriteAllText(Path.Combine(folder, "checksums", "output_0_0.csv.txt"), Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(table))));
        }
        return path;
    }

    private static List<Finding> Of(CheckReport report, string rule) => report.Findings.Where(f => f.Rule == rule).ToList();

    private static bool Assessed(Finding f) => !(f.Evidence.TryGetValue("assessed", out var a) && a is false);

    private static List<int> FailedRows(Finding finding) =>
        ((System.Collections.IEnumerable)finding.Evidence["cells"]).Cast<IReadOnlyDictionary<string, object>>().Select(c => (int)c["row"]).ToList();

    [Fact]
    public void Cells_acro_flagged_fail_and_the_rest_pass()
    {
        var report = cohort.Check(Folder(Results("output_0_0.csv", nk: "[1, 1]", pRatio: "[1, 1]")));
        Assert.Equal([1], FailedRows(Assert.Single(Of(report, DominanceRule.Rule))));
        Assert.Equal([1], FailedRows(Assert.Single(Of(report, PPercentRule.Rule))));
        Assert.All(report.Findings.Where(f => f.Rule.StartsWith("sdc-", StringComparison.Ordinal)), f => Assert.True(Assessed(f)));
        Assert.Equal(Verdict.Review, report.Verdict);
    }

    [Fact]
    public void A_table_acro_passed_is_assessed_and_released()
    {
        var report = cohort.Check(Folder(Results("output_0_0.csv")));
        Assert.Empty(Of(report, DominanceRule.Rule));
        Assert.Empty(Of(report, PPercentRule.Rule));
        Assert.Equal(Verdict.Release, report.Verdict);
    }

    [Fact]
    public void Acro_threshold_cells_of_an_aggregation_fail_as_too_few_contributors()
    {
        var report = cohort.Check(Folder(Results("output_0_0.csv", threshold: "[0, 1]")));
        Assert.Equal([0], FailedRows(Assert.Single(Of(report, ContributorCountRule.Rule))));
    }

    [Fact]
    public void A_file_changed_since_acro_checked_it_goes_to_review_and_the_results_are_not_used()
    {
        var path = Folder(Results("output_0_0.csv"));
        File.AppendAllText(path, "West,30,49.9\n");
        var report = cohort.Check(path);
        Assert.Equal(Severity.Review, Assert.Single(Of(report, AcroEvidence.InvalidRule)).Severity);
        Assert.Contains(Of(report, DominanceRule.Rule), f => !Assessed(f));
        Assert.Equal(Verdict.Review, report.Verdict);
    }

    [Fact]
    public void Results_without_a_checksum_or_for_another_file_are_not_used()
    {
        var unverified = cohort.Check(Folder(Results("output_0_0.csv"), checksum: false));
        Assert.Contains(Of(unverified, DominanceRule.Rule), f => !Assessed(f));
        var other = cohort.Check(Folder(Results("output_7_0.csv", nk: "[1, 1]")));
        Assert.Contains(Of(other, DominanceRule.Rule), f => !Assessed(f));
        Assert.Empty(Of(other, AcroEvidence.InvalidRule));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"results\": {}}")]
    [InlineData("{\"version\": \"1.0.2\", \"results\": {\"output_0\": {\"files\": [{\"name\": \"output_0_0.csv\", \"sdc\": {\"cells\": {\"nk-rule\": [[1]]}}}]}}}")]
    [InlineData("{\"version\": \"1.0.2\", \"results\": {\"output_0\": {\"status\": \"pass\"}}}")]
    public void Malformed_results_go_to_review(string results)
    {
        var report = cohort.Check(Folder(results));
        Assert.Equal(Severity.Review, Assert.Single(Of(report, AcroEvidence.InvalidRule)).Severity);
        Assert.Contains(Of(report, DominanceRule.Rule), f => !Assessed(f));
    }

    [Fact]
    public void A_check_acro_ran_more_laxly_than_the_policy_does_not_settle_the_rule()
    {
        // ACRO configured with k 0.95 (the policy's is 0.9): its nk-rule says nothing the policy can accept; its p-ratio at 0.1 still counts.
        var report = cohort.Check(Folder(Results("output_0_0.csv"), config: "{\"safe_nk_n\": 2, \"safe_nk_k\": 0.95, \"safe_pratio_p\": 0.1, \"safe_threshold\": 10}"));
        Assert.Contains(Of(report, DominanceRule.Rule), f => !Assessed(f));
        Assert.Empty(Of(report, PPercentRule.Rule));
    }

    [Fact]
    public void Flagged_cells_outside_the_table_are_not_this_tables()
    {
        var report = cohort.Check(Folder(Results("output_0_0.csv", nk: "[7, 1]")));
        Assert.Contains(Of(report, DominanceRule.Rule), f => !Assessed(f));
    }
}
