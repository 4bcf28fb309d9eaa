using Egress.Checks.Sdc;
using Egress.Core;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Checks.Sdc;

/// <summary>
/// Every disclosure rule on hand-built tables in every table format (CSV, TSV, XLSX, HTML, Markdown,
/// R console print, JSON), end to end through the check engine: the failing cell is reported where it
/// is, the cell at the borderline passes, the rule's parameters and guidance are in the finding, and a
/// failure sends the file to review (never block) by default.
/// </summary>
[Collection("indexed-cohort")]
public class SdcRuleTests(IndexedCohort cohort)
{
    private CheckReport Check(TableFormat format, string name, string[] header, string[][] rows, Policy? policy = null)
    {
        var path = TableFormats.Write(format, cohort.NewFile(name + TableFormats.Extension(format)), header, rows);
        return cohort.Check(path, "A", policy);
    }

    private static List<Finding> Of(CheckReport report, string rule) => report.Findings.Where(f => f.Rule == rule).ToList();

    private static IReadOnlyList<string> FailedLocations(Finding finding) =>
        ((System.Collections.IEnumerable)finding.Evidence["cells"]).Cast<IReadOnlyDictionary<string, object>>().Select(c => (string)c["location"]).ToList();

    private static void AssertReviewWithGuidance(CheckReport report, Finding finding)
    {
        Assert.Equal(Severity.Review, finding.Severity);
        Assert.Equal(Verdict.Review, report.Verdict);
        Assert.False(string.IsNullOrWhiteSpace(finding.Guidance));
        Assert.True(finding.Evidence.ContainsKey("parameters"));
    }

    private static readonly string[] FrequencyHeader = ["sex", "smoking", "n"];

    [Theory]
    [MemberData(nameof(TableFormats.All), MemberType = typeof(TableFormats))]
    public void A_count_of_nine_fails_and_a_count_of_ten_passes(TableFormat format)
    {
        string[][] rows = [["Female", "Never", "1234"], ["Female", "Current", "9"], ["Male", "Never", "10"], ["Male", "Current", "567"]];
        var report = Check(format, "counts", FrequencyHeader, rows);
        var finding = Assert.Single(Of(report, MinimumCellCountRule.Rule));
        AssertReviewWithGuidance(report, finding);
        var where = Assert.Single(FailedLocations(finding));
        Assert.EndsWith(TableFormats.Where(format, Path.GetFileName(report.File), 1, 2, FrequencyHeader), where);
        Assert.Contains("(count 9)", finding.Message);
        Assert.Equal(10, ((IReadOnlyDictionary<string, object>)finding.Evidence["parameters"])["threshold"]);
    }

    [Theory]
    [MemberData(nameof(TableFormats.All), MemberType = typeof(TableFormats))]
    public void Counts_of_ten_and_more_pass(TableFormat format)
    {
        string[][] rows = [["Female", "Never", "1234"], ["Female", "Current", "10"], ["Male", "Never", "11"], ["Male", "Current", "567"]];
        var report = Check(format, "counts_ok", FrequencyHeader, rows);
        Assert.DoesNotContain(report.Findings, f => f.Rule.StartsWith("sdc-", StringComparison.Ordinal) && f.Severity > Severity.Info);
        Assert.Equal(Verdict.Release, report.Verdict);
        Assert.Contains(report.Tables, t => t.Kind == "frequency table");
    }

    [Theory]
    [MemberData(nameof(TableFormats.All), MemberType = typeof(TableFormats))]
    public void Suppressed_counts_are_respected(TableFormat format)
    {
        string[][] rows =
        [
            ["A", "x", "<10"], ["A", "y", "< 5"], ["B", "x", "[REDACTED]"], ["B", "y", "*"], ["C", "x", "~"], ["C", "y", "-"],
            ["D", "x", "NA"], ["D", "y", "[low]"], ["E", "x", "suppressed"], ["E", "y", "1234"], ["F", "x", "56"], ["F", "y", "78"],
        ];
        var report = Check(format, "suppressed", ["group", "category", "n"], rows);
        Assert.Empty(Of(report, MinimumCellCountRule.Rule));
        Assert.Contains(report.Tables, t => t.Kind == "frequency table");
    }

    [Theory]
    [MemberData(nameof(TableFormats.All), MemberType = typeof(TableFormats))]
    public void Multiples_of_five_are_not_rounding_unless_declared(TableFormat format)
    {
        // Four multiples of 5 by chance (or a real 5) are not a rounded table: the 5 fails as any small count.
        string[][] rows = [["Female", "Never", "15"], ["Female", "Current", "5"], ["Male", "Never", "20"], ["Male", "Current", "100"]];
        var report = Check(format, "fives", FrequencyHeader, rows);
        var finding = Assert.Single(Of(report, MinimumCellCountRule.Rule));
        Assert.EndsWith(TableFormats.Where(format, Path.GetFileName(report.File), 1, 2, FrequencyHeader), Assert.Single(FailedLocations(finding)));
        // Declared by the policy (the TRE rounds every export to 5), the same table passes and a 3 still fails.
        var policy = new Policy();
        policy.Sdc.RoundedTo = 5;
        Assert.Empty(Of(Check(format, "declared", FrequencyHeader, rows, policy), MinimumCellCountRule.Rule));
        string[][] unrounded = [["Female", "Never", "15"], ["Female", "Current", "3"], ["Male", "Never", "20"], ["Male", "Current", "100"]];
        Assert.Single(Of(Check(format, "unrounded", FrequencyHeader, unrounded, policy), MinimumCellCountRule.Rule));
    }

