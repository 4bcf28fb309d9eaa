using Egress.Core;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Checks.Sdc;

/// <summary>
/// Tables read as an output checker reads them (issue 13, items 1 and 2), end to end through the check
/// engine on minimal files of the real shape: codes and levels in a stub are labels, not counts; an
/// estimate with significance stars is never a count; pandas' unnamed index is an index; a figure's
/// tick labels are not a table. Each test keeps a genuine small count beside the misreading, which
/// must still go to review.
/// </summary>
[Collection("indexed-cohort")]
public class TableReadingTests(IndexedCohort cohort)
{
    private CheckReport Check(string name, string text)
    {
        var path = cohort.NewFile(name);
        File.WriteAllText(path, text);
        return cohort.Check(path, "A");
    }

    private static List<string> Cells(CheckReport report, string rule) =>
        report.Findings.Where(f => f.Rule == rule)
            .SelectMany(f => ((System.Collections.IEnumerable)f.Evidence["cells"]).Cast<IReadOnlyDictionary<string, object>>())
            .Select(c => (string)c["location"]).ToList();

    private static List<string> SdcRules(CheckReport report) =>
        report.Findings.Where(f => f.Rule.StartsWith("sdc-", StringComparison.Ordinal) && f.Severity != Severity.Info).Select(f => f.Rule).Distinct().ToList();

    [Fact]
    public void Estimates_with_significance_stars_are_not_counts_and_the_base_level_1_is_not_a_count()
    {
        // estout/esttab: the reference level prints as a bare 1 among starred odds ratios.
        const string text = """
            ----------------------------------------------------------------
                                  (1)                          (2)
                             Analysis                     Analysis
            ----------------------------------------------------------------
            White                   1     [1.00,1.00]             1     [1.00,1.00]
            South Asian          1.05***  [1.05,1.06]          1.10***  [1.09,1.11]
            Black                1.02**   [1.01,1.03]          1.07***  [1.06,1.09]
            Mixed                0.97**   [0.95,0.99]          1.03**   [1.01,1.05]
            Other                0.67***  [0.66,0.68]          0.71***  [0.70,0.72]
            Unknown              0.86***  [0.86,0.87]          0.88***  [0.88,0.89]
            ----------------------------------------------------------------
            """;
        var report = Check("estout_table2.txt", text);
        Assert.Empty(Cells(report, "sdc-minimum-cell-count"));
        Assert.Equal(Verdict.Release, report.Verdict);
    }

    [Fact]
    public void Level_codes_that_restart_for_each_variable_are_labels_and_a_small_events_count_still_fails()
    {
        // A Stata HR table written with file write: variable, level, events, person-time, rate, HR (CI).
        const string text =
            "age0\n" +
            "kids_cat4\t0\t1260\t1219304\t103.34\t1.00 (   .-   .)\n" +
            "kids_cat4\t1\t127\t375244\t33.84\t0.91 (0.74-1.12)\n" +
            "kids_cat4\t2\t112\t189465\t59.11\t0.85 (0.70-1.04)\n" +
            "kids_cat4\t3\t55\t145144\t37.89\t0.84 (0.63-1.12)\n" +
            "age1\n" +
            "kids_cat4\t0\t7372\t559377\t1317.90\t1.00 (   .-   .)\n" +
            "kids_cat4\t1\t134\t9087\t1474.70\t1.45 (1.22-1.74)\n" +
            "kids_cat4\t2\t87\t6316\t1377.44\t1.20 (0.96-1.48)\n" +
            "kids_cat4\t3\t7\t3304\t1543.40\t1.40 (1.05-1.87)\n";
        var report = Check("hrtable.txt", text);
        var cells = Cells(report, "sdc-minimum-cell-count");
        Assert.DoesNotContain(cells, c => c.Contains("column 2", StringComparison.Ordinal));
        Assert.Contains(cells, c => c.Contains("line 10, column 3", StringComparison.Ordinal));
    }

    [Fact]
    public void A_variable_coded_0_and_1_in_the_stub_is_a_label_and_its_small_n_percent_cell_still_fails()
    {
        const string text =
            "Table 1: Demographic characteristics\n" +
            "\tTotal\tWhite\tSouth Asian\n" +
            "\n" +
            "Male\n" +
            "0\t  8692764 (50.1)\t  5688541 (52.0)\t  490,973 (47.9)\n" +
            "1\t  8673892 (49.9)\t  5244803 (48.0)\t        7 (0.1)\n";
        var report = Check("table1.txt", text);
        var cells = Cells(report, "sdc-minimum-cell-count");
        Assert.DoesNotContain(cells, c => c.Contains("column 1", StringComparison.Ordinal));
        Assert.Contains(cells, c => c.Contains("line 6, column 4", StringComparison.Ordinal));
        Assert.Empty(Cells(report, "sdc-class-disclosure"));
    }

    [Fact]
    public void A_pandas_unnamed_index_and_codes_beside_a_text_category_are_not_counts()
    {
        const string released = ",imd,doac_3_months,population\n0,2,26.0,1228\n1,3,47.0,1438\n2,4,34.0,1288\n3,5,45.0,1140\n4,Other,31.0,1287\n";
        Assert.Empty(SdcRules(Check("current_doac_imd.csv", released)));
        const string counts = ",group,count\n0,mechanical_valve,9217\n1,mechanical_valve_doac,813\n";
        Assert.Empty(SdcRules(Check("patient_count.csv", counts)));
        // The index is not a count; a real count of 4 beside it is.
        var small = Check("patient_count_small.csv", ",group,count\n0,mechanical_valve,9217\n1,mechanical_valve_doac,4\n");
        Assert.Equal(["line 3, column 3 'count'"], Cells(small, "sdc-minimum-cell-count"));
    }

