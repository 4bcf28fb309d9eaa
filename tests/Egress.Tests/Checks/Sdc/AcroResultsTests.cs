using System.Text.Json;
using Egress.Core;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Checks.Sdc;

/// <summary>
/// `egress check --format acro` writes ACRO's results.json shape, and what it writes passes the checks
/// SACRO-Viewer makes when it opens a results file (sacro/models.py ACROOutputs, sacro/versioning.py,
/// sacro/transform.py) and what ACRO's own load_records reads back (acro/record.py).
/// </summary>
[Collection("indexed-cohort")]
public class AcroResultsTests(IndexedCohort cohort)
{
    /// <summary>The structural checks SACRO-Viewer applies, restated: a file it would refuse fails here.</summary>
    private static void AssertSacroViewerOpens(JsonElement root, string folder)
    {
        // versioning.check_version: "major.minor[.patch]", at least the supported 0.4.
        var version = root.GetProperty("version").GetString()!.Split('.');
        Assert.True(version.Length >= 2 && int.TryParse(version[0], out var major) && int.TryParse(version[1], out var minor) && (major, minor).CompareTo((0, 4)) >= 0);
        var results = root.GetProperty("results");
        Assert.Equal(JsonValueKind.Object, results.ValueKind);
        Assert.NotEmpty(results.EnumerateObject());
        foreach (var output in results.EnumerateObject())
        {
            var o = output.Value;
            // models.ACROOutputs: every result has a non-empty "files", each with a "name" (a file beside results.json).
            var files = o.GetProperty("files");
            Assert.NotEmpty(files.EnumerateArray());
            foreach (var file in files.EnumerateArray())
            {
                Assert.True(File.Exists(Path.Combine(folder, file.GetProperty("name").GetString()!)));
                // annotate(): sdc.cells is {check: [[row, column], …]}; load_records reads every file's "sdc".
                var sdc = file.GetProperty("sdc");
                if (sdc.TryGetProperty("cells", out var cells))
                    foreach (var check in cells.EnumerateObject())
                        foreach (var cell in check.Value.EnumerateArray())
                        {
                            Assert.Equal(2, cell.GetArrayLength());
                            Assert.All(cell.EnumerateArray(), v => Assert.True(v.TryGetInt32(out _)));
                        }
                if (sdc.TryGetProperty("summary", out var summary))
                    foreach (var check in new[] { "negative", "missing", "threshold", "p-ratio", "nk-rule", "all-values-are-same" })
                        Assert.True(summary.GetProperty(check).TryGetInt32(out _));
            }
            // transform.DEFAULTS and record.load_records: the fields a record is rebuilt from.
            Assert.Equal(output.Name, o.GetProperty("uid").GetString());
            Assert.Contains(o.GetProperty("status").GetString(), new[] { "pass", "fail", "review" });
            Assert.Equal(JsonValueKind.String, o.GetProperty("type").ValueKind);
            Assert.Equal(JsonValueKind.Object, o.GetProperty("properties").ValueKind);
            Assert.Equal(JsonValueKind.String, o.GetProperty("command").ValueKind);
            Assert.Equal(JsonValueKind.String, o.GetProperty("summary").ValueKind);
            Assert.True(DateTime.TryParse(o.GetProperty("timestamp").GetString(), out _));
            Assert.All(o.GetProperty("comments").EnumerateArray(), c => Assert.Equal(JsonValueKind.String, c.ValueKind));
            Assert.Equal(JsonValueKind.String, o.GetProperty("exception").ValueKind);
            // outcome is pandas' DataFrame.to_json(): {column: {row: text}}.
            foreach (var column in o.GetProperty("outcome").EnumerateObject())
                Assert.All(column.Value.EnumerateObject(), cell => Assert.Equal(JsonValueKind.String, cell.Value.ValueKind));
        }
    }

    private CliRunner.Result Run(string path, params string[] options) =>
        CliRunner.Run(["check", path, "--index", cohort.IndexDir, "--key-file", cohort.KeyPath, "--project", "A", .. options]);