    private static readonly string[] CrossHeader = ["smoking", "Female", "Male", "Unknown"];

    [Theory]
    [MemberData(nameof(TableFormats.All), MemberType = typeof(TableFormats))]
    public void A_zero_beside_counts_in_a_cross_tabulation_fails(TableFormat format)
    {
        string[][] rows = [["Never", "121", "0", "33"], ["Current", "41", "36", "12"], ["Former", "62", "57", "21"]];
        var report = Check(format, "crosstab_zero", CrossHeader, rows);
        var finding = Assert.Single(Of(report, ZeroCellRule.Rule));
        AssertReviewWithGuidance(report, finding);
        Assert.EndsWith(TableFormats.Where(format, Path.GetFileName(report.File), 0, 2, CrossHeader), Assert.Single(FailedLocations(finding)));
        Assert.Empty(Of(report, ClassDisclosureRule.Rule));
    }

    [Theory]
    [MemberData(nameof(TableFormats.All), MemberType = typeof(TableFormats))]
    public void A_row_whose_count_sits_in_one_cell_is_class_disclosure(TableFormat format)
    {
        string[][] rows = [["Never", "121", "112", "33"], ["Current", "0", "36", "0"], ["Former", "62", "57", "21"]];
        var report = Check(format, "crosstab_class", CrossHeader, rows);
        var finding = Assert.Single(Of(report, ClassDisclosureRule.Rule));
        AssertReviewWithGuidance(report, finding);
        Assert.EndsWith(TableFormats.Where(format, Path.GetFileName(report.File), 1, 2, CrossHeader), Assert.Single(FailedLocations(finding)));
        Assert.Empty(Of(report, ZeroCellRule.Rule));
    }

    private static readonly string[] MagnitudeHeader = ["region", "n", "sum", "max", "second largest"];

    [Theory]
    [MemberData(nameof(TableFormats.All), MemberType = typeof(TableFormats))]
    public void Dominance_of_exactly_k_fails_and_less_passes(TableFormat format)
    {
        // Two largest: 500 + 390 = 0.89 of 1000 (passes), 500 + 400 = 0.90 (fails: a share of k or more fails).
        string[][] rows = [["North", "20", "1000", "500", "390"], ["South", "20", "1000", "500", "400"], ["East", "40", "2000", "100", "90"]];
        var report = Check(format, "dominance", MagnitudeHeader, rows);
        var finding = Assert.Single(Of(report, DominanceRule.Rule));
        AssertReviewWithGuidance(report, finding);
        Assert.EndsWith(TableFormats.Where(format, Path.GetFileName(report.File), 1, 3, MagnitudeHeader), Assert.Single(FailedLocations(finding)));
        var parameters = (IReadOnlyDictionary<string, object>)finding.Evidence["parameters"];
        Assert.Equal(2, parameters["n"]);
        Assert.Equal(0.9, parameters["k"]);
    }

    [Theory]
    [MemberData(nameof(TableFormats.All), MemberType = typeof(TableFormats))]
    public void P_percent_of_exactly_p_passes_and_less_fails(TableFormat format)
    {
        // Rest after the two largest: (1000 − 500 − 450) / 500 = 0.10 (passes), (1000 − 500 − 451) / 500 = 0.098 (fails).
        string[][] rows = [["North", "20", "1000", "500", "450"], ["South", "20", "1000", "500", "451"], ["East", "40", "2000", "100", "90"]];
        var report = Check(format, "ppercent", MagnitudeHeader, rows);
        var finding = Assert.Single(Of(report, PPercentRule.Rule));
        AssertReviewWithGuidance(report, finding);
        Assert.EndsWith(TableFormats.Where(format, Path.GetFileName(report.File), 1, 3, MagnitudeHeader), Assert.Single(FailedLocations(finding)));
    }

    [Theory]
    [MemberData(nameof(TableFormats.All), MemberType = typeof(TableFormats))]
    public void Sums_without_their_largest_contributions_cannot_be_assessed_and_say_so(TableFormat format)
    {
        string[][] rows = [["North", "20", "1000"], ["South", "25", "1300"], ["East", "40", "2000"]];
        var report = Check(format, "sums", ["region", "n", "sum"], rows);
        var finding = Assert.Single(Of(report, DominanceRule.Rule));
        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Equal(false, finding.Evidence["assessed"]);
        Assert.Equal(Verdict.Release, report.Verdict);
    }

    private static readonly string[] SummaryHeader = ["group", "n", "mean", "sd", "median"];

