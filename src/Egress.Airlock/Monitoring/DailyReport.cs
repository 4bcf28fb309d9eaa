using Egress.Core;

namespace Egress.Airlock.Monitoring;

/// <summary>What the daily report measures per project and day, each compared with the project's own baseline.</summary>
public enum ActivityMetric
{
    Bytes,
    Files,
    Blocked,
    NearLimit,
    OffHours,
    ExposureGrowth,
}

public static class ActivityMetrics
{
    public static IReadOnlyList<ActivityMetric> All { get; } = Enum.GetValues<ActivityMetric>();

    /// <summary>The name in JSON and on pages.</summary>
    public static string Name(this ActivityMetric m) => m switch
    {
        ActivityMetric.Bytes => "bytes",
        ActivityMetric.Files => "files",
        ActivityMetric.Blocked => "blocked",
        ActivityMetric.NearLimit => "nearLimit",
        ActivityMetric.OffHours => "offHours",
        _ => "exposureGrowth",
    };

    public static string Describe(this ActivityMetric m) => m switch
    {
        ActivityMetric.Bytes => "bytes submitted",
        ActivityMetric.Files => "files submitted",
        ActivityMetric.Blocked => "files blocked",
        ActivityMetric.NearLimit => "files just under the size limit",
        ActivityMetric.OffHours => "files submitted at unusual hours",
        _ => "growth of cumulative exposure (participants)",
    };

    /// <summary>
    /// The least spread a deviation is measured in, so a flat baseline (MAD 0) does not divide by zero: one file
    /// for counts, five participants for exposure, 64 KiB for bytes — or a tenth of the baseline's median when
    /// larger. Files and bytes are bursty for ordinary projects (many empty days, now and then a busy one), so
    /// for them the spread is also at least (P90 − median) / 1.2816: the normal-equivalent spread of the project's
    /// own busy days. The other metrics are zero on an ordinary day, and any habit of them is what is looked for.
    /// </summary>
    public static double Floor(this ActivityMetric m, IReadOnlyList<double> baseline)
    {
        var median = RobustZScore.Median(baseline);
        var floor = Math.Max(m switch
        {
            ActivityMetric.Bytes => 64 * 1024,
            ActivityMetric.ExposureGrowth => 5,
            _ => 1,
        }, 0.1 * Math.Abs(median));
        return m is ActivityMetric.Files or ActivityMetric.Bytes
            ? Math.Max(floor, (RobustZScore.Quantile(baseline, 0.9) - median) / 1.2816)
            : floor;
    }
}

/// <summary>
/// One day's activity of a project or a researcher: files and bytes submitted (uploaded), the verdicts of the
/// files submitted that day and the states they are in now, files just under the size limit, files submitted
/// at unusual hours, the participants the day's checks added to the exposure, and the requests behind each.
/// </summary>
public sealed class ActivityFigures
{
    private readonly Dictionary<ActivityMetric, SortedSet<long>> _requests = ActivityMetrics.All.ToDictionary(m => m, _ => new SortedSet<long>());
    private readonly SortedDictionary<string, int> _states = new(StringComparer.Ordinal);

    public int Files { get; private set; }
    public long Bytes { get; private set; }
    public int Released { get; private set; }
    public int Review { get; private set; }
    public int Blocked { get; private set; }
    public int NearLimit { get; private set; }
    public int OffHours { get; private set; }
    public long ExposureGrowth { get; private set; }
    /// <summary>The files' states now (released, approved, review, blocked, rejected, …): what became of them.</summary>
    public IReadOnlyDictionary<string, int> States => _states;
    /// <summary>Every request with a file submitted or checked that day.</summary>
    public IReadOnlyCollection<long> AllRequests => _requests.Values.SelectMany(r => r).ToHashSet().Order().ToList();

