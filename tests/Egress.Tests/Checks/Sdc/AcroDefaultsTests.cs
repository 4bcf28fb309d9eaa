using Egress.Checks.Sdc;
using Egress.Core;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Checks.Sdc;

/// <summary>
/// The rules at least as strict as ACRO 1.0's defaults, each at its boundary on a minimal table of the
/// shape real tools write: rounding only where declared, residual degrees of freedom in statsmodels'
/// and ACRO's fit tables (CSV, HTML), survival tables keyed by "num at risk", sums as magnitudes,
/// negative contributions, SDs of ten people, differencing within a file and a request, and the
/// suppression audit.
/// </summary>
[Collection("indexed-cohort")]
public class AcroDefaultsTests(IndexedCohort cohort)
{
    private CheckReport Write(string name, string text, Policy? policy = null)
    {
        var path = cohort.NewFile(name);
        File.WriteAllText(path, text);
        return cohort.Check(path, "A", policy);
    }

    private static List<Finding> Of(CheckReport report, string rule) => report.Findings.Where(f => f.Rule == rule && f.Severity > Severity.Info).ToList();

    private static IReadOnlyList<string> Cells(Finding finding) =>
        ((System.Collections.IEnumerable)finding.Evidence["cells"]).Cast<IReadOnlyDictionary<string, object>>().Select(c => (string)c["location"]).ToList();

    // Rounding

    [Theory]
    [InlineData("Patient counts rounded to the nearest 5.", 5)]
    [InlineData("Counts are rounded to nearest ten to avoid disclosure", 10)]
    [InlineData("All numbers rounded to a multiple of 7", 7)]
    [InlineData("Estimates rounded to 2 decimal places", null)]
    [InlineData("dates of birth are rounded down to the first of the month", null)]
    [InlineData("rounded to 3 significant figures", null)]
    [InlineData("no note here: 5, 10, 15", null)]
    public void A_rounding_is_declared_only_in_words_that_name_its_base(string note, int? expected) =>
        Assert.Equal(expected, RoundingDeclaration.In(note, [5, 7, 10]));

    [Fact]
    public void A_zero_and_a_real_five_fail_unless_a_note_in_the_file_declares_the_rounding()
    {
        const string table = "<table><tr><th>smoking</th><th>Female</th><th>Male</th><th>Unknown</th></tr>" +
                             "<tr><td>Never</td><td>120</td><td>0</td><td>35</td></tr><tr><td>Current</td><td>5</td><td>35</td><td>20</td></tr>" +
                             "<tr><td>Former</td><td>60</td><td>55</td><td>15</td></tr></table>";
        var bare = Write("plain.html", $"<html><body><h1>Smoking</h1>{table}</body></html>");
        Assert.Single(Of(bare, "sdc-minimum-cell-count"));
        Assert.Single(Of(bare, "sdc-zero-cell"));
        // The note sits after the table, in a list (as OpenSAFELY reports write it): it still applies to the table.
        var noted = Write("noted.html", $"<html><body><h1>Smoking</h1>{table}<ul><li>Patient counts rounded to the nearest 5.</li></ul></body></html>");
        Assert.Empty(Of(noted, "sdc-minimum-cell-count"));
        Assert.Empty(Of(noted, "sdc-zero-cell"));
    }

    // Residual degrees of freedom

    private static string AcroFitCsv(int dfResiduals) =>
        ",0,1,2,3\n" +
        "0,Dep. Variable:,inc_activity,R-squared:,0.612\n" +
        "1,Model:,OLS,Adj. R-squared:,0.483\n" +
        "2,Method:,Least Squares,F-statistic:,4.741\n" +
        $"3,No. Observations:,{dfResiduals + 4},Prob (F-statistic):,0.0297\n" +
        $"4,Df Residuals:,{dfResiduals},Log-Likelihood:,-20.13\n" +
        "5,Df Model:,3,AIC:,48.26\n" +
        "6,Covariance Type:,nonrobust,BIC:,50.52\n";

