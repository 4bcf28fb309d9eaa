using System.Text.Json;
using Egress.Checks.Risk;
using Egress.Cohort.Outputs;
using Egress.Core;
using Egress.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using Egress.TestSupport;

namespace Egress.Tests.Risk;

/// <summary>
/// The `row-level-data` rule end to end through the check: row-level tables of derived variables (values not in
/// the index, so the record detector cannot see them) are blocked with their uniques counted, in CSV, XLSX and
/// printed R output; the index gives exact population counts; legitimate aggregate outputs are never row-level.
/// </summary>
[Collection("indexed-cohort")]
public class RowLevelCheckTests(IndexedCohort cohort, ITestOutputHelper output)
{
    private CheckReport Check(string name, byte[] content)
    {
        var path = cohort.NewFile(name);
        File.WriteAllBytes(path, content);
        var report = cohort.Check(path);
        output.WriteLine($"{name}: {report.Verdict} [{string.Join("; ", report.Findings.Select(f => $"{f.Rule} @ {f.Location}: {f.Message}"))}]");
        return report;
    }

    private static byte[] Csv(string[] header, IEnumerable<string[]> rows) =>
        System.Text.Encoding.UTF8.GetBytes(string.Join("\n", new[] { header }.Concat(rows).Select(r => string.Join(",", r))) + "\n");

    private static Finding RowLevel(CheckReport report)
    {
        Assert.Equal(Verdict.Block, report.Verdict);
        return Assert.Single(report.Findings, f => f.Rule == RowLevelRisk.Rule);
    }

    /// <summary>Reports carry column names and counts, never the cells: no value of the table appears in the finding.</summary>
    private static void AssertNoValues(Finding finding, IEnumerable<string[]> rows, params int[] columns)
    {
        var text = finding.Message + JsonSerializer.Serialize(finding.Evidence) + finding.Guidance;
        PrintedValues.AssertNotShown(text, rows.SelectMany(r => columns.Select(c => r[c])).Distinct().Where(v => v.Length >= 3));
    }

    [Fact]
    public void Derived_variables_per_person_are_blocked_with_their_uniques_counted()
    {
        var (header, rows) = DerivedRows.Derived(cohort, 1500);
        var finding = RowLevel(Check("derived.csv", Csv(header, rows)));
        Assert.Equal("whole file", finding.Location);
        Assert.Equal(1500L, finding.Evidence["records"]);
        var uniques = (int)finding.Evidence["sampleUniques"];
        Assert.True(uniques > 0, "some people are alone in their sex, age band and centre");
        Assert.Contains($"{uniques:N0} records are unique on sex, age_band, centre", finding.Message);
        Assert.Equal(["sex", "age_band", "centre"], (IEnumerable<string>)finding.Evidence["quasiIdentifiers"]);
        Assert.Equal(nameof(PopulationSource.CohortIndex), finding.Evidence["populationSource"]);
        Assert.NotNull(finding.Guidance);
        AssertNoValues(finding, rows, 1, 3);
    }

    [Fact]
    public void The_same_table_in_a_workbook_is_blocked_at_its_sheet()
    {
        var (header, rows) = DerivedRows.Derived(cohort, 800, skip: 3000);
        var writer = new XlsxWriter();
        var sheet = writer.AddSheet("people").Row(1, header);
        var n = 2;
        foreach (var row in rows) sheet.Row(n++, row);
        var finding = RowLevel(Check("derived.xlsx", writer.ToBytes()));
        Assert.Equal("derived.xlsx#people", finding.Location);
        Assert.Equal(800L, finding.Evidence["records"]);
    }

    [Fact]
    public void A_printed_R_data_frame_of_derived_variables_is_blocked()
    {
        var (header, rows) = DerivedRows.Derived(cohort, 300, skip: 6000);
        var finding = RowLevel(Check("print.txt", System.Text.Encoding.UTF8.GetBytes(RConsole.PrintDataFrame(header, rows, width: 10_000))));
        Assert.Equal(300L, finding.Evidence["records"]);
    }

    [Fact]
    public void A_Stata_dataset_of_derived_variables_is_blocked_at_its_table()
    {
        var (header, rows) = DerivedRows.Derived(cohort, 500, skip: 7000);
        var variables = header.Select((name, c) =>
        {
            var cells = rows.Select(r => r[c]).ToArray();
            return c == 4
                ? new Formats.Data.Support.DtaWriter.Variable(name, Formats.Data.Support.DtaWriter.Double, false, cells)
                : new Formats.Data.Support.DtaWriter.Variable(name, cells.Max(v => v.Length), false, cells);
        }).ToList();
        var report = Check("derived.dta", Formats.Data.Support.DtaWriter.Write(variables));
        var finding = RowLevel(report);
        Assert.Equal("whole file", finding.Location); // the dataset is the file itself
        Assert.Equal(500L, finding.Evidence["records"]);
    }

    [Fact]
    public void With_the_index_keys_the_population_counts_are_the_cohorts()
    {
        var (header, rows) = DerivedRows.IndexKeys(cohort, 600, skip: 100);
        var finding = RowLevel(Check("keys.csv", Csv(header, rows)));
        Assert.Equal(nameof(PopulationSource.CohortIndex), finding.Evidence["populationSource"]);
        Assert.Equal(["sex", "year_of_birth", "month_of_birth", "assessment_centre", "ethnicity"], (IEnumerable<string>)finding.Evidence["populationKeys"]);
        Assert.Equal(0, finding.Evidence["recordsNotInIndex"]);
        Assert.Contains("unique in the cohort", finding.Message);
    }

