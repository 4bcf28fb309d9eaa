using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Egress.Core;

namespace Egress.Airlock.Monitoring;

/// <summary>
/// The daily report as one JSON object, written field by field (no reflection), for `egress report daily --json`
/// and GET /api/v1/reports/daily alike. The default encoder escapes &lt; &gt; &amp; ', so the text can also sit
/// inside a page's &lt;script type="application/json"&gt; block. Counts, names and ids only — no file content.
/// </summary>
public static class DailyReportJson
{
    public static string Write(DailyReport report)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("day", Day(report.Day));
            w.WriteString("generatedAt", report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            WriteSettings(w, report);
            w.WriteStartArray("anomalies");
            foreach (var a in report.Anomalies)
            {
                w.WriteStartObject();
                w.WriteString("project", a.Project);
                w.WriteString("metric", a.Metric.Name());
                w.WriteNumber("value", a.Value);
                w.WriteNumber("median", a.Median);
                w.WriteNumber("mad", a.Mad);
                w.WriteNumber("z", Math.Round(a.Z, 2));
                Numbers(w, "requests", a.Requests);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("projects");
            foreach (var p in report.Projects)
            {
                w.WriteStartObject();
                w.WriteString("project", p.Project);
                Figures(w, p.Figures);
                w.WriteNumber("exposure", p.Exposure);
                w.WriteNumber("baselineDays", p.BaselineDays);
                w.WriteNumber("score", Math.Round(p.Score, 2));
                w.WriteStartObject("z");
                foreach (var (m, z) in p.Z) w.WriteNumber(m.Name(), Math.Round(z, 2));
                w.WriteEndObject();
                Numbers(w, "exposureByDay", p.ExposureByDay);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("researchers");
            foreach (var r in report.Researchers)
            {
                w.WriteStartObject();
                w.WriteString("researcher", r.Researcher);
                w.WriteString("project", r.Project);
                Figures(w, r.Figures);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("history");
            foreach (var d in report.History)
            {
                w.WriteStartObject();
                w.WriteString("day", Day(d.Day));
                w.WriteNumber("files", d.Files);
                w.WriteNumber("bytes", d.Bytes);
                w.WriteNumber("released", d.Released);
                w.WriteNumber("review", d.Review);
                w.WriteNumber("blocked", d.Blocked);
                w.WriteNumber("exposureGrowth", d.ExposureGrowth);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            WriteRescan(w, report.Rescan);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void WriteSettings(Utf8JsonWriter w, DailyReport report)
    {
        var s = report.Settings;
        w.WriteStartObject("settings");
        w.WriteNumber("baselineDays", s.BaselineDays);
        w.WriteNumber("anomalyZ", s.AnomalyZ);
        w.WriteNumber("nearLimitFraction", s.NearLimitFraction);
        w.WriteNumber("nearLimitBytes", report.NearLimitBytes);
        w.WriteNumber("usualHoursStart", s.UsualHoursStart);
        w.WriteNumber("usualHoursEnd", s.UsualHoursEnd);
        w.WriteString("timeZone", s.TimeZone);
        w.WriteEndObject();
    }

    private static void Figures(Utf8JsonWriter w, ActivityFigures f)
    {
        w.WriteNumber("files", f.Files);
        w.WriteNumber("bytes", f.Bytes);
        w.WriteStartObject("verdicts");
        w.WriteNumber("release", f.Released);
        w.WriteNumber("review", f.Review);
        w.WriteNumber("block", f.Blocked);
        w.WriteEndObject();
        w.WriteStartObject("states");
        foreach (var (state, n) in f.States) w.WriteNumber(state, n);
        w.WriteEndObject();
        w.WriteNumber("blocked", f.Blocked);
        w.WriteNumber("nearLimit", f.NearLimit);
        w.WriteNumber("offHours", f.OffHours);
        w.WriteNumber("exposureGrowth", f.ExposureGrowth);
        Numbers(w, "requests", f.AllRequests);
    }

    private static void WriteRescan(Utf8JsonWriter w, RescanResult r)
    {
        w.WriteStartObject("rescan");
        w.WriteBoolean("done", r.Done);
        if (r.NotDoneBecause is not null) w.WriteString("notDoneBecause", r.NotDoneBecause);
        w.WriteNumber("checked", r.Checked);
        w.WriteStartArray("wouldFail");
        foreach (var f in r.WouldFail)
        {
            w.WriteStartObject();
            w.WriteNumber("requestId", f.RequestId);
            w.WriteNumber("fileId", f.FileId);
            w.WriteString("project", f.Project);
            w.WriteString("requester", f.Requester);
            w.WriteString("name", f.Name);
            w.WriteString("sha256", f.Sha256);
            w.WriteString("was", f.Was.Name());
            w.WriteString("now", f.Now.Name());
            w.WriteStartArray("rules");
            foreach (var rule in f.Rules) w.WriteStringValue(rule);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Numbers(Utf8JsonWriter w, string name, IEnumerable<long> numbers)
    {
        w.WriteStartArray(name);
        foreach (var n in numbers) w.WriteNumberValue(n);
        w.WriteEndArray();
    }
}