    [Fact]
    public void Nine_residual_degrees_of_freedom_in_acros_fit_csv_fail_and_ten_pass()
    {
        var nine = Write("model_0.csv", AcroFitCsv(9));
        var finding = Assert.Single(Of(nine, ResidualDegreesOfFreedomRule.Rule));
        Assert.Contains("(residual degrees of freedom 9)", finding.Message);
        Assert.Contains("line 6", Assert.Single(Cells(finding)));
        Assert.Equal(Verdict.Review, nine.Verdict);
        Assert.Empty(Of(Write("model_1.csv", AcroFitCsv(10)), ResidualDegreesOfFreedomRule.Rule));
    }

    [Fact]
    public void Residual_degrees_of_freedom_in_the_right_half_of_a_statsmodels_html_summary_are_read()
    {
        static string Html(int df) =>
            "<table class=\"simpletable\"><caption>Logit Regression Results</caption>" +
            "<tr><th>Dep. Variable:</th><td>died</td><th>No. Observations:</th><td>" + (df + 3) + "</td></tr>" +
            "<tr><th>Model:</th><td>Logit</td><th>Df Residuals:</th><td>" + df + "</td></tr>" +
            "<tr><th>Method:</th><td>MLE</td><th>Df Model:</th><td>2</td></tr>" +
            "<tr><th>Date:</th><td>Mon, 07 Dec 2026</td><th>Pseudo R-squ.:</th><td>0.2131</td></tr></table>";
        Assert.Single(Of(Write("logit9.html", Html(9)), ResidualDegreesOfFreedomRule.Rule));
        Assert.Empty(Of(Write("logit10.html", Html(10)), ResidualDegreesOfFreedomRule.Rule));
    }

    // Survival tables keyed by their number at risk

    [Theory]
    [InlineData("num at risk")]
    [InlineData("n.risk")]
    [InlineData("at risk")]
    public void A_survival_table_keyed_by_its_number_at_risk_fails_a_fall_of_nine(string atRisk)
    {
        var report = Write("km.csv", $"time,{atRisk},events,survival\n0,200,10,0.950\n1,190,10,0.900\n2,181,11,0.845\n3,160,12,0.790\n");
        var finding = Assert.Single(Of(report, SurvivalRiskSetRule.Rule));
        Assert.EndsWith($"line 4, column 2 '{atRisk}'", Assert.Single(Cells(finding)));
    }

    // Magnitudes

    [Fact]
    public void A_total_beside_sums_is_a_magnitude_not_a_count()
    {
        var report = Write("costs.csv", "region,n,sum,total\nNorth,25,4.5,7\nSouth,31,2.5,6\n");
        Assert.Empty(Of(report, "sdc-minimum-cell-count"));
    }

    [Fact]
    public void Negative_contributions_make_dominance_undefined_and_go_to_review()
    {
        var report = Write("change.csv", "region,n,sum,max,second largest\nNorth,20,-50,40,30\nSouth,20,1000,300,200\n");
        var finding = Assert.Single(Of(report, DominanceRule.Rule));
        Assert.Equal(Severity.Review, finding.Severity);
        Assert.Contains("negative", finding.Message);
        Assert.EndsWith("line 2, column 3 'sum'", Assert.Single(Cells(finding)));
    }

    [Fact]
    public void An_sd_needs_ten_degrees_of_freedom_so_a_group_of_ten_fails_and_eleven_passes()
    {
        var report = Write("sd.csv", "group,n,mean,sd\nA,10,5.21,1.02\nB,11,6.40,0.98\nC,250,5.87,1.10\n");
        var finding = Assert.Single(Of(report, SmallGroupStatisticRule.Rule));
        Assert.EndsWith("line 2, column 4 'sd'", Assert.Single(Cells(finding)));
    }

    // Differencing

    private const string AllPatients = "group,n\nAged 18-39,1204\nAged 40-59,1517\nAged 60+,988\n";

    [Fact]
    public void Two_tables_of_one_request_that_differ_by_one_person_go_to_review()
    {
        var all = cohort.NewFile("all_patients.csv");
        File.WriteAllText(all, AllPatients);
        var butOne = Path.Combine(Path.GetDirectoryName(all)!, "all_but_one_practice.csv");
        File.WriteAllText(butOne, "group,n\nAged 18-39,1204\nAged 40-59,1516\nAged 60+,988\n");
        var reports = cohort.CheckRequest([all, butOne]);
        Assert.All(reports, r => Assert.Single(r.Findings, f => f.Rule == TableDifferencing.Rule));
        Assert.All(reports, r => Assert.Equal(Verdict.Review, r.Verdict));
        // Ten apart is the threshold: the difference is a group big enough to publish.
        File.WriteAllText(butOne, "group,n\nAged 18-39,1204\nAged 40-59,1507\nAged 60+,988\n");
        Assert.All(cohort.CheckRequest([all, butOne]), r => Assert.DoesNotContain(r.Findings, f => f.Rule == TableDifferencing.Rule));
    }

