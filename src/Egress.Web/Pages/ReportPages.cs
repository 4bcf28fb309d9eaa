using System.Globalization;
using Egress.Airlock;
using Egress.Airlock.Monitoring;
using Egress.Core;
using Egress.Web.Hosting;
using Egress.Web.Html;

namespace Egress.Web.Pages;

/// <summary>
/// The daily monitoring report for auditors and admins: anomalies first, charts (volume, verdict mix,
/// exposure growth) drawn by Egress's own scripts from the report's JSON in the page, then every project's
/// and researcher's figures and the re-scan. Every figure is in a table, so the page works without script.
/// </summary>
public static class ReportPages
{
    public static void Map(RouteGroupBuilder pages) =>
        pages.MapGet("/reports/daily", async (string? date, HttpContext c, AirlockService a) =>
        {
            var actor = PageEndpoints.Actor(c);
            var day = date is { Length: > 0 } ? ReportDay.Parse(date) : a.DefaultReportDay;
            var report = await a.DailyReportAsync(actor, day, rescan: true, c.RequestAborted);
            return PageResults.Page(c, "Daily monitoring report", w => Render(w, report));
        });

    private static void Render(HtmlWriter w, DailyReport r)
    {
        var s = r.Settings;
        w.Open("form", ("method", "get"), ("action", "/reports/daily"), ("class", "report-day"));
        w.Open("div").Element("label", "Day (UTC)", ("for", "report-date"))
            .Void("input", ("type", "date"), ("id", "report-date"), ("name", "date"), ("value", DailyReportJson.Day(r.Day)), ("required", "")).Close();
        w.Element("button", "Show", ("type", "submit"), ("id", "report-date-button"));
        w.Element("a", "Previous day", ("href", $"/reports/daily?date={DailyReportJson.Day(r.Day.AddDays(-1))}"), ("id", "previous-day"));
        w.Element("a", "Next day", ("href", $"/reports/daily?date={DailyReportJson.Day(r.Day.AddDays(1))}"), ("id", "next-day"));
        w.Close();
        w.Element("p", $"{DailyReportJson.Day(r.Day)}, compared with each project's previous {s.BaselineDays} days. An anomaly is a robust z-score of at least " +
                       $"{s.AnomalyZ.ToString(CultureInfo.InvariantCulture)} (median and MAD of the baseline). Near the limit: at least {Format.Bytes(r.NearLimitBytes)}; " +
                       $"usual hours {s.UsualHoursStart:00}:00–{s.UsualHoursEnd:00}:00 {s.TimeZone}. Generated {Format.Time(r.GeneratedAt)}.",
            ("class", "hint"), ("id", "report-summary"));

        Anomalies(w, r);
        Charts(w, r);
        Projects(w, r);
        Researchers(w, r);
        Rescan(w, r.Rescan);
        w.JsonScript("report-data", DailyReportJson.Write(r));
        w.Open("script", ("src", StaticAssets.ChartScriptPath), ("defer", "")).Close();
        w.Open("script", ("src", StaticAssets.DailyReportScriptPath), ("defer", "")).Close();
    }

    private static void Anomalies(HtmlWriter w, DailyReport r)
    {
        w.Element("h2", $"Anomalies ({r.Anomalies.Count})", ("id", "anomalies"));
        if (r.Anomalies.Count == 0)
        {
            w.Element("p", "No project's day stands out from its own baseline.", ("id", "no-anomalies"));
            return;
        }
        Table(w, "anomalies-table", "Projects ranked by their score (the sum of their anomalies' z), strongest first; each row links the requests behind it.",
            ["Project", "What", "That day", "Baseline median", "MAD", "z", "Requests"]);
        var rank = 0;
        string? last = null;
        foreach (var a in r.Anomalies)
        {
            if (a.Project != last) rank++;
            last = a.Project;
            w.Open("tr", ("class", "anomalous"), ("data-project", a.Project), ("data-rank", rank.ToString(CultureInfo.InvariantCulture)));
            w.Element("td", a.Project).Element("td", a.Metric.Describe())
                .Element("td", Value(a.Metric, a.Value), ("class", "num")).Element("td", Value(a.Metric, a.Median), ("class", "num"))
                .Element("td", Value(a.Metric, a.Mad), ("class", "num")).Element("td", a.Z.ToString("0.0", CultureInfo.InvariantCulture), ("class", "num"));
            w.Open("td");
            foreach (var id in a.Requests.Take(20))
                w.Element("a", id.ToString(CultureInfo.InvariantCulture), ("href", $"/requests/{id}")).Text(" ");
            if (a.Requests.Count > 20) w.Text($"… {a.Requests.Count} in all");
            w.Close();
            w.Close();
        }
        w.Close().Close().Close();
    }

    private static void Charts(HtmlWriter w, DailyReport r)
    {
        w.Element("h2", "Charts", ("id", "charts"));
        w.Element("p", $"The {r.History.Count} days up to {DailyReportJson.Day(r.Day)}, all projects. The tables below hold the same figures; the charts need JavaScript.",
            ("class", "hint"));
        w.Open("div", ("class", "charts"));
        foreach (var (id, caption, label) in new[]
                 {
                     ("chart-volume", "Volume over time", "Files and megabytes submitted per day"),
                     ("chart-verdicts", "Verdict mix", "Files released, sent to review and blocked per day"),
                     ("chart-exposure", "Exposure growth", "Cumulative exposure per day of the projects with anomalies"),
                 })
        {
            w.Open("figure", ("id", id + "-figure"));
            w.Element("figcaption", caption);
            w.Open("div", ("class", "chart-box"));
            w.Element("canvas", label, ("id", id), ("role", "img"), ("aria-label", label));
            w.Close();
            w.Close();
        }
        w.Close();
    }

