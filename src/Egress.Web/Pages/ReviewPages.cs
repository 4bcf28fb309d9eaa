using System.Text.Json;
using Egress.Airlock;
using Egress.Web.Api;
using Egress.Web.Html;

namespace Egress.Web.Pages;

/// <summary>
/// A checker's pages: the queue (oldest first) and the file view — the file's parts, its findings with
/// their locations, a bounded view of a small text file with the flagged lines and cells highlighted
/// (withheld when the file may hold a participant's record), the votes the checker may see, and the vote form.
/// </summary>
public static class ReviewPages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/review", async (HttpContext c, AirlockService a) =>
        {
            var queue = (await a.ReviewQueueAsync(PageEndpoints.Actor(c), c.RequestAborted)).OrderBy(i => i.WaitingSince).ToList();
            var now = a.Options.Clock.GetUtcNow();
            return PageResults.Page(c, "Review queue", w =>
            {
                if (queue.Count == 0)
                {
                    w.Element("p", "Nothing is waiting for your review.", ("id", "queue-empty"));
                    return;
                }
                w.Open("table", ("id", "review-queue"));
                w.Element("caption", $"{queue.Count:N0} request(s) waiting, oldest first");
                w.Open("thead").Open("tr");
                foreach (var h in new[] { "Request", "Project", "Requester", "Description", "Waiting", "Files to review", "Voted by you" })
                    w.Element("th", h, ("scope", "col"));
                w.Close().Close().Open("tbody");
                foreach (var i in queue)
                {
                    w.Open("tr", ("id", $"queue-row-{i.RequestId}"));
                    w.Open("td").Element("a", $"#{i.RequestId}", ("href", $"/requests/{i.RequestId}")).Close();
                    w.Element("td", i.Project).Element("td", i.Requester).Element("td", RequestPages.Short(i.Description, 80));
                    w.Element("td", Format.Age(now - i.WaitingSince)).Element("td", i.FilesToReview.ToString(System.Globalization.CultureInfo.InvariantCulture))
                        .Element("td", i.FilesVotedByMe.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    w.Close();
                }
                w.Close().Close();
            });
        });

        pages.MapGet("/review/files/{id:long}", async (long id, HttpContext c, AirlockService a) =>
        {
            var actor = PageEndpoints.Actor(c);
            // The review view is the checkers' (the core also refuses everyone else a look at the content).
            if (actor.Role != Role.Checker) throw new AccessDeniedException("the file review page is for output checkers; the request page shows the file's findings");
            var file = await a.GetFileAsync(actor, id, c.RequestAborted);
            var withheld = PreviewRules.WithheldBecause(file);
            var preview = withheld is null ? await a.PreviewFileAsync(actor, id, PreviewRules.MaxBytes, c.RequestAborted) : null;
            // The checker's context: what the researcher says the file is, and how much of the project has been exposed so far.
            var request = (await a.GetRequestAsync(actor, file.File.RequestId, c.RequestAborted)).Request;
            var exposure = await a.GetExposureAsync(actor, request.Project, c.RequestAborted);
            return PageResults.Page(c, $"Review {file.File.Name}", w => WriteFileView(w, c, request, exposure, file, preview, withheld), PageEndpoints.FromQuery(c));
        });

        pages.MapPost("/review/files/{id:long}/vote", async (long id, HttpContext c, AirlockService a) =>
        {
            var form = await PageForms.ReadValidatedFormAsync(c);
            if (!StrictEnumConverter<VoteDecision>.TryParseName(form["decision"].ToString(), out var decision))
                throw new InvalidInputException("choose approve, reject or return");
            await a.VoteAsync(PageEndpoints.Actor(c), id, decision, form["comment"].ToString(), c.RequestAborted);
            return Results.Redirect($"/review/files/{id}?notice=voted");
        });
    }

    private static void WriteFileView(HtmlWriter w, HttpContext c, ExportRequest request, ProjectExposure exposure, FileDetail f, FilePreview? preview,
        string? withheld)
    {
        var file = f.File;
        w.Open("p").Element("a", $"Back to request #{file.RequestId}", ("href", $"/requests/{file.RequestId}")).Close();
        w.Open("dl", ("class", "facts"));
        RequestPages.Fact(w, "Project", request.Project);
        RequestPages.Fact(w, "Requester", request.Requester);
        RequestPages.Fact(w, "Description", request.Description, "request-description");
        RequestPages.Fact(w, "Project exposure", $"{exposure.Participants:N0} of {exposure.ProjectSize:N0} participants ({exposure.Share:P1}) have appeared in this project's exports so far",
            "project-exposure");
        w.Element("dt", "State").Open("dd").Element("span", Format.State(file.State), ("class", Format.Badge(Format.State(file.State))), ("id", "file-state")).Close();
        RequestPages.Fact(w, "Engine verdict", Format.Verdict(file.Verdict));
        RequestPages.Fact(w, "Size", Format.Bytes(file.Bytes));
        RequestPages.Fact(w, "SHA-256", file.Sha256, null, "mono");
        RequestPages.Fact(w, "Approvals", $"{f.Approvals} of {file.ApprovalsNeeded}", "file-approvals");
        w.Close();

        w.Element("h2", "Parts inspected", ("id", "parts-heading"));
        var parts = Parts(file.ReportJson);
        if (parts.Count == 0) w.Element("p", "The whole file was read as one part.", ("id", "parts"));
        else
        {
            w.Open("table", ("id", "parts"), ("aria-labelledby", "parts-heading"));
            w.Open("thead").Open("tr").Element("th", "Part", ("scope", "col")).Element("th", "Read as", ("scope", "col")).Element("th", "Size", ("scope", "col")).Close().Close();
            w.Open("tbody");
            foreach (var (path, format, bytes) in parts.Take(200))
                w.Open("tr").Open("td").Element("span", path, ("class", "location")).Close().Element("td", format).Element("td", Format.Bytes(bytes)).Close();
            w.Close().Close();
        }

        w.Element("h2", "Findings");
        RequestPages.WriteFindings(w, f.Findings, "findings");

        w.Element("h2", "Where in the file");
        if (preview is null) w.Element("p", withheld, ("class", "message info"), ("id", "preview-withheld"));
        else FileTableView.Write(w, preview.Text, preview.Truncated, f.Findings);

        w.Element("h2", "Votes");
        RequestPages.WriteVotes(w, f);
        if (f.Votes.Count == 0 && !f.VotesHidden) w.Element("p", "No votes yet.", ("id", "no-votes"));
        if (f.CanVote)
        {
            w.OpenForm(c, $"/review/files/{file.Id}/vote", "vote-form");
            w.Open("fieldset").Element("legend", "Your decision on this file");
            foreach (var (value, label) in new[] { ("approve", "Approve: it may be released"), ("reject", "Reject: it must not leave"), ("return", "Return: the researcher changes the files and resubmits") })
            {
                w.Open("div", ("class", "radio"));
                w.Void("input", ("type", "radio"), ("name", "decision"), ("value", value), ("id", $"decision-{value}"), ("required", ""));
                w.Element("label", label, ("for", $"decision-{value}"));
                w.Close();
            }
            w.Close();
            w.TextArea("comment", "Comment", hint: "Your reasons; the researcher sees comments on returned and rejected files.");
            w.Element("button", "Record my vote", ("type", "submit"), ("id", "vote-button"));
            w.Close();
        }
    }

    /// <summary>The parts list from the engine's report JSON (path, format, bytes); empty when absent or unreadable.</summary>
    private static List<(string Path, string Format, long Bytes)> Parts(string? reportJson)
    {
        var parts = new List<(string, string, long)>();
        if (string.IsNullOrEmpty(reportJson)) return parts;
        try
        {
            using var doc = JsonDocument.Parse(reportJson);
            if (!doc.RootElement.TryGetProperty("parts", out var list) || list.ValueKind != JsonValueKind.Array) return parts;
            foreach (var p in list.EnumerateArray())
            {
                if (p.ValueKind != JsonValueKind.Object) continue;
                var path = p.TryGetProperty("path", out var pa) && pa.ValueKind == JsonValueKind.String ? pa.GetString()! : "?";
                var format = p.TryGetProperty("format", out var fo) && fo.ValueKind == JsonValueKind.String ? fo.GetString()! : "";
                var bytes = p.TryGetProperty("bytes", out var by) && by.TryGetInt64(out var b) ? b : 0;
                parts.Add((path, format, bytes));
            }
        }
        catch (JsonException)
        {
            // A report that does not parse shows no parts; its findings are still listed.
        }
        return parts;
    }
}