    [Fact]
    public void Two_same_shaped_tables_in_one_file_that_differ_by_a_small_group_go_to_review()
    {
        var sheets = new XlsxWriter();
        var first = sheets.AddSheet("All");
        first.Row(1, ["group", "n"]);
        first.Row(2, ["Aged 18-39", "1204"]);
        first.Row(3, ["Aged 40-59", "1517"]);
        var second = sheets.AddSheet("Nested");
        second.Row(1, ["group", "n"]);
        second.Row(2, ["Aged 18-39", "1201"]);
        second.Row(3, ["Aged 40-59", "1517"]);
        var path = cohort.NewFile("nested.xlsx");
        File.WriteAllBytes(path, sheets.ToBytes());
        var finding = Assert.Single(cohort.Check(path).Findings, f => f.Rule == TableDifferencing.Rule);
        Assert.Equal(3.0, finding.Evidence["difference"]);
        Assert.Contains("Nested", finding.Location);
    }

    // Suppression audit

    [Fact]
    public void A_suppressed_cell_that_the_margins_give_back_is_flagged()
    {
        var report = Write("audit.csv", "smoking,Female,Male,Total\nNever,120,45,165\nCurrent,<10,35,41\nFormer,60,55,115\nTotal,186,135,321\n");
        var finding = Assert.Single(Of(report, SuppressionAuditRule.Rule));
        Assert.EndsWith("line 3, column 2 'Female'", Assert.Single(Cells(finding)));
        // Locations only: what the withheld cell holds is never written.
        Assert.All(((System.Collections.IEnumerable)finding.Evidence["cells"]).Cast<IReadOnlyDictionary<string, object>>(), c => Assert.False(c.ContainsKey("value")));
    }

    [Fact]
    public void Cells_recoverable_only_through_both_margins_are_flagged_and_a_protected_block_is_not()
    {
        // A small row total withheld with its cell: the row alone gives neither back, the column totals give both.
        var both = Write("audit_both.csv", "smoking,Female,Male,Total\nNever,120,45,165\nCurrent,*,3,*\nFormer,60,55,115\nTotal,186,103,289\n");
        Assert.Equal(2, Cells(Assert.Single(Of(both, SuppressionAuditRule.Rule))).Count);
        // Four cells suppressed in a rectangle: the margins leave one degree of freedom, nothing is given back.
        var block = Write("audit_block.csv", "smoking,Female,Male,Other,Total\nNever,120,*,*,187\nCurrent,80,*,*,138\nFormer,60,55,20,135\nTotal,260,130,70,460\n");
        Assert.Empty(Of(block, SuppressionAuditRule.Rule));
        // A one-way table with its total row: one withheld count is the total minus the others.
        var oneWay = Write("audit_oneway.csv", "region,n\nNorth,120\nSouth,[REDACTED]\nEast,95\nTotal,221\n");
        Assert.Single(Of(oneWay, SuppressionAuditRule.Rule));
    }

    // Modes

    [Fact]
    public void A_mode_of_a_group_whose_values_are_all_the_same_fails()
    {
        // pandas describe(include="object"): one distinct value (and its frequency the count) in 'sex', three in 'region'.
        var described = Write("describe.csv", ",sex,region\ncount,120,120\nunique,1,3\ntop,Female,North\nfreq,120,55\n");
        var finding = Assert.Single(Of(described, AllValuesSameModeRule.Rule));
        Assert.EndsWith("column 2 'sex'", Assert.Single(Cells(finding)));
        Assert.DoesNotContain("Female", finding.Message);
        // A mode column beside an SD of 0 (all equal) fails; beside an SD above 0 passes.
        var modes = Write("modes.csv", "group,n,mode,sd\nA,25,3,0\nB,31,4,1.2\n");
        Assert.EndsWith("line 2, column 3 'mode'", Assert.Single(Cells(Assert.Single(Of(modes, AllValuesSameModeRule.Rule)))));
    }
}