    [Fact]
    public void A_table_with_a_small_count_is_a_failing_output_with_its_cell_for_sacro_viewer()
    {
        var path = cohort.NewFile("counts.csv");
        File.WriteAllText(path, "sex,smoking,n\nFemale,Never,1234\nFemale,Current,7\nMale,Never,1102\nMale,Current,567\n");
        var run = Run(path, "--format", "acro");
        Assert.Equal(10, run.ExitCode);
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(path)!, "results.json"), run.Stdout);
        using var json = JsonDocument.Parse(run.Stdout);
        AssertSacroViewerOpens(json.RootElement, Path.GetDirectoryName(path)!);

        var table = json.RootElement.GetProperty("results").GetProperty("table1");
        Assert.Equal("fail", table.GetProperty("status").GetString());
        Assert.Equal("table", table.GetProperty("type").GetString());
        var sdc = table.GetProperty("files")[0].GetProperty("sdc");
        Assert.Equal(1, sdc.GetProperty("summary").GetProperty("threshold").GetInt32());
        // Where SACRO-Viewer draws it: body row 1 (Female, Current), field 1 + 1 = 2 of the CSV (n; two label columns before it).
        Assert.Equal("[[1,1]]", sdc.GetProperty("cells").GetProperty("threshold").GetRawText().Replace(" ", "").Replace("\n", "").Replace("\r", ""));
        Assert.Equal("threshold; ", table.GetProperty("outcome").GetProperty("n").GetProperty("Female / Current").GetString());
        Assert.Equal("ok", table.GetProperty("outcome").GetProperty("n").GetProperty("Male / Current").GetString());
        Assert.StartsWith("fail; threshold: 1 cells", table.GetProperty("summary").GetString());
        Assert.Contains(table.GetProperty("comments").EnumerateArray(), c => c.GetString()!.StartsWith("What to do", StringComparison.Ordinal));
        // The file as a whole is the worst of its outputs.
        Assert.Equal("fail", json.RootElement.GetProperty("results").GetProperty("file").GetProperty("status").GetString());
    }

    [Fact]
    public void A_model_is_a_regression_output_and_a_leak_fails_the_file()
    {
        var model = cohort.NewFile("lm_summary.txt");
        File.WriteAllText(model, """
            Coefficients:
                        Estimate Std. Error t value Pr(>|t|)
            (Intercept)  86.4121     9.5072   9.089  1.2e-05 ***
            age           0.7021     0.1988   3.532  0.00640 **

            Residual standard error: 18.97 on 9 degrees of freedom
            """);
        var run = Run(model, "--format", "acro");
        using (var json = JsonDocument.Parse(run.Stdout))
        {
            AssertSacroViewerOpens(json.RootElement, Path.GetDirectoryName(model)!);
            var table = json.RootElement.GetProperty("results").GetProperty("table1");
            Assert.Equal("regression", table.GetProperty("type").GetString());
            Assert.Equal("fail", table.GetProperty("status").GetString());
            Assert.Equal(9, table.GetProperty("properties").GetProperty("dof").GetDouble());
        }

        var (header, rows) = cohort.Extract("A");
        var leak = IndexedCohort.WriteTable(cohort.NewFile("slice.csv"), [header[1..], .. rows.Take(200).Select(r => r[1..])]);
        var leakRun = Run(leak, "--format", "acro");
        Assert.Equal(20, leakRun.ExitCode);
        using var leakJson = JsonDocument.Parse(leakRun.Stdout);
        AssertSacroViewerOpens(leakJson.RootElement, Path.GetDirectoryName(leak)!);
        var file = leakJson.RootElement.GetProperty("results").GetProperty("file");
        Assert.Equal("fail", file.GetProperty("status").GetString());
        Assert.Equal("block", file.GetProperty("properties").GetProperty("verdict").GetString());
    }

    [Fact]
    public void Json_stays_as_it_was_and_format_json_is_the_same()
    {
        var path = cohort.NewFile("ok.csv");
        File.WriteAllText(path, "sex,n\nFemale,10769\nMale,9231\n");
        var json = Run(path, "--json");
        var format = Run(path, "--format", "json");
        Assert.Equal(0, json.ExitCode);
        using var a = JsonDocument.Parse(json.Stdout);
        using var b = JsonDocument.Parse(format.Stdout);
        Assert.Equal("release", a.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(a.RootElement.GetProperty("verdict").GetString(), b.RootElement.GetProperty("verdict").GetString());
        Assert.False(a.RootElement.TryGetProperty("results", out _));
        Assert.Equal(2, Run(path, "--format", "xml").ExitCode);
    }

    [Fact]
    public void The_writer_maps_rules_to_acro_checks()
    {
        Assert.Equal("threshold", AcroResults.CheckNames["sdc-minimum-cell-count"]);
        Assert.Equal("nk-rule", AcroResults.CheckNames["sdc-dominance"]);
        Assert.Equal("p-ratio", AcroResults.CheckNames["sdc-p-percent"]);
    }
}
