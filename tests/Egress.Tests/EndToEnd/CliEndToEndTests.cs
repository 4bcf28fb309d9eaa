using System.Text.Json;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.EndToEnd;

/// <summary>The `egress` command end to end: generate a cohort, build an index, check files; verdicts and exit codes.</summary>
public class CliEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("egress-cli-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string At(string name) => Path.Combine(_dir, name);

    [Fact]
    public void Generate_index_and_check_give_verdicts_and_exit_codes()
    {
        var gen = CliRunner.Run("cohort", "generate", "--participants", "5000", "--projects", "2", "--seed", "4", "--out", At("cohort"));
        Assert.Equal(0, gen.ExitCode);
        var build = CliRunner.Run("index", "build", "--extract", $"A={At("cohort/extract-A.csv")}", "--extract", $"B={At("cohort/extract-B.csv")}", "--out", At("index"));
        Assert.Equal(0, build.ExitCode);
        Assert.True(File.Exists(At("index.key")), "the key is kept beside the index folder, not in it");
        Assert.DoesNotContain(Directory.GetFiles(At("index")), f => f.EndsWith(".key", StringComparison.Ordinal));

        // A leak: the extract itself → block (20), JSON with the fields the issue names.
        var leak = CliRunner.Run("check", At("cohort/extract-B.csv"), "--index", At("index"), "--project", "A", "--json");
        Assert.Equal(20, leak.ExitCode);
        using (var json = JsonDocument.Parse(leak.Stdout))
        {
            var root = json.RootElement;
            Assert.Equal("block", root.GetProperty("verdict").GetString());
            Assert.True(root.GetProperty("participants").GetInt32() > 4000);
            Assert.True(root.GetProperty("bytes").GetInt64() > 0);
            Assert.True(root.GetProperty("elapsedMs").GetInt64() >= 0);
            var finding = root.GetProperty("findings")[0];
            foreach (var field in new[] { "rule", "severity", "location", "participants", "projects", "evidence" })
                Assert.True(finding.TryGetProperty(field, out _), $"finding lacks {field}");
            // Findings about participants name their project; others (row-level data, limits) may name none.
            Assert.Contains(root.GetProperty("findings").EnumerateArray(), f => f.GetProperty("projects").EnumerateArray().Any(p => p.GetString() == "B"));
        }

        // A legitimate aggregate table → release (0).
        File.WriteAllText(At("table.csv"), "sex,n,mean_bmi\nfemale,2711,27.1\nmale,2289,27.9\n");
        var ok = CliRunner.Run("check", At("table.csv"), "--index", At("index"), "--project", "A");
        Assert.Equal(0, ok.ExitCode);
        Assert.StartsWith("RELEASE", ok.Stdout);

        // gzip'd leak: read through by content.
        using (var gz = new System.IO.Compression.GZipStream(File.Create(At("leak.txt")), System.IO.Compression.CompressionLevel.Fastest))
            File.OpenRead(At("cohort/extract-A.csv")).CopyTo(gz);
        Assert.Equal(20, CliRunner.Run("check", At("leak.txt"), "--index", At("index"), "--project", "A").ExitCode);

        // Corrupt gzip → unreadable (3), still a block verdict.
        File.WriteAllBytes(At("broken.gz"), [0x1F, 0x8B, 8, 0, 1, 2, 3, 4, 5, 6, 7]);
        var broken = CliRunner.Run("check", At("broken.gz"), "--index", At("index"), "--project", "A", "--json");
        Assert.Equal(3, broken.ExitCode);
        Assert.Contains("\"verdict\":\"block\"", broken.Stdout);

        // Unknown binary → block.
        File.WriteAllBytes(At("blob.bin"), Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray());
        Assert.Equal(20, CliRunner.Run("check", At("blob.bin"), "--index", At("index"), "--project", "A").ExitCode);

        // Policy: a file over the size limit is blocked before it is read.
        File.WriteAllText(At("small-limit.json"), "{ \"limits\": { \"maxFileBytes\": 10 } }");
        var limited = CliRunner.Run("check", At("table.csv"), "--index", At("index"), "--project", "A", "--policy", At("small-limit.json"), "--json");
        Assert.Equal(20, limited.ExitCode);
        Assert.Contains("file-size-limit", limited.Stdout);

        // Usage errors → 2.
        Assert.Equal(2, CliRunner.Run("check", At("table.csv"), "--index", At("index"), "--project", "Nope").ExitCode);
        Assert.Equal(2, CliRunner.Run("check", At("table.csv"), "--project", "A").ExitCode);
        File.WriteAllText(At("typo.json"), "{ \"limitz\": {} }");
        Assert.Equal(2, CliRunner.Run("check", At("table.csv"), "--index", At("index"), "--project", "A", "--policy", At("typo.json")).ExitCode);
        Assert.Equal(2, CliRunner.Run("frobnicate").ExitCode);
        // A path that is not there is a usage error (2), not a verdict on an export.
        Assert.Equal(2, CliRunner.Run("check", At("missing.csv"), "--index", At("index"), "--project", "A").ExitCode);
    }

    [Fact]
    public void The_index_holds_no_plaintext_value_or_id()
    {
        Assert.Equal(0, CliRunner.Run("cohort", "generate", "--participants", "2000", "--projects", "1", "--seed", "9", "--out", At("c")).ExitCode);
        Assert.Equal(0, CliRunner.Run("index", "build", "--extract", $"A={At("c/extract-A.csv")}", "--out", At("i")).ExitCode);
        var lines = File.ReadLines(At("c/extract-A.csv")).Skip(1).Take(50).ToList();
        var secrets = lines.SelectMany(l => l.Split(',')).Where(v => v.Length >= 6).Distinct().ToList();
        foreach (var file in Directory.GetFiles(At("i")))
        {
            var bytes = File.ReadAllBytes(file);
            var text = System.Text.Encoding.Latin1.GetString(bytes);
            foreach (var secret in secrets)
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{Path.GetFileName(file)} contains the plaintext value {secret}");
        }
    }
}
