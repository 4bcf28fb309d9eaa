using System.Data.Common;
using Dapper;
using Egress.Airlock.Storage;
using Egress.Core;

namespace Egress.Airlock.Monitoring;

/// <summary>A file as the daily report reads it: when it was submitted and checked, its size, verdict, state and exposure added.</summary>
internal sealed class ActivityRow
{
    public long Id { get; set; }
    public long RequestId { get; set; }
    public string Project { get; set; } = "";
    public string Requester { get; set; } = "";
    public long Bytes { get; set; }
    public long Uploaded { get; set; }
    public string? Verdict { get; set; }
    public string State { get; set; } = "";
    public long Created { get; set; }
    public long? Checked { get; set; }
    public long? ExposureAdded { get; set; }

    public Verdict? VerdictValue => Verdict is null ? null : Enum.Parse<Verdict>(Verdict);
}

/// <summary>
/// Computes the daily report from the store: the day (UTC) and the baseline days before it, per project and
/// per researcher, then each project's robust z-scores (<see cref="RobustZScore"/>) against its own baseline.
/// A file counts on the day it was submitted; its exposure growth on the day it was checked.
/// </summary>
internal sealed class DailyReportBuilder(AirlockService service)
{
    private const long DayMs = 24 * 60 * 60 * 1000;
    private MonitoringPolicy Settings => service.Policy.Airlock.Monitoring;