    private static void Projects(HtmlWriter w, DailyReport r)
    {
        w.Element("h2", "Projects", ("id", "projects"));
        Table(w, "projects-table", "Files submitted that day and what became of them; exposure at the day's end.",
            ["Project", "Files", "Bytes", "Release", "Review", "Block", "Now", "Near the limit", "Unusual hours", "Exposure", "Growth", "Score"]);
        foreach (var p in r.Projects)
        {
            var f = p.Figures;
            w.Open("tr", ("id", $"project-{p.Project}"));
            w.Element("td", p.Project);
            Figures(w, f);
            w.Element("td", p.Exposure.ToString("N0", CultureInfo.InvariantCulture), ("class", "num"))
                .Element("td", "+" + f.ExposureGrowth.ToString("N0", CultureInfo.InvariantCulture), ("class", "num"))
                .Element("td", p.BaselineDays < 7 ? "new" : p.Score.ToString("0.0", CultureInfo.InvariantCulture), ("class", "num"));
            w.Close();
        }
        w.Close().Close().Close();
    }

    private static void Researchers(HtmlWriter w, DailyReport r)
    {
        w.Element("h2", "Researchers", ("id", "researchers"));
        if (r.Researchers.Count == 0)
        {
            w.Element("p", "Nobody submitted anything that day.");
            return;
        }
        Table(w, "researchers-table", "Each researcher's files that day, per project.",
            ["Researcher", "Project", "Files", "Bytes", "Release", "Review", "Block", "Now", "Near the limit", "Unusual hours", "Growth"]);
        foreach (var x in r.Researchers)
        {
            w.Open("tr");
            w.Element("td", x.Researcher).Element("td", x.Project);
            Figures(w, x.Figures);
            w.Element("td", "+" + x.Figures.ExposureGrowth.ToString("N0", CultureInfo.InvariantCulture), ("class", "num"));
            w.Close();
        }
        w.Close().Close().Close();
    }

    private static void Rescan(HtmlWriter w, RescanResult r)
    {
        w.Element("h2", "Re-scan of the day's released files", ("id", "rescan"));
        if (!r.Done)
        {
            w.Element("p", $"Not done: {r.NotDoneBecause}.", ("id", "rescan-result"), ("class", "message error"));
            return;
        }
        w.Element("p", $"{r.Checked} file(s) released that day were checked again against the current index and policy: " +
                       (r.WouldFail.Count == 0 ? "all would still be released." : $"{r.WouldFail.Count} would not be released now."),
            ("id", "rescan-result"), ("class", r.WouldFail.Count == 0 ? "message ok" : "message error"));
        if (r.WouldFail.Count == 0) return;
        Table(w, "rescan-table", "Released files the current index and policy would not release.", ["Request", "File", "Project", "Researcher", "Was", "Now", "Rules"]);
        foreach (var f in r.WouldFail)
        {
            w.Open("tr");
            w.Open("td").Element("a", f.RequestId.ToString(CultureInfo.InvariantCulture), ("href", $"/requests/{f.RequestId}")).Close();
            w.Element("td", f.Name).Element("td", f.Project).Element("td", f.Requester);
            w.Open("td").Element("span", f.Was.Name(), ("class", Format.Badge(f.Was.Name()))).Close();
            w.Open("td").Element("span", f.Now.Name(), ("class", Format.Badge(f.Now.Name()))).Close();
            w.Element("td", string.Join(", ", f.Rules));
            w.Close();
        }
        w.Close().Close().Close();
    }

    private static void Figures(HtmlWriter w, ActivityFigures f)
    {
        w.Element("td", f.Files.ToString(CultureInfo.InvariantCulture), ("class", "num")).Element("td", Format.Bytes(f.Bytes), ("class", "num"))
            .Element("td", f.Released.ToString(CultureInfo.InvariantCulture), ("class", "num"))
            .Element("td", f.Review.ToString(CultureInfo.InvariantCulture), ("class", "num"))
            .Element("td", f.Blocked.ToString(CultureInfo.InvariantCulture), ("class", "num"))
            .Element("td", f.States.Count == 0 ? "–" : string.Join(", ", f.States.Select(kv => $"{kv.Value} {kv.Key}")))
            .Element("td", f.NearLimit.ToString(CultureInfo.InvariantCulture), ("class", "num"))
            .Element("td", f.OffHours.ToString(CultureInfo.InvariantCulture), ("class", "num"));
    }

    /// <summary>Opens a scrollable region with a table, its caption and header row, and the tbody (the caller closes tbody, table, div).</summary>
    private static void Table(HtmlWriter w, string id, string caption, string[] headers)
    {
        w.Open("div", ("class", "scroll"), ("tabindex", "0"), ("role", "region"), ("aria-label", caption));
        w.Open("table", ("id", id));
        w.Element("caption", caption);
        w.Open("thead").Open("tr");
        foreach (var h in headers) w.Element("th", h, ("scope", "col"));
        w.Close().Close().Open("tbody");
    }

    private static string Value(ActivityMetric m, double v) =>
        m == ActivityMetric.Bytes ? Format.Bytes((long)v) : v.ToString("0.#", CultureInfo.InvariantCulture);
}
