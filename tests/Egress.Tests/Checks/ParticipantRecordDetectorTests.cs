using System.Globalization;
using Egress.Checks;
using Egress.Core;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Checks;

[Collection("indexed-cohort")]
public class ParticipantRecordDetectorTests
{
    private readonly IndexedCohort cohort;

    public ParticipantRecordDetectorTests(IndexedCohort cohort) => this.cohort = cohort;

    /// <summary>Blood markers (3 decimals) that project A's extract has.</summary>
    private string[] Biomarkers => cohort.Extract("A").Header.Where(c => c.StartsWith("30", StringComparison.Ordinal) && c != "30750-0.0").ToArray();

    /// <summary>The chosen columns of the first rows of a project's extract, rows with a missing value skipped.</summary>
    private (string[] Header, List<string[]> Rows) Slice(string project, IEnumerable<string> columns, int rows)
    {
        var (header, all) = cohort.Extract(project);
        var picks = columns.Select(c => Array.IndexOf(header, c)).Where(i => i >= 0).ToArray();
        var selected = all.Select(r => picks.Select(i => r[i]).ToArray()).Where(r => r.All(v => v.Length > 0)).Take(rows).ToList();
        return (picks.Select(i => header[i]).ToArray(), selected);
    }

    private Finding AssertRecords(CheckReport report, string project, int atLeast)
    {
        Assert.Equal(Verdict.Block, report.Verdict);
        var finding = Assert.Single(report.Findings, f => f.Rule == ParticipantRecordDetector.Rule && f.Projects.Contains(project));
        Assert.True(finding.Participants >= atLeast, $"{finding.Participants} participants matched, expected ≥ {atLeast}: {finding.Message}");
        return finding;
    }

    [Fact]
    public void A_slice_with_ids_dropped_is_blocked()
    {
        var (header, rows) = cohort.Extract("A");
        var path = IndexedCohort.WriteTable(cohort.NewFile("slice.csv"), [header[1..], .. rows.Take(1000).Select(r => r[1..])]);
        var report = cohort.Check(path);
        AssertRecords(report, "A", 990);
        Assert.DoesNotContain(report.Findings, f => f.Rule == ParticipantIdDetector.Rule);
    }

    [Fact]
    public void Renamed_and_shuffled_columns_are_still_records()
    {
        var (header, rows) = cohort.Extract("A");
        var order = Enumerable.Range(1, header.Length - 1).OrderBy(i => (i * 7919) % 101).ToArray();
        var renamed = order.Select((_, k) => $"var{k}").ToArray();
        var path = IndexedCohort.WriteTable(cohort.NewFile("renamed.csv"), [renamed, .. rows.Take(500).Select(r => order.Select(i => r[i]).ToArray())]);
        AssertRecords(cohort.Check(path), "A", 490);
    }

    [Fact]
    public void Five_biomarker_columns_are_enough()
    {
        var (header, rows) = Slice("A", Biomarkers.Take(5), 1000);
        Assert.Equal(5, header.Length);
        var path = IndexedCohort.WriteTable(cohort.NewFile("five.csv"), [header, .. rows]);
        AssertRecords(cohort.Check(path), "A", 900);
    }

    [Fact]
    public void Values_rounded_to_fewer_decimals_still_match()
    {
        var (header, rows) = Slice("A", Biomarkers, 1000);
        var rounded = rows.Select(r => r.Select(v => Math.Round(double.Parse(v, CultureInfo.InvariantCulture), 2, MidpointRounding.AwayFromZero)
            .ToString("F2", CultureInfo.InvariantCulture)).ToArray());
        var path = IndexedCohort.WriteTable(cohort.NewFile("rounded.csv"), [header, .. rounded]);
        AssertRecords(cohort.Check(path), "A", 900);
    }

    [Fact]
    public void Decimal_commas_in_a_semicolon_file_still_match()
    {
        var (header, rows) = Slice("A", Biomarkers.Take(6), 500);
        var european = rows.Select(r => r.Select(v => v.Replace('.', ',')).ToArray());
        var path = IndexedCohort.WriteTable(cohort.NewFile("european.csv"), [header, .. european], ';');
        AssertRecords(cohort.Check(path), "A", 450);
    }