    public async Task<DailyReport> BuildAsync(DateOnly day, bool rescan, CancellationToken ct)
    {
        var baselineDays = Settings.BaselineDays;
        var first = day.AddDays(-baselineDays);
        var from = StartMs(first);
        var end = StartMs(day) + DayMs;
        var (rows, projects, exposureNow, exposureLater) = await service.Database.ReadAsync(async c =>
        {
            var r = (await c.QueryAsync<ActivityRow>(
                "SELECT f.id, f.request_id, p.name AS project, u.username AS requester, f.bytes, f.uploaded, f.verdict, f.state, f.created, f.checked, f.exposure_added " +
                "FROM request_files f JOIN requests q ON q.id = f.request_id JOIN projects p ON p.id = q.project_id JOIN users u ON u.id = q.requester_id " +
                "WHERE (f.created >= @from AND f.created < @end) OR (f.checked >= @from AND f.checked < @end) ORDER BY f.id",
                new { from, end })).ToList();
            var p = (await c.QueryAsync<ProjectStart>("SELECT name, created FROM projects ORDER BY name")).ToList();
            var now = (await c.QueryAsync<ProjectCount>(
                "SELECT p.name, COALESCE(e.participants, 0) AS n FROM projects p LEFT JOIN exposure e ON e.project_id = p.id")).ToDictionary(x => x.Name, x => x.N);
            // Exposure added after the day: subtracted from today's exposure to give the exposure at the day's end.
            var later = (await c.QueryAsync<ProjectCount>(
                "SELECT p.name, CAST(COALESCE(SUM(f.exposure_added), 0) AS BIGINT) AS n FROM request_files f JOIN requests q ON q.id = f.request_id " +
                "JOIN projects p ON p.id = q.project_id WHERE f.checked >= @end GROUP BY p.name", new { end })).ToDictionary(x => x.Name, x => x.N);
            return (r, p, now, later);
        }, ct);

        var days = baselineDays + 1;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(Settings.TimeZone);
        var nearLimitBytes = (long)Math.Ceiling(Settings.NearLimitFraction * service.Policy.Limits.MaxFileBytes);
        var byProject = projects.ToDictionary(p => p.Name, _ => Enumerable.Range(0, days).Select(_ => new ActivityFigures()).ToArray());
        var researchers = new SortedDictionary<(string Researcher, string Project), ActivityFigures>();
        foreach (var f in rows)
        {
            if (!byProject.TryGetValue(f.Project, out var series)) continue;
            if (f.Created >= from && f.Created < end)
            {
                var i = (int)((f.Created - from) / DayMs);
                var nearLimit = f.Bytes >= nearLimitBytes;
                var offHours = IsOffHours(f.Created, zone);
                series[i].AddSubmitted(f, nearLimit, offHours);
                if (i == days - 1) Researcher(f).AddSubmitted(f, nearLimit, offHours);
            }
            if (f.Checked is { } at && at >= from && at < end)
            {
                var i = (int)((at - from) / DayMs);
                series[i].AddExposure(f);
                if (i == days - 1) Researcher(f).AddExposure(f);
            }
        }

        ActivityFigures Researcher(ActivityRow f)
        {
            if (!researchers.TryGetValue((f.Requester, f.Project), out var r)) researchers[(f.Requester, f.Project)] = r = new ActivityFigures();
            return r;
        }

        var projectDays = new List<ProjectDay>();
        var anomalies = new List<Anomaly>();
        foreach (var p in projects)
        {
            var series = byProject[p.Name];
            var atEnd = exposureNow.GetValueOrDefault(p.Name) - exposureLater.GetValueOrDefault(p.Name);
            var exposureByDay = new long[days];
            for (var i = days - 1; i >= 0; i--) exposureByDay[i] = i == days - 1 ? atEnd : exposureByDay[i + 1] - series[i + 1].ExposureGrowth;
            // The baseline: the days before the report's day since the project existed (a new project has no habits yet).
            var firstDay = (int)Math.Clamp((StartOfDayMs(p.Created) - from) / DayMs, 0, days - 1);
            var baseline = Enumerable.Range(firstDay, days - 1 - firstDay).ToList();
            var today = series[days - 1];
            var z = new Dictionary<ActivityMetric, double>();
            if (baseline.Count >= 7)
                foreach (var m in ActivityMetrics.All)
                {
                    var values = baseline.Select(i => series[i].Value(m)).ToArray();
                    var (score, med, mad) = RobustZScore.Score(today.Value(m), values, m.Floor(values));
                    z[m] = score;
                    if (score >= Settings.AnomalyZ) anomalies.Add(new Anomaly(p.Name, m, today.Value(m), med, mad, score, today.Requests(m)));
                }
            projectDays.Add(new ProjectDay(p.Name, today, atEnd, exposureByDay, z, baseline.Count,
                z.Values.Where(v => v >= Settings.AnomalyZ).Sum()));
        }
        // Projects ranked by their score (the sum of their anomalies' z), a project's anomalies together, strongest first.
        var rank = projectDays.ToDictionary(p => p.Project, p => p.Score);
        anomalies = anomalies.OrderByDescending(a => rank[a.Project]).ThenBy(a => a.Project, StringComparer.Ordinal).ThenByDescending(a => a.Z).ToList();
        projectDays = projectDays.OrderByDescending(p => rank.GetValueOrDefault(p.Project)).ThenByDescending(p => p.Figures.Files)
            .ThenBy(p => p.Project, StringComparer.Ordinal).ToList();

        var history = Enumerable.Range(0, days).Select(i =>
        {
            var all = byProject.Values.Select(s => s[i]).ToList();
            return new DayTotals(first.AddDays(i), all.Sum(f => f.Files), all.Sum(f => f.Bytes), all.Sum(f => f.Released), all.Sum(f => f.Review),
                all.Sum(f => f.Blocked), all.Sum(f => f.ExposureGrowth));
        }).ToList();

        var rescanned = rescan
            ? await new ReleasedFileRescan(service).RunAsync(StartMs(day), end, ct)
            : new RescanResult(false, "not asked for", 0, []);
        return new DailyReport(day, service.Now, Settings, nearLimitBytes, anomalies, projectDays,
            researchers.Select(r => new ResearcherDay(r.Key.Researcher, r.Key.Project, r.Value)).ToList(), history, rescanned);
    }

    private bool IsOffHours(long ms, TimeZoneInfo zone)
    {
        var hour = TimeZoneInfo.ConvertTime(Ms.At(ms), zone).Hour;
        return hour < Settings.UsualHoursStart || hour >= Settings.UsualHoursEnd;
    }

    internal static long StartMs(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static long StartOfDayMs(long ms) => ms - ((ms % DayMs) + DayMs) % DayMs;

    private sealed class ProjectStart
    {
        public string Name { get; set; } = "";
        public long Created { get; set; }
    }

    private sealed class ProjectCount
    {
        public string Name { get; set; } = "";
        public long N { get; set; }
    }
}
