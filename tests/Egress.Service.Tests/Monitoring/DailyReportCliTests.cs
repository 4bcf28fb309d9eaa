using System.Text.Json;
using Egress.Service.Tests.Support;
using Xunit;

namespace Egress.Service.Tests.Monitoring;

/// <summary>`egress report daily` as a real process on the simulated month's SQLite store.</summary>
public sealed class DailyReportCliTests
{
    [Fact]
    public async Task Report_daily_json_lists_the_three_bad_actors_first_and_the_text_form_reads()
    {
        var (h, _) = await SimulatedMonth.SharedSqliteAsync();
        var data = h.DataDir;
        // The CLI finds the index where the data folder keeps it (DATA/index, its key beside it).
        TestIndex.Copy(ServiceCohort.TwentyProjects.IndexDir, Path.Combine(data, "index"));
        var policy = Path.Combine(data, "..", $"report-policy-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(policy, SimulatedMonth.Policy().ToJson());
        try
        {
            var day = SimulatedMonth.LastDay.ToString("yyyy-MM-dd");
            var json = await EgressProcess.RunAsync(["report", "daily", "--data", data, "--date", day, "--json", "--policy", policy]);
            Assert.True(json.ExitCode == 0, json.Output);
            using var doc = JsonDocument.Parse(json.Output);
            var root = doc.RootElement;
            Assert.Equal(day, root.GetProperty("day").GetString());
            var ranked = root.GetProperty("anomalies").EnumerateArray().Select(a => a.GetProperty("project").GetString()!).Distinct().ToList();
            Assert.Equal(SimulatedMonth.Plan.BadActors.Order(), ranked.Take(3).Order());
            Assert.All(root.GetProperty("anomalies").EnumerateArray(), a => Assert.True(a.GetProperty("requests").GetArrayLength() > 0));
            Assert.Equal(20, root.GetProperty("projects").GetArrayLength());
            Assert.Equal(31, root.GetProperty("history").GetArrayLength());
            var rescan = root.GetProperty("rescan");
            Assert.True(rescan.GetProperty("done").GetBoolean());
            Assert.True(rescan.GetProperty("checked").GetInt32() > 0);

            var text = await EgressProcess.RunAsync(["report", "daily", "--data", data, "--date", day, "--policy", policy, "--no-rescan"]);
            Assert.Equal(0, text.ExitCode);
            Assert.Contains($"Daily monitoring report for {day}", text.Output);
            Assert.Contains($"ANOMALIES ({root.GetProperty("anomalies").GetArrayLength()})", text.Output);
            Assert.Contains("RE-SCAN not done", text.Output);

            var bad = await EgressProcess.RunAsync(["report", "daily", "--data", data, "--date", "02/04/2026"]);
            Assert.Equal(2, bad.ExitCode);
        }
        finally
        {
            File.Delete(policy);
        }
    }
}