    [Theory]
    [MemberData(nameof(TableFormats.All), MemberType = typeof(TableFormats))]
    public void Statistics_of_nine_people_fail_and_of_ten_pass(TableFormat format)
    {
        string[][] rows = [["A", "10", "5.21", "1.02", "5.1"], ["B", "9", "6.40", "0.98", "6.3"], ["C", "250", "5.87", "1.10", "5.9"]];
        var report = Check(format, "summary", SummaryHeader, rows);
        var finding = Assert.Single(Of(report, SmallGroupStatisticRule.Rule));
        AssertReviewWithGuidance(report, finding);
        var file = Path.GetFileName(report.File);
        // Group A's 10 people pass for the mean and median; its SD needs n − 1 of at least 10, so it fails.
        Assert.Equal([(0, 3), (1, 2), (1, 3), (1, 4)], FailedLocations(finding).Select(l =>
            (from r in Enumerable.Range(0, 2) from c in Enumerable.Range(2, 3) where l.EndsWith(TableFormats.Where(format, file, r, c, SummaryHeader)) select (r, c)).Single()));
        // The statistics of a small group are never printed in the report.
        Assert.DoesNotContain("6.40", finding.Message);
        Assert.DoesNotContain("6.3", finding.Message);
        Assert.Single(Of(report, MinimumCellCountRule.Rule));
    }

    private static readonly string[] ExtremesHeader = ["variable", "n", "mean", "min", "max"];

    [Theory]
    [MemberData(nameof(TableFormats.All), MemberType = typeof(TableFormats))]
    public void Minima_and_maxima_go_to_review_without_their_values(TableFormat format)
    {
        string[][] rows = [["bmi", "1500", "27.43", "15.62", "61.97"], ["sbp", "1490", "137.9", "81", "231"]];
        var report = Check(format, "extremes", ExtremesHeader, rows);
        var finding = Assert.Single(Of(report, ExtremeValuesRule.Rule));
        AssertReviewWithGuidance(report, finding);
        Assert.Equal(4, FailedLocations(finding).Count);
        Assert.DoesNotContain("61.97", finding.Message);
        Assert.DoesNotContain("231", finding.Message);
        // With `always` off, extremes of groups of at least the threshold pass.
        var policy = new Policy();
        policy.Sdc.ExtremeValues.Always = false;
        Assert.Empty(Of(Check(format, "extremes_large", ExtremesHeader, rows, policy), ExtremeValuesRule.Rule));
    }

    private static readonly string[] SurvivalHeader = ["time", "n.risk", "n.event", "survival"];

    [Theory]
    [MemberData(nameof(TableFormats.All), MemberType = typeof(TableFormats))]
    public void Nine_leaving_the_risk_set_fails_and_ten_passes(TableFormat format)
    {
        string[][] rows = [["0", "200", "10", "0.950"], ["1", "190", "10", "0.900"], ["2", "181", "11", "0.845"], ["3", "160", "12", "0.790"]];
        var report = Check(format, "survival", SurvivalHeader, rows);
        Assert.Contains(report.Tables, t => t.Kind == "survival table");
        var finding = Assert.Single(Of(report, SurvivalRiskSetRule.Rule));
        AssertReviewWithGuidance(report, finding);
        Assert.EndsWith(TableFormats.Where(format, Path.GetFileName(report.File), 2, 1, SurvivalHeader), Assert.Single(FailedLocations(finding)));
    }

    private static readonly string[] GlanceHeader = ["model", "r.squared", "statistic", "p.value", "df", "df.residual", "nobs"];

    [Theory]
    [MemberData(nameof(TableFormats.All), MemberType = typeof(TableFormats))]
    public void Nine_residual_degrees_of_freedom_fail_and_ten_pass(TableFormat format)
    {
        string[][] rows = [["m1", "0.41", "3.2", "0.04", "3", "10", "14"], ["m2", "0.52", "4.1", "0.03", "3", "9", "13"]];
        var report = Check(format, "glance", GlanceHeader, rows);
        var finding = Assert.Single(Of(report, ResidualDegreesOfFreedomRule.Rule));
        AssertReviewWithGuidance(report, finding);
        Assert.EndsWith(TableFormats.Where(format, Path.GetFileName(report.File), 1, 5, GlanceHeader), Assert.Single(FailedLocations(finding)));
        Assert.Contains("(residual degrees of freedom 9)", finding.Message);
    }

    [Fact]
    public void The_severity_is_configurable()
    {
        var policy = new Policy();
        policy.Sdc.MinimumCellCount.Severity = Severity.Block;
        string[][] rows = [["Female", "Never", "1234"], ["Female", "Current", "3"], ["Male", "Never", "40"], ["Male", "Current", "567"]];
        var report = Check(TableFormat.Csv, "counts_block", FrequencyHeader, rows, policy);
        Assert.Equal(Verdict.Block, report.Verdict);
        policy.Sdc.MinimumCellCount.Threshold = 3;
        Assert.Equal(Verdict.Release, Check(TableFormat.Csv, "counts_three", FrequencyHeader, rows, policy).Verdict);
        policy.Sdc.Enabled = false;
        policy.Sdc.MinimumCellCount.Threshold = 10;
        Assert.Empty(Check(TableFormat.Csv, "counts_off", FrequencyHeader, rows, policy).Tables);
    }
}
