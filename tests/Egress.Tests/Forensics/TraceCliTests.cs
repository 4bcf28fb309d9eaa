using System.Text.Json;
using Egress.Tests.Support;
using Xunit;
using Egress.TestSupport;

namespace Egress.Tests.Forensics;

/// <summary>`egress trace` end to end: the JSON's shape, the readable report, and no cohort value or ID in either.</summary>
[Collection(IndexedCohortCollection.Name)]
public sealed class TraceCliTests(IndexedCohort cohort)
{
    [Fact]
    public void Json_ranks_candidates_and_neither_output_shows_a_value_or_an_id()
    {
        var leak = LeakSamples.Sample(cohort, "C", 0.02, withIds: true, seed: 8, cohort.NewFile("found-online.csv"));
        var json = CliRunner.Run("trace", leak, "--index", cohort.IndexDir, "--key-file", cohort.KeyPath, "--json");
        var text = CliRunner.Run("trace", leak, "--index", cohort.IndexDir, "--key-file", cohort.KeyPath);

        Assert.True(json.ExitCode == 0, json.Stderr);
        Assert.True(text.ExitCode == 0, text.Stderr);
        using var doc = JsonDocument.Parse(json.Stdout);
        var first = doc.RootElement.GetProperty("candidates")[0];
        Assert.Equal("C", first.GetProperty("project").GetString());
        Assert.InRange(first.GetProperty("score").GetDouble(), 0.99, 1);
        Assert.True(first.GetProperty("participants").GetInt32() > 0);
        Assert.True(first.GetProperty("share").GetDouble() > 0.97);
        Assert.True(first.GetProperty("evidence").GetProperty("bits").GetDouble() > 0);
        Assert.Contains("Source: project C", text.Stdout);
        Assert.Contains("does not", text.Stdout);

        // Every cell of the leak that is not a plain small number must be absent from both outputs.
        var cells = File.ReadLines(leak).Skip(1).SelectMany(l => l.Split(',')).Where(c => c.Length >= 5).Distinct().ToList();
        Assert.NotEmpty(cells);
        foreach (var output in new[] { json.Stdout, text.Stdout })
            PrintedValues.AssertNotShown(output, cells);
    }
}
