using System.Globalization;
using System.Text;
using Egress.Airlock.Monitoring;
using Egress.Core;

namespace Egress.Cli.Commands;

/// <summary>The daily report as text a person reads: anomalies first, then projects, researchers and the re-scan.</summary>
public static class DailyReportText
{
    public static string Write(DailyReport r)
    {
        var s = new StringBuilder();
        var set = r.Settings;
        s.AppendLine(CultureInfo.InvariantCulture, $"Daily monitoring report for {DailyReportJson.Day(r.Day)} (UTC), generated {r.GeneratedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
        s.AppendLine(CultureInfo.InvariantCulture,
            $"  baseline: each project's previous {set.BaselineDays} days; anomaly at robust z ≥ {set.AnomalyZ}; near the limit: ≥ {r.NearLimitBytes:N0} bytes; " +
            $"usual hours {set.UsualHoursStart:00}:00–{set.UsualHoursEnd:00}:00 {set.TimeZone}");
        s.AppendLine();
        if (r.Anomalies.Count == 0) s.AppendLine("No anomalies.");
        else
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"ANOMALIES ({r.Anomalies.Count}), strongest project first:");
            foreach (var a in r.Anomalies)
                s.AppendLine(CultureInfo.InvariantCulture,
                    $"  {a.Project,-8} {a.Metric.Describe()}: {a.Value:0.##} (baseline median {a.Median:0.##}, MAD {a.Mad:0.##}) z {a.Z:0.0}  requests {Ids(a.Requests)}");
        }
        s.AppendLine();
        s.AppendLine("PROJECTS");
        s.AppendLine("  project   files        bytes  release review  block  near-limit  off-hours  exposure +growth  score");
        foreach (var p in r.Projects)
        {
            var f = p.Figures;
            s.AppendLine(CultureInfo.InvariantCulture,
                $"  {p.Project,-8} {f.Files,6} {f.Bytes,12:N0} {f.Released,8} {f.Review,6} {f.Blocked,6} {f.NearLimit,11} {f.OffHours,10} {p.Exposure,9} {"+" + f.ExposureGrowth,7}  {p.Score,6:0.0}");
        }
        s.AppendLine();
        s.AppendLine("RESEARCHERS");
        if (r.Researchers.Count == 0) s.AppendLine("  no activity");
        foreach (var x in r.Researchers)
        {
            var f = x.Figures;
            s.AppendLine(CultureInfo.InvariantCulture,
                $"  {x.Researcher,-16} {x.Project,-8} files {f.Files}, {f.Bytes:N0} bytes, release {f.Released} review {f.Review} block {f.Blocked}, " +
                $"near-limit {f.NearLimit}, off-hours {f.OffHours}, exposure +{f.ExposureGrowth}; now {States(f)}");
        }
        s.AppendLine();
        var rescan = r.Rescan;
        if (!rescan.Done) s.AppendLine(CultureInfo.InvariantCulture, $"RE-SCAN not done: {rescan.NotDoneBecause}");
        else
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"RE-SCAN of the {rescan.Checked} file(s) released that day: {rescan.WouldFail.Count} would not be released now");
            foreach (var f in rescan.WouldFail)
                s.AppendLine(CultureInfo.InvariantCulture,
                    $"  request {f.RequestId} file {f.FileId} ({f.Project}, {f.Requester}) {f.Name}: was {f.Was.Name()}, now {f.Now.Name()} — {string.Join(", ", f.Rules)}");
        }
        return s.ToString();
    }

    private static string Ids(IReadOnlyList<long> ids) =>
        ids.Count <= 12 ? string.Join(", ", ids) : string.Join(", ", ids.Take(12)) + $" … ({ids.Count})";

    private static string States(ActivityFigures f) =>
        f.States.Count == 0 ? "-" : string.Join(", ", f.States.Select(kv => $"{kv.Value} {kv.Key}"));
}