    [Fact]
    public void Population_counts_from_the_index_are_exact()
    {
        var (extractHeader, extract) = cohort.Extract("A");
        var fields = new[] { "31-0.0", "34-0.0", "52-0.0", "54-0.0", "21000-0.0" }.Select(c => Array.IndexOf(extractHeader, c)).ToArray();
        var (header, rows) = DerivedRows.IndexKeys(cohort, 400, skip: 2000);
        // Sex and centre as words: mapped onto their codings before the look-up.
        var worded = rows.Select(r => (IReadOnlyList<string>)new[]
        {
            r[0] == "1" ? "male" : "female", r[1], r[2], UkbQuasiIdentifierCodings.Centres[int.Parse(r[3])], r[4], r[5],
        }).ToList();
        var qis = QuasiIdentifierDetector.Detect(header, worded);
        Assert.Equal(5, qis.Count);
        var result = CohortRiskCalculator.Measure(header, worded, [0, 1, 2, 3, 4], qis, cohort.Index, "A");
        Assert.Equal(PopulationSource.CohortIndex, result.Source);
        for (var i = 0; i < rows.Count; i++)
        {
            // The cohort's count of this combination, on the fields the row has (the index keeps every subset).
            var present = Enumerable.Range(0, 5).Where(k => rows[i][k].Length > 0).ToArray();
            var expected = extract.Count(e => present.All(k => e[fields[k]] == rows[i][k]));
            Assert.Equal(expected, result.Records[i].PopulationFrequency);
            Assert.Equal(1.0 / expected, result.Records[i].Risk);
        }
        output.WriteLine($"population uniques {result.Global.PopulationUniques}, sample uniques {result.Global.SampleUniques}, expected re-identifications {result.Global.ExpectedReidentifications:F2}");
    }

    [Fact]
    public void Keys_outside_the_index_are_scaled_in_by_their_share_in_the_table()
    {
        // The whole project's sex and age band: F(sex) comes from the index, the age band's share from the table,
        // so with every participant present F_k is the table's own count.
        var (_, all) = cohort.Extract("A");
        var (header, rows) = DerivedRows.Derived(cohort, all.Count);
        var table = rows.Select(r => (IReadOnlyList<string>)r).ToList();
        var qis = QuasiIdentifierDetector.Detect(header, table).Where(q => q.Kind is QuasiIdentifierKind.Sex or QuasiIdentifierKind.Age).ToList();
        var result = CohortRiskCalculator.Measure(header, table, qis.Select(q => q.Column).ToList(), qis, cohort.Index, "A");
        Assert.Equal(["sex"], result.PopulationKeys);
        Assert.All(result.Records, r => Assert.Equal(r.SampleFrequency, r.PopulationFrequency, 1e-9));
    }

    [Fact]
    public void Legitimate_aggregate_outputs_are_never_judged_row_level()
    {
        var folder = Directory.CreateTempSubdirectory("egress-legit-risk-").FullName;
        try
        {
            var outputs = LegitimateOutputGenerator.Generate(cohort.Files.Directory, folder, 240, 23);
            var judged = new List<string>();
            foreach (var o in outputs)
            {
                var collector = new RowLevelCollector(Policy.Default.RowLevel.MinRows, Policy.Default.RowLevel.MaxRows, null);
                collector.Feed(File.ReadAllBytes(o.FullPath));
                collector.Complete();
                if (collector.IsRowLevel) judged.Add($"{o.FileName}: {collector.Classification!.Reason}");
            }
            output.WriteLine($"{outputs.Count} legitimate outputs, {judged.Count} judged row-level");
            Assert.True(judged.Count == 0, string.Join("\n", judged));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Legitimate_aggregate_outputs_get_no_block_and_no_row_level_finding_through_the_check()
    {
        var folder = Directory.CreateTempSubdirectory("egress-legit-check-").FullName;
        try
        {
            var outputs = LegitimateOutputGenerator.Generate(cohort.Files.Directory, folder, 240, 1);
            var reports = outputs.Select(o => (o, report: cohort.Check(o.FullPath))).ToList();
            var counts = reports.GroupBy(r => r.report.Verdict).ToDictionary(g => g.Key, g => g.Count());
            output.WriteLine($"legitimate outputs: {outputs.Count}; release {counts.GetValueOrDefault(Verdict.Release)}, review {counts.GetValueOrDefault(Verdict.Review)}, block {counts.GetValueOrDefault(Verdict.Block)}");
            Assert.DoesNotContain(reports, r => r.report.Verdict == Verdict.Block);
            Assert.DoesNotContain(reports, r => r.report.Findings.Any(f => f.Rule == RowLevelRisk.Rule));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_policy_can_send_row_level_data_to_review_instead()
    {
        var (header, rows) = DerivedRows.Derived(cohort, 200, skip: 9000);
        var path = cohort.NewFile("derived.csv");
        File.WriteAllBytes(path, Csv(header, rows));
        var policy = new Policy { RowLevel = new RowLevelPolicy { Severity = Severity.Review } };
        var report = cohort.Check(path, "A", policy);
        Assert.Equal(Verdict.Review, report.Verdict);
        Assert.Throws<PolicyException>(() => new Policy { RowLevel = new RowLevelPolicy { Severity = Severity.Info } }.Validate());
    }
}
