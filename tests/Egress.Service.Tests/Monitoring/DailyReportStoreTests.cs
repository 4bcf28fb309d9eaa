using Egress.Airlock;
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

    [StoreFact]
    public async Task The_three_bad_actors_are_the_anomalies_listed_first_with_their_requests()
    {
        var started = DateTime.UtcNow;
        var (h, summary) = await SimulatedMonth.CreateAsync(Postgres);
        await using var _ = h;
        output.WriteLine($"simulated {summary.Requests} requests, {summary.Files} files in {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
        var plan = SimulatedMonth.Plan;

        var report = await h.Service.DailyReportAsync(h["audrey"], SimulatedMonth.LastDay);
        foreach (var a in report.Anomalies) output.WriteLine($"{a.Project} {a.Metric} value {a.Value} median {a.Median} mad {a.Mad} z {a.Z:0.0}");
        var ranked = report.Anomalies.Select(a => a.Project).Distinct().ToList();
        Assert.Equal(plan.BadActors.Order(), ranked.Take(3).Order());
        Assert.Equal(3, ranked.Count); // no ordinary project is an anomaly at all
        Assert.Equal(plan.BadActors.Order(), report.Projects.Take(3).Select(p => p.Project).Order());
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
}

public sealed class PostgresDailyReportTests(ITestOutputHelper output) : DailyReportStoreTests(output), IUsesPostgres
{
    protected override bool Postgres => true;
}
