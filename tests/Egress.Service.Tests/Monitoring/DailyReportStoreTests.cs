using Egress.Airlock;
using Egress.Airlock.Demo;
using Egress.Airlock.Monitoring;
using Egress.Core;
using Egress.Service.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Egress.Service.Tests.Monitoring;

/// <summary>
/// The daily report on a month of synthetic activity (20 projects, three bad actors) on a real store: the
/// bad actors are the anomalies, first, with the requests behind them; no ordinary project is listed; the
/// day's released files are re-scanned. Runs on SQLite and PostgreSQL.
/// </summary>
public abstract class DailyReportStoreTests(ITestOutputHelper output)
{
    protected abstract bool Postgres { get; }

    /// <summary>The simulated month on this store; the caller disposes it only when it is not the shared SQLite one.</summary>
    protected abstract Task<(AirlockHarness Harness, ActivitySummary Summary, bool Owned)> MonthAsync();

    [StoreFact]
    public async Task The_three_bad_actors_are_the_anomalies_listed_first_with_their_requests()
    {
        var started = DateTime.UtcNow;
        var (h, summary, owned) = await MonthAsync();
        await using var _ = owned ? h : null;
        output.WriteLine($"simulated {summary.Requests} requests, {summary.Files} files ({(DateTime.UtcNow - started).TotalSeconds:0.0} s)");
        var plan = SimulatedMonth.Plan;

        var report = await h.Service.DailyReportAsync(h["audrey"], SimulatedMonth.LastDay);
        foreach (var a in report.Anomalies) output.WriteLine($"{a.Project} {a.Metric} value {a.Value} median {a.Median} mad {a.Mad} z {a.Z:0.0}");
        foreach (var p in report.Projects.Take(5)) output.WriteLine($"{p.Project} score {p.Score:0.0}");
        var ranked = report.Anomalies.Select(a => a.Project).Distinct().ToList();
        Assert.Equal(plan.BadActors.Order(), ranked.Take(3).Order());
        Assert.Equal(3, ranked.Count); // with this seed no ordinary project is listed at all
        Assert.Equal(plan.BadActors.Order(), report.Projects.Take(3).Select(p => p.Project).Order());
        // An ordinary project listed at all scores below every bad actor.
        var worstBad = report.Projects.Where(p => plan.BadActors.Contains(p.Project)).Min(p => p.Score);
        Assert.All(report.Projects.Where(p => !plan.BadActors.Contains(p.Project)), p => Assert.True(p.Score < worstBad, $"{p.Project} scores {p.Score}"));
        Assert.Equal(20, report.Projects.Count);

        Assert.Contains(report.Anomalies, a => a.Project == plan.Slicer && a.Metric == ActivityMetric.ExposureGrowth);
        Assert.Contains(report.Anomalies, a => a.Project == plan.NightBurst && a.Metric == ActivityMetric.OffHours && a.Value == plan.NightBurstFiles);
        Assert.Contains(report.Anomalies, a => a.Project == plan.Splitter && a.Metric == ActivityMetric.NearLimit && a.Value == plan.SplitterFiles);
        // Each anomaly names its requests, and they are that project's.
        foreach (var a in report.Anomalies)
        {
            Assert.NotEmpty(a.Requests);
            foreach (var id in a.Requests) Assert.Equal(a.Project, (await h.Service.GetRequestAsync(h["audrey"], id)).Request.Project);
        }
        var slicer = report.Projects.Single(p => p.Project == plan.Slicer);
        Assert.Equal(plan.SlicerExportsPerDay * plan.SlicerIdsPerExport, slicer.Figures.ExposureGrowth);
        Assert.Equal(plan.SlicerDays * plan.SlicerExportsPerDay * plan.SlicerIdsPerExport, slicer.Exposure);
        Assert.Equal(slicer.Exposure - slicer.Figures.ExposureGrowth, slicer.ExposureByDay[^2]);
        Assert.Equal(31, report.History.Count);
        Assert.Equal(report.Projects.Sum(p => p.Figures.Files), report.History[^1].Files);
        Assert.Equal(report.Researchers.Sum(r => r.Figures.Files), report.History[^1].Files);

        // Re-scan: the day's released files are checked again; with the same policy none would now fail.
        Assert.True(report.Rescan.Done);
        Assert.True(report.Rescan.Checked > 0);
        Assert.Empty(report.Rescan.WouldFail);

        await Assert.ThrowsAsync<AccessDeniedException>(() => h.Service.DailyReportAsync(h["alice"], SimulatedMonth.LastDay));
        await Assert.ThrowsAsync<AccessDeniedException>(() => h.Service.DailyReportAsync(h["carol"], SimulatedMonth.LastDay));
        await h.Service.DailyReportAsync(h["admin"], SimulatedMonth.LastDay, rescan: false);
    }
}

public sealed class SqliteDailyReportTests(ITestOutputHelper output) : DailyReportStoreTests(output)
{
    protected override bool Postgres => false;

    protected override async Task<(AirlockHarness, ActivitySummary, bool)> MonthAsync()
    {
        var (h, summary) = await SimulatedMonth.SharedSqliteAsync();
        return (h, summary, false);
    }

    /// <summary>A stricter policy later: the day's released tables, re-scanned, would now go to review, and are listed with the rule.</summary>
    [Fact]
    public async Task The_rescan_lists_released_files_the_current_policy_would_not_release()
    {
        var (h, _) = await SimulatedMonth.SharedSqliteAsync();
        var stricter = SimulatedMonth.Policy();
        stricter.Sdc.MinimumCellCount.Threshold = 100_000;
        using var later = h.OpenAnother(stricter);
        var report = await later.DailyReportAsync(h["audrey"], SimulatedMonth.LastDay);
        Assert.True(report.Rescan.Done);
        Assert.NotEmpty(report.Rescan.WouldFail);
        Assert.All(report.Rescan.WouldFail, f =>
        {
            Assert.Equal(Verdict.Release, f.Was);
            Assert.Equal(Verdict.Review, f.Now);
            Assert.Contains("sdc-minimum-cell-count", f.Rules);
        });
        var unchanged = await h.Service.DailyReportAsync(h["audrey"], SimulatedMonth.LastDay);
        Assert.Equal(report.Rescan.Checked, unchanged.Rescan.Checked);
        Assert.Empty(unchanged.Rescan.WouldFail);
    }
}

public sealed class PostgresDailyReportTests(ITestOutputHelper output) : DailyReportStoreTests(output), IUsesPostgres
{
    protected override bool Postgres => true;

    protected override async Task<(AirlockHarness, ActivitySummary, bool)> MonthAsync()
    {
        var (h, summary) = await SimulatedMonth.CreateAsync(postgres: true);
        return (h, summary, true);
    }
}