    [Fact]
    public void A_plot_s_tick_labels_and_legend_are_not_a_table()
    {
        var ticks = string.Join("", Enumerable.Range(0, 8).Select(i =>
            $"<text x=\"{40 + 60 * i}\" y=\"410\">{i}</text>"));
        var yTicks = string.Join("", new[] { 0, 2, 4, 6, 8 }.Select((v, i) => $"<text x=\"20\" y=\"{400 - 80 * i}\">{v}</text>"));
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"520\" height=\"440\">"
            + "<g>" + ticks + "</g><g>" + yTicks + "</g>"
            + "<text x=\"200\" y=\"20\">Weekly count of long COVID codes</text>"
            + "<text x=\"420\" y=\"40\">All patients</text><text x=\"480\" y=\"40\">1</text>"
            + "<polyline points=\"40,400 100,380 160,300 220,250\" fill=\"none\" stroke=\"black\"/></svg>";
        var report = Check("code_use_per_week.svg", svg);
        Assert.Empty(SdcRules(report));
    }

    [Fact]
    public void A_Stata_list_is_a_listing_whose_row_numbers_are_not_counts()
    {
        const string log = """
            . l *age* in 1/6

                 +---------------------------+
                 | age   hba1c~ge   h~e_date |
                 |---------------------------|
              1. |  67          0            |
              2. |  67        9.9    2011-07 |
              3. |  64          0            |
              4. |  20          0            |
              5. |  77          0            |
                 |---------------------------|
              6. |  47          0            |
                 +---------------------------+

            """;
        Assert.Empty(Cells(Check("adhoc_explore.log", log), "sdc-minimum-cell-count"));
    }

    [Fact]
    public void A_Stata_tabulate_stub_of_codes_is_labels_and_its_row_percentages_of_100_are_not_counts()
    {
        const string log = """
            . tab vaccine recent_cvt, row

                Type of |
               COVID-19 |      Recent CVT
                Vaccine |        No        Yes |     Total
            ------------+----------------------+----------
                 Pfizer | 3,708,992         42 | 3,709,034 
                        |    100.00       0.00 |    100.00 
            ------------+----------------------+----------
            AstraZeneca | 7,392,559        100 | 7,392,659 
                        |    100.00       0.00 |    100.00 
            ------------+----------------------+----------
                  Total |11,101,551        142 |11,101,693 
                        |    100.00       0.00 |    100.00 

            . tab failure group

                  1 if |
            failure; 0 |
                    if |         group
              censored | Hospitali  Hospitali |     Total
            -----------+----------------------+----------
                     0 |    24,497      6,635 |    31,132 
                     1 |       134          7 |       141 
            -----------+----------------------+----------
                 Total |    24,631      6,642 |    31,273 

            """;
        var report = Check("baseline.log", log);
        Assert.Empty(Cells(report, "sdc-class-disclosure"));
        var cells = Cells(report, "sdc-minimum-cell-count");
        // The codes 0 and 1 under "… if censored" are the stub; the 7 beside them is a count.
        Assert.DoesNotContain(cells, c => c.Contains("column 1", StringComparison.Ordinal));
        Assert.Single(cells);
    }

    [Fact]
    public void Stata_matrix_list_of_a_coefficient_table_is_a_model_and_its_base_level_1_is_not_a_count()
    {
        const string log = """
            . matrix list m2

            m2[6,4]
                         any_vte:      any_vte:      any_vte:      any_vte:
                                             1b.            2.            3.
                    vaccine_type      agegroup      agegroup      agegroup
                 b     .86302021             1     2.0143318     2.2409428
                se     .00315319             .     .02623909     .02847788
                 z    -40.320286             .      53.75993     63.495215
            pvalue             0             .             0             0
                ll     .85686142             .     1.9636033     2.1865249
                ul     .87920694             .     2.0663948     2.2966899

            """;
        Assert.Empty(Cells(Check("logistic.log", log), "sdc-minimum-cell-count"));
    }

    [Fact]
    public void A_CSV_with_rows_withheld_as_REDACTED_is_still_read_as_CSV_and_its_codes_are_not_counts()
    {
        const string text =
            "outcome,brand,analysis,subanalysis,category,vlab,comparison_period,irr,lc,uc\n" +
            "BP,MOD,Primary risk window after 1d,,,pre-vacc 14,1,.65953171,.16192476,2.6863222\n" +
            "[REDACTED];;;;;;;;;\n" +
            "[REDACTED];;;;;;;;;\n" +
            "BP,MOD,Primary risk window after 1d,,,days 4-28,4,.88071698,.32087943,2.4173019\n" +
            "[REDACTED];;;;;;;;;\n" +
            "BP_a,MOD,Primary risk window after 1d,add in week,,4,4,.44634801,.051390123,3.8767481\n" +
            "BP_a,MOD,Primary risk window after 1d,add in 2 week,,1,2,.42249268,.052222189,3.4180887\n" +
            "[REDACTED];;;;;;;;;\n";
        var report = Check("results_summary.csv", text);
        Assert.Empty(SdcRules(report));
        Assert.DoesNotContain(report.Findings, f => f.Evidence.TryGetValue("layout", out var l) && l is string s && s.Contains("space", StringComparison.Ordinal));
    }
}
