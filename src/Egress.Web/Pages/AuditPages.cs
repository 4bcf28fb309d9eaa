using System.Globalization;
using Egress.Airlock;
using Egress.Web.Html;

namespace Egress.Web.Pages;

/// <summary>An auditor's page: the audit log, newest first, paged, and a button that verifies the whole hash chain.</summary>
public static class AuditPages
{
    private const int PageSize = 100;

    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/audit", async (long? before, HttpContext c, AirlockService a) => await Render(c, a, before, null));

        pages.MapPost("/audit/verify", async (HttpContext c, AirlockService a) =>
        {
            await PageForms.ReadValidatedFormAsync(c);
            var v = await a.VerifyAuditAsync(PageEndpoints.Actor(c), c.RequestAborted);
            return await Render(c, a, null, v);
        });
    }

    private static async Task<IResult> Render(HttpContext c, AirlockService a, long? before, AuditVerification? verification)
    {
        var page = await a.AuditLogAsync(PageEndpoints.Actor(c), before, PageSize, c.RequestAborted);
        var notice = verification is null ? null
            : verification.Ok ? Notice.Ok($"The audit chain verifies: ok, {verification.Events:N0} events. {verification.Message}")
            : Notice.Error($"The audit chain is broken at event {verification.BrokenSeq}: {verification.Message}");
        return PageResults.Page(c, "Audit log", w =>
        {
            if (verification is not null)
                w.Element("p", verification.Ok ? $"ok {verification.Events} events" : $"broken at {verification.BrokenSeq}", ("id", "verify-result"), ("class", "hint"));
            w.ButtonForm(c, "/audit/verify", "Verify the whole chain", "verify-button", "secondary");
            w.Open("div", ("class", "scroll"), ("tabindex", "0"), ("role", "region"), ("aria-label", "Audit events"));
            w.Open("table", ("id", "audit-table"));
            w.Element("caption", "Events, newest first. Each event's hash covers the previous one's, so any change breaks the chain.");
            w.Open("thead").Open("tr");
            foreach (var h in new[] { "Seq", "When", "Actor", "Action", "Subject", "Details", "Hash" }) w.Element("th", h, ("scope", "col"));
            w.Close().Close().Open("tbody");
            foreach (var e in page.Events)
            {
                w.Open("tr", ("id", $"audit-{e.Seq}"));
                w.Element("td", e.Seq.ToString(CultureInfo.InvariantCulture)).Element("td", Format.Time(e.At), ("class", "time")).Element("td", e.Actor)
                    .Element("td", e.Action).Element("td", e.Subject).Element("td", RequestPages.Short(e.DetailsJson, 200), ("class", "mono details"))
                    .Element("td", e.Hash[..Math.Min(12, e.Hash.Length)] + "…", ("class", "mono"), ("title", e.Hash));
                w.Close();
            }
            w.Close().Close().Close();
            if (page.Before is { } next)
                w.Open("p").Element("a", "Older events", ("href", $"/audit?before={next}"), ("id", "older-events")).Close();
        }, notice);
    }
}