    public double Value(ActivityMetric m) => m switch
    {
        ActivityMetric.Bytes => Bytes,
        ActivityMetric.Files => Files,
        ActivityMetric.Blocked => Blocked,
        ActivityMetric.NearLimit => NearLimit,
        ActivityMetric.OffHours => OffHours,
        _ => ExposureGrowth,
    };

    /// <summary>The requests behind one metric's value.</summary>
    public IReadOnlyList<long> Requests(ActivityMetric m) => _requests[m].ToList();

    internal void AddSubmitted(ActivityRow f, bool nearLimit, bool offHours)
    {
        if (f.Uploaded != 0)
        {
            Files++;
            Bytes += f.Bytes;
            _requests[ActivityMetric.Files].Add(f.RequestId);
            _requests[ActivityMetric.Bytes].Add(f.RequestId);
            if (nearLimit) { NearLimit++; _requests[ActivityMetric.NearLimit].Add(f.RequestId); }
            if (offHours) { OffHours++; _requests[ActivityMetric.OffHours].Add(f.RequestId); }
        }
        switch (f.VerdictValue)
        {
            case Verdict.Release: Released++; break;
            case Verdict.Review: Review++; break;
            case Verdict.Block:
                Blocked++;
                _requests[ActivityMetric.Blocked].Add(f.RequestId);
                break;
        }
        var state = f.State.ToLowerInvariant();
        _states[state] = _states.GetValueOrDefault(state) + 1;
    }

    internal void AddExposure(ActivityRow f)
    {
        if (f.ExposureAdded is not > 0) return;
        ExposureGrowth += f.ExposureAdded.Value;
        _requests[ActivityMetric.ExposureGrowth].Add(f.RequestId);
    }
}

/// <summary>A metric of a project whose day stands out from the project's own baseline (robust z-score at or above airlock.monitoring.anomalyZ).</summary>
public sealed record Anomaly(string Project, ActivityMetric Metric, double Value, double Median, double Mad, double Z, IReadOnlyList<long> Requests);

/// <summary>
/// A project's day: its figures, cumulative exposure at the day's end (and each day of the window), its z-score
/// per metric, and its score: the sum of the z-scores at or above the threshold, so a day that stands out in
/// several ways at once ranks above one that stands out in one.
/// </summary>
public sealed record ProjectDay(string Project, ActivityFigures Figures, long Exposure, IReadOnlyList<long> ExposureByDay,
    IReadOnlyDictionary<ActivityMetric, double> Z, int BaselineDays, double Score);

/// <summary>A researcher's day in one project.</summary>
public sealed record ResearcherDay(string Researcher, string Project, ActivityFigures Figures);

/// <summary>All projects together on one day of the window (for the charts).</summary>
public sealed record DayTotals(DateOnly Day, int Files, long Bytes, int Released, int Review, int Blocked, long ExposureGrowth);

/// <summary>A file released that day that the current index and policy would no longer release.</summary>
public sealed record RescanFinding(long RequestId, long FileId, string Project, string Requester, string Name, string Sha256,
    Verdict Was, Verdict Now, IReadOnlyList<string> Rules);

/// <summary>
/// The re-scan of the day's released files: how many were checked again, and those that would now fail.
/// NotDoneBecause is set (and nothing is claimed) when it could not run, e.g. without a cohort index.
/// </summary>
public sealed record RescanResult(bool Done, string? NotDoneBecause, int Checked, IReadOnlyList<RescanFinding> WouldFail);

/// <summary>
/// The daily monitoring report for one UTC day: anomalies first (ranked, grouped by project), then every
/// project's and researcher's figures, the window's daily totals, and the re-scan of the day's released files.
/// </summary>
public sealed record DailyReport(
    DateOnly Day,
    DateTimeOffset GeneratedAt,
    MonitoringPolicy Settings,
    long NearLimitBytes,
    IReadOnlyList<Anomaly> Anomalies,
    IReadOnlyList<ProjectDay> Projects,
    IReadOnlyList<ResearcherDay> Researchers,
    IReadOnlyList<DayTotals> History,
    RescanResult Rescan);