    [Fact]
    public void Another_projects_rows_are_named_as_that_project()
    {
        // Rows of participants that only project C holds, so neither the exporter A nor B has them.
        var aMembers = cohort.Cohort.Project("A").Participants.Concat(cohort.Cohort.Project("B").Participants).ToHashSet();
        var c = cohort.Cohort.Project("C");
        var onlyC = c.Participants.Select((p, i) => (p, i)).Where(x => !aMembers.Contains(x.p)).Select(x => x.i).ToHashSet();
        Assert.True(onlyC.Count > 20);
        var (header, rows) = cohort.Extract("C");
        var picked = rows.Where((_, i) => onlyC.Contains(i)).Take(20).Select(r => r[1..]);
        var path = IndexedCohort.WriteTable(cohort.NewFile("other.csv"), [header[1..], .. picked]);
        var finding = AssertRecords(cohort.Check(path, "A"), "C", 20);
        Assert.Equal(true, finding.Evidence["otherProject"]);
    }

    [Fact]
    public void A_transposed_table_is_read_by_columns()
    {
        var (header, rows) = Slice("A", Biomarkers.Concat(["189-0.0", "21001-0.0", "50-0.0"]), 12);
        var transposed = header.Select((name, j) => new[] { name }.Concat(rows.Select(r => r[j])).ToArray());
        var path = IndexedCohort.WriteTable(cohort.NewFile("transposed.csv"), [["field", .. rows.Select((_, i) => $"p{i}")], .. transposed]);
        var report = cohort.Check(path);
        var finding = AssertRecords(report, "A", 10);
        Assert.Contains("column", finding.Location);
    }

    [Fact]
    public void Records_written_as_free_text_are_found()
    {
        var (header, rows) = Slice("A", Biomarkers.Concat(["189-0.0", "21001-0.0"]), 5);
        var lines = rows.SelectMany((r, i) => new[] { $"Participant {i + 1}:" }.Concat(r.Select((v, j) => $"  {header[j]} was {v}")));
        var path = cohort.NewFile("notes.txt");
        File.WriteAllLines(path, lines);
        AssertRecords(cohort.Check(path), "A", 4);
    }

    [Fact]
    public void Summary_tables_whose_values_equal_some_participants_values_are_not_records()
    {
        // Medians are real participants' values; a table of them by group is still aggregate output.
        var (header, rows) = Slice("A", Biomarkers.Concat(["31-0.0"]), 20_000);
        var table = new List<string[]> { new[] { "sex", "marker", "n", "mean", "median", "q1", "q3" } };
        foreach (var sex in new[] { "0", "1" })
            for (var j = 0; j < Biomarkers.Length; j++)
            {
                var values = rows.Where(r => r[^1] == sex).Select(r => r[j]).OrderBy(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
                var mean = values.Average(v => double.Parse(v, CultureInfo.InvariantCulture));
                table.Add([sex, header[j], values.Count.ToString(), IndexedCohort.F(mean, 3), values[values.Count / 2], values[values.Count / 4], values[3 * values.Count / 4]]);
            }
        var path = IndexedCohort.WriteTable(cohort.NewFile("summary.csv"), table);
        Assert.DoesNotContain(cohort.Check(path).Findings, f => f.Rule == ParticipantRecordDetector.Rule);
    }

    [Fact]
    public void Random_simulated_data_with_realistic_values_is_not_records()
    {
        var random = new Random(5);
        double Normal(double mean, double sd) => mean + sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var rows = new List<string[]> { new[] { "chol", "hdl", "tg", "glucose", "crp", "creat", "alt", "albumin" } };
        for (var i = 0; i < 2000; i++)
            rows.Add([IndexedCohort.F(Normal(5.7, 1.1), 3), IndexedCohort.F(Normal(1.45, 0.38), 3), IndexedCohort.F(Math.Exp(Normal(0.4, 0.5)), 3),
                IndexedCohort.F(Normal(5.1, 1.1), 3), IndexedCohort.F(Math.Exp(Normal(0.5, 1)), 3), IndexedCohort.F(Normal(72, 15), 1),
                IndexedCohort.F(Math.Exp(Normal(3, 0.4)), 2), IndexedCohort.F(Normal(45, 2.6), 2)]);
        var path = IndexedCohort.WriteTable(cohort.NewFile("simulated.csv"), rows);
        Assert.DoesNotContain(cohort.Check(path).Findings, f => f.Rule == ParticipantRecordDetector.Rule);
    }

    [Fact]
    public void Regression_table_is_not_records()
    {
        const string text = """
            term,estimate,std.error,statistic,p.value
            (Intercept),5.712,0.012,476.0,0
            age,0.021,0.001,21.0,1.2e-97
            sex1,-0.345,0.015,-23.0,3.4e-116
            bmi,0.048,0.002,24.0,1.1e-126
            townsend,0.013,0.003,4.33,1.5e-05
            """;
        var path = cohort.NewFile("model.csv");
        File.WriteAllText(path, text);
        Assert.Equal(Verdict.Release, cohort.Check(path).Verdict);
    }
}
