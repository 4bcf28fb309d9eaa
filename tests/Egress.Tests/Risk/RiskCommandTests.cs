using System.Globalization;
using System.Text.Json;
using Egress.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using Egress.TestSupport;

namespace Egress.Tests.Risk;

/// <summary>`egress risk` end to end through the real CLI: sdcMicro's figures, the index's counts, exit codes.</summary>
[Collection("indexed-cohort")]
public class RiskCommandTests(IndexedCohort cohort, ITestOutputHelper output)
{
    private static string Write(string name, string text)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("egress-risk-").FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Prints_sdcMicros_figures_for_its_testdata()
    {
        var folder = SdcReference.Find();
        if (folder is null)
        {
            output.WriteLine("../shared/sdc not found beside the repository: skipped");
            return;
        }
        var run = CliRunner.Run("risk", Path.Combine(folder, SdcReference.DataFile), "--keys", string.Join(',', SdcReference.Keys),
            "--weight", SdcReference.Weight, "--json");
        Assert.Equal(20, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        var global = root.GetProperty("global");
        Assert.Equal(157, global.GetProperty("kAnonymityViolations").GetProperty("2").GetInt32());
        Assert.Equal(281, global.GetProperty("kAnonymityViolations").GetProperty("3").GetInt32());
        Assert.Equal(458, global.GetProperty("kAnonymityViolations").GetProperty("5").GetInt32());
        Assert.Equal(157, global.GetProperty("sampleUniques").GetInt32());
        Assert.Equal(412, global.GetProperty("equivalenceClasses").GetInt32());
        Assert.Equal(10.7782989187, global.GetProperty("expectedReidentifications").GetDouble(), 1e-9);
        Assert.Equal(0.0023533404, global.GetProperty("meanRisk").GetDouble(), 1e-10);
        Assert.Equal("weights", root.GetProperty("populationSource").GetString());

        var (_, reference) = SdcReference.ReadCsv(Path.Combine(folder, SdcReference.RiskFile));
        var records = root.GetProperty("records");
        Assert.Equal(reference.Count, records.GetArrayLength());
        for (var i = 0; i < reference.Count; i++)
        {
            var r = records[i];
            Assert.Equal(i + 1, r.GetProperty("row").GetInt32());
            Assert.Equal(int.Parse(reference[i][1], CultureInfo.InvariantCulture), r.GetProperty("fk").GetInt32());
            Assert.Equal(double.Parse(reference[i][2], CultureInfo.InvariantCulture), r.GetProperty("Fk").GetDouble());
            var risk = double.Parse(reference[i][3], CultureInfo.InvariantCulture);
            Assert.Equal(risk, r.GetProperty("risk").GetDouble(), risk * 1e-12);
        }

        var text = CliRunner.Run("risk", Path.Combine(folder, SdcReference.DataFile), "--keys", string.Join(',', SdcReference.Keys), "--weight", SdcReference.Weight,
            "--sensitive", "hhcivil", "--suda");
        Assert.Equal(20, text.ExitCode);
        Assert.Contains("l-diversity of 'hhcivil': 2,466 records", text.Stdout);
        Assert.Contains("SUDA: 157 records with special uniques, largest score 720, largest DIS-SUDA 0.6781", text.Stdout);
        Assert.Contains("k-anonymity violations (f_k < k): k=2 157, k=3 281, k=5 458", text.Stdout);
        Assert.Contains("expected re-identifications: 10.7783", text.Stdout);
        output.WriteLine(text.Stdout);
    }

    [Fact]
    public void With_the_index_F_k_is_the_cohorts_count()
    {
        var (header, rows) = DerivedRows.IndexKeys(cohort, 500, skip: 4000);
        var path = Write("keys.csv", string.Join("\n", new[] { header }.Concat(rows).Select(r => string.Join(",", r))) + "\n");
        var run = CliRunner.Run("risk", path, "--index", cohort.IndexDir, "--project", "A", "--json");
        Assert.Equal(20, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal("cohortIndex", root.GetProperty("populationSource").GetString());
        Assert.Equal(5, root.GetProperty("keys").GetArrayLength()); // the detected quasi-identifiers, not the score
        Assert.True(root.GetProperty("rowLevel").GetProperty("judgedRowLevel").GetBoolean());
        foreach (var r in root.GetProperty("records").EnumerateArray())
        {
            Assert.True(r.GetProperty("Fk").GetDouble() >= r.GetProperty("fk").GetInt32());
            Assert.Equal(1 / r.GetProperty("Fk").GetDouble(), r.GetProperty("risk").GetDouble(), 1e-12);
        }
        // Counts and names only: no participant's values in the output.
        PrintedValues.AssertNotShown(run.Stdout, rows[0][5]);
    }

    [Fact]
    public void Reads_the_first_table_of_a_workbook()
    {
        var (header, rows) = DerivedRows.Derived(cohort, 300, skip: 500);
        var writer = new XlsxWriter();
        writer.AddSheet("Notes").Row(1, "created by", "analysis.R");
        var sheet = writer.AddSheet("data").Row(1, header);
        var n = 2;
        foreach (var row in rows) sheet.Row(n++, row);
        var path = Path.Combine(Directory.CreateTempSubdirectory("egress-risk-").FullName, "derived.xlsx");
        File.WriteAllBytes(path, writer.ToBytes());
        var run = CliRunner.Run("risk", path, "--keys", "sex,age_band,centre", "--json");
        Assert.Equal(20, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(300, json.RootElement.GetProperty("records").GetArrayLength());
        Assert.Equal("derived.xlsx#data", json.RootElement.GetProperty("part").GetString());
    }

    [Fact]
    public void Exit_codes_say_how_exposed_the_records_are()
    {
        // One key, every class of five or more, not judged row-level: 0. Classes of three: 10. A unique: 20.
        string Table(params int[] sizes) => "group,value\n" + string.Concat(sizes.SelectMany((s, g) => Enumerable.Range(0, s).Select(i => $"g{g},{i}\n")));
        Assert.Equal(0, CliRunner.Run("risk", Write("a.csv", Table(5, 6, 7)), "--keys", "group").ExitCode);
        Assert.Equal(10, CliRunner.Run("risk", Write("b.csv", Table(5, 3, 7)), "--keys", "group").ExitCode);
        Assert.Equal(20, CliRunner.Run("risk", Write("c.csv", Table(5, 1, 7)), "--keys", "group").ExitCode);
    }

    [Fact]
    public void Usage_errors_and_unreadable_files()
    {
        var table = Write("t.csv", "sex,age_band,score\nMale,40-44,1\nFemale,40-44,2\n");
        var unknown = CliRunner.Run("risk", table, "--keys", "sex,height");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no column 'height'", unknown.Stderr);
        Assert.Equal(2, CliRunner.Run("risk", table + ".missing").ExitCode);
        Assert.Equal(2, CliRunner.Run("risk", table, "--index", cohort.IndexDir).ExitCode); // --index needs --project
        Assert.Equal(2, CliRunner.Run("risk", Write("none.csv", "a,b\n1,2\n3,4\n")).ExitCode); // no quasi-identifiers, no --keys
        var binary = Path.Combine(Directory.CreateTempSubdirectory("egress-risk-").FullName, "blob.bin");
        File.WriteAllBytes(binary, Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray());
        Assert.Equal(3, CliRunner.Run("risk", binary, "--keys", "x").ExitCode);
        var badWeight = CliRunner.Run("risk", Write("w.csv", "sex,w\nMale,100\nFemale,abc\n"), "--keys", "sex", "--weight", "w");
        Assert.Equal(3, badWeight.ExitCode);
        Assert.Contains("not a positive number", badWeight.Stderr);
    }
}
