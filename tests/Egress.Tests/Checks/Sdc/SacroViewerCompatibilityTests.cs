using System.Security.Cryptography;
using System.Text.Json;
using Egress.Core;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Checks.Sdc;

/// <summary>
/// What `egress check --format acro --results-dir` writes, opened the way SACRO-Viewer opens a folder and ACRO's
/// load_records reads one, restated here: the one valid ACRO json in the folder (config.json is none), the version
/// check (major and minor at least 0.4; load_records wants its own exactly), every output's files beside it with
/// checksums/&lt;file&gt;.txt equal to the SHA-256 of the file, and each flagged cell [x, y] placed where the viewer
/// highlights it in a CSV (body row x after the first line, field y + 1) landing on the intended value; statuses
/// never better than the file's.
/// </summary>
[Collection("indexed-cohort")]
public class SacroViewerCompatibilityTests(IndexedCohort cohort)
{
    /// <summary>A folder as the viewer loads it: the results, and per output its files' checksum validity and flagged cells.</summary>
    private sealed record Loaded(JsonElement Results, string Version, Dictionary<string, bool> ChecksumValid, Dictionary<string, Dictionary<string, List<string>>> CellIndex);

    private static Loaded LoadLikeSacroViewer(string folder)
    {
        // find_acro_metadata: the json files of the folder that are valid ACRO results (version, results, files with names).
        var valid = new List<(string Path, JsonDocument Doc)>();
        foreach (var path in Directory.GetFiles(folder, "*.json"))
        {
            var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            var ok = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("version", out _) && root.TryGetProperty("results", out var results) &&
                     results.EnumerateObject().All(o => o.Value.TryGetProperty("files", out var files) && files.GetArrayLength() > 0 &&
                                                        files.EnumerateArray().All(f => f.TryGetProperty("name", out _)));
            if (ok) valid.Add((path, doc));
        }
        var (_, chosen) = Assert.Single(valid);
        var version = chosen.RootElement.GetProperty("version").GetString()!;
        // versioning.check_version: "major.minor[.x]" no older than 0.4.
        var parts = version.Split('.');
        Assert.True(parts.Length >= 2 && int.TryParse(parts[0], out var major) && int.TryParse(parts[1], out var minor) && (major, minor).CompareTo((0, 4)) >= 0, version);
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "config.json")));
        Assert.Equal(JsonValueKind.Object, config.RootElement.ValueKind);

        var checksums = new Dictionary<string, bool>();
        var cellIndex = new Dictionary<string, Dictionary<string, List<string>>>();
        foreach (var output in chosen.RootElement.GetProperty("results").EnumerateObject())
        {
            foreach (var file in output.Value.GetProperty("files").EnumerateArray())
            {
                // models.annotate: checksums/<name>.txt against the SHA-256 of the file beside the results.
                var name = file.GetProperty("name").GetString()!;
                var sumPath = Path.Combine(folder, "checksums", name + ".txt");
                var actual = Path.Combine(folder, name);
                checksums[output.Name] = File.Exists(sumPath) && File.Exists(actual) &&
                    File.ReadAllText(sumPath) == Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(actual)));
                var index = new Dictionary<string, List<string>>();
                if (file.TryGetProperty("sdc", out var sdc) && sdc.TryGetProperty("cells", out var cells))
                    foreach (var check in cells.EnumerateObject())
                        foreach (var cell in check.Value.EnumerateArray())
                        {
                            var key = $"{cell[0].GetInt32()},{cell[1].GetInt32()}";
                            if (!index.TryGetValue(key, out var flags)) index[key] = flags = [];
                            flags.Add(check.Name);
                        }
                cellIndex[output.Name] = index;
            }
            // record.load_records: the fields it reads are all there.
            foreach (var field in new[] { "uid", "status", "type", "properties", "command", "summary", "outcome", "comments", "exception", "timestamp" })
                Assert.True(output.Value.TryGetProperty(field, out _), $"{output.Name} lacks {field}");
            Assert.True(output.Value.GetProperty("properties").TryGetProperty("dof", out _), $"{output.Name} lacks properties.dof");
            // The viewer shows the status from the summary's first item: it must agree with the status.
            Assert.Equal(output.Value.GetProperty("status").GetString(), output.Value.GetProperty("summary").GetString()!.Split("; ")[0]);
        }
        return new Loaded(chosen.RootElement.GetProperty("results").Clone(), version, checksums, cellIndex);
    }

    /// <summary>_table-builder.js: the CSV's first line is the header; [x, y] is body row x, field y + 1 (index column first).</summary>
    private static string ViewerCell(string csvPath, string key)
    {
        var lines = File.ReadAllText(csvPath).Split('\n');
        var xy = key.Split(',').Select(int.Parse).ToArray();
        var fields = lines[xy[0] + 1].TrimEnd('\r').Split(',');
        return fields[xy[1] + 1];
    }

    private Loaded CheckIntoFolder(string name, string content, out string folder, out CheckReport report)
    {
        var path = cohort.NewFile(name);
        File.WriteAllText(path, content);
        report = cohort.Check(path);
        folder = Path.Combine(Path.GetDirectoryName(path)!, "sacro");
        AcroResultsFolder.Write(folder, path, AcroResults.Json(report, "egress check"), Policy.Default);
        return LoadLikeSacroViewer(folder);
    }

    [Theory]
    // Two label columns, one header line.
    [InlineData("sex,smoking,n\nFemale,Never,1234\nFemale,Current,7\nMale,Never,1102\nMale,Current,567\n", "7")]
    // No label columns: counts of each group across one row.
    [InlineData("Female,Male,Other\n1234,1102,4\n", "4")]
    // One label column, counts in several columns.
    [InlineData("smoking,Female,Male\nNever,1234,1102\nCurrent,6,567\nFormer,811,902\n", "6")]
    // A title line above the header.
    [InlineData("Table 2: smoking by sex\nsmoking,Female,Male\nNever,1234,1102\nCurrent,640,3\nFormer,811,902\n", "3")]
    public void Flagged_cells_land_on_the_failing_value_where_the_viewer_draws_the_csv(string csv, string failing)
    {
        var loaded = CheckIntoFolder("counts.csv", csv, out var folder, out var report);
        Assert.Equal(Verdict.Review, report.Verdict);
        var table = Assert.Single(loaded.CellIndex, kv => kv.Value.Count > 0);
        var (key, flags) = Assert.Single(table.Value);
        Assert.Contains("threshold", flags);
        Assert.Equal(failing, ViewerCell(Path.Combine(folder, "counts.csv"), key));
        Assert.All(loaded.ChecksumValid.Values, Assert.True);
        Assert.Equal("fail", loaded.Results.GetProperty(table.Key).GetProperty("status").GetString());
        Assert.Equal("fail", loaded.Results.GetProperty("file").GetProperty("status").GetString());
        Assert.Equal(AcroResults.Version, loaded.Version);
    }

    [Fact]
    public void Two_header_lines_and_two_label_columns_point_at_the_failing_cell()
    {
        const string csv = "region,sex,Never,Never,Current,Current\n,,n,%,n,%\nNorth,Female,1234,60.1,820,39.9\nNorth,Male,1102,66.0,5,0.3\nSouth,Female,900,50.0,900,50.0\n";
        var loaded = CheckIntoFolder("two_headers.csv", csv, out var folder, out _);
        var table = Assert.Single(loaded.CellIndex, kv => kv.Value.Count > 0);
        Assert.Contains(table.Value.Keys, key => ViewerCell(Path.Combine(folder, "two_headers.csv"), key) == "5");
        Assert.All(table.Value.Keys, key => Assert.Equal("5", ViewerCell(Path.Combine(folder, "two_headers.csv"), key)));
    }

    [Fact]
    public void A_table_that_could_not_be_assessed_never_shows_pass()
    {
        // Sums without their largest contributions: dominance and p% are not assessed (info by default, so the verdict is release).
        var loaded = CheckIntoFolder("sums.csv", "region,n,sum\nNorth,20,1000\nSouth,25,1300\nEast,40,2000\n", out _, out var report);
        Assert.Equal(Verdict.Release, report.Verdict);
        var table = loaded.Results.EnumerateObject().Single(o => o.Name != "file");
        Assert.Equal("review", table.Value.GetProperty("status").GetString());
        Assert.Equal("review", loaded.Results.GetProperty("file").GetProperty("status").GetString());
    }

    [Fact]
    public void A_passing_table_passes_and_a_model_states_its_dof()
    {
        var loaded = CheckIntoFolder("ok.csv", "sex,n\nFemale,10769\nMale,9231\n", out _, out var report);
        Assert.Equal(Verdict.Release, report.Verdict);
        Assert.All(loaded.Results.EnumerateObject(), o => Assert.Equal("pass", o.Value.GetProperty("status").GetString()));

        var model = CheckIntoFolder("lm.txt", """
            Coefficients:
                        Estimate Std. Error t value Pr(>|t|)
            (Intercept)  86.4121     9.5072   9.089  1.2e-05 ***
            age           0.7021     0.1988   3.532  0.00640 **

            Residual standard error: 18.97 on 42 degrees of freedom
            """, out _, out _);
        var regression = model.Results.EnumerateObject().Single(o => o.Value.GetProperty("type").GetString() == "regression");
        Assert.Equal(42, regression.Value.GetProperty("properties").GetProperty("dof").GetDouble());
        Assert.Equal("pass", regression.Value.GetProperty("status").GetString());
    }

    [Fact]
    public void Every_output_of_a_blocked_file_fails()
    {
        var (header, rows) = cohort.Extract("A");
        var path = IndexedCohort.WriteTable(cohort.NewFile("slice.csv"), [header[1..], .. rows.Take(200).Select(r => r[1..])]);
        var report = cohort.Check(path);
        Assert.Equal(Verdict.Block, report.Verdict);
        var folder = Path.Combine(Path.GetDirectoryName(path)!, "sacro");
        AcroResultsFolder.Write(folder, path, AcroResults.Json(report, "egress check"), Policy.Default);
        var loaded = LoadLikeSacroViewer(folder);
        Assert.All(loaded.Results.EnumerateObject(), o => Assert.Equal("fail", o.Value.GetProperty("status").GetString()));
        Assert.All(loaded.ChecksumValid.Values, Assert.True);
    }

    [Fact]
    public void A_file_changed_after_the_check_shows_an_invalid_checksum()
    {
        var loaded = CheckIntoFolder("changed.csv", "sex,n\nFemale,10769\nMale,9231\n", out var folder, out _);
        Assert.All(loaded.ChecksumValid.Values, Assert.True);
        File.AppendAllText(Path.Combine(folder, "changed.csv"), "Other,3\n");
        Assert.All(LoadLikeSacroViewer(folder).ChecksumValid.Values, Assert.False);
    }

    [Fact]
    public void The_cli_writes_the_folder_the_viewer_opens()
    {
        var path = cohort.NewFile("cli.csv");
        File.WriteAllText(path, "sex,smoking,n\nFemale,Never,1234\nFemale,Current,7\nMale,Never,1102\nMale,Current,567\n");
        var folder = Path.Combine(Path.GetDirectoryName(path)!, "out");
        var run = CliRunner.Run(["check", path, "--index", cohort.IndexDir, "--key-file", cohort.KeyPath, "--project", "A",
            "--format", "acro", "--results-dir", folder, "--acro-version", "0.4.11"]);
        Assert.Equal(10, run.ExitCode);
        var loaded = LoadLikeSacroViewer(folder);
        Assert.Equal("0.4.11", loaded.Version);
        Assert.True(File.Exists(Path.Combine(folder, "cli.csv")));
        Assert.All(loaded.ChecksumValid.Values, Assert.True);
        var (key, _) = Assert.Single(loaded.CellIndex.Values.SelectMany(v => v));
        Assert.Equal("7", ViewerCell(Path.Combine(folder, "cli.csv"), key));
        Assert.Equal(2, CliRunner.Run(["check", path, "--index", cohort.IndexDir, "--key-file", cohort.KeyPath, "--project", "A", "--results-dir", folder]).ExitCode);
    }
}
