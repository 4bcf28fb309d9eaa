using Egress.Airlock.Monitoring;

namespace Egress.Airlock;

// Auditors and admins: the daily monitoring report.
public sealed partial class AirlockService
{
    /// <summary>
    /// The daily monitoring report for a UTC day (docs/monitoring.md): per project and researcher, anomalies
    /// against each project's own baseline, and — when <paramref name="rescan"/> — the day's released files
    /// checked again against the current index and policy. Auditors and admins only.
    /// </summary>
    public async Task<DailyReport> DailyReportAsync(Actor actor, DateOnly day, bool rescan = true, CancellationToken ct = default)
    {
        await Database.ReadAsync(c => RequireAsync(c, null, actor, Role.Auditor, Role.Admin), ct);
        return await new DailyReportBuilder(this).BuildAsync(day, rescan, ct);
    }

    /// <summary>The report's default day: yesterday (UTC), the last whole day.</summary>
    public DateOnly DefaultReportDay => DateOnly.FromDateTime(Now.UtcDateTime.Date).AddDays(-1);
}
