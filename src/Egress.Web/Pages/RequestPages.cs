using Egress.Airlock;
using Egress.Core;
using Egress.Web.Api;
using Egress.Web.Hosting;
using Egress.Web.Html;

namespace Egress.Web.Pages;

/// <summary>A researcher's pages: submit, my requests, a request's verdicts and reasons, withdraw, resubmit, download with receipt.</summary>
public static class RequestPages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/requests", async (HttpContext c, AirlockService a) =>
        {
            var actor = PageEndpoints.Actor(c);
            var requests = await a.ListRequestsAsync(actor, c.RequestAborted);
            return PageResults.Page(c, actor.Role == Role.Researcher ? "My requests" : "Requests", w =>
            {
                if (actor.Role == Role.Researcher)
                    w.Open("p").Element("a", "Submit files for export", ("href", "/requests/new"), ("class", "button"), ("id", "new-request-link")).Close();
                if (requests.Count == 0)
                {
                    w.Element("p", "No requests yet.", ("id", "no-requests"));
                    return;
                }
                w.Open("table", ("id", "requests-table"));
                w.Element("caption", $"{requests.Count:N0} request(s), newest first");
                w.Open("thead").Open("tr");
                foreach (var h in new[] { "Request", "Project", "Requester", "Description", "State", "Updated" }) w.Element("th", h, ("scope", "col"));
                w.Close().Close().Open("tbody");
                foreach (var r in requests)
                {
                    w.Open("tr", ("id", $"request-row-{r.Id}"));
                    w.Open("td").Element("a", $"#{r.Id}", ("href", $"/requests/{r.Id}")).Close();
                    w.Element("td", r.Project).Element("td", r.Requester).Element("td", Short(r.Description, 80));
                    w.Open("td").Element("span", Format.State(r.State), ("class", Format.Badge(Format.State(r.State)))).Close();
                    w.Element("td", Format.Time(r.Updated));
                    w.Close();
                }
                w.Close().Close();
            });
        });

        pages.MapGet("/requests/new", async (HttpContext c, AirlockService a, UploadLimits limits) =>
        {
            var actor = PageEndpoints.Actor(c);
            if (actor.Role != Role.Researcher) throw new AccessDeniedException("only researchers submit files for export");
            var projects = await a.MyProjectsAsync(actor, c.RequestAborted);
            return PageResults.Page(c, "Submit files for export", w =>
            {
                if (projects.Count == 0)
                {
                    w.Element("p", "You are not a member of any project yet: ask an administrator to add you.", ("class", "message info"));
                    return;
                }
                w.Element("p", "Every file is checked automatically. Files that need a person's judgement go to an output checker; "
                    + "files holding participants' data are blocked, with the reason and how to fix it.");
                w.OpenForm(c, "/requests", "submit-form", multipart: true);
                w.Select("project", "Project", projects.Select(p => (p.Name, p.Description.Length > 0 ? $"{p.Name} — {p.Description}" : p.Name)));
                w.TextArea("description", "What the files are", hint: "Context for the output checker: the analysis, what each table shows, how counts were made.",
                    required: true);
                w.Field("files", "Files", "file", required: true, multiple: true,
                    hint: $"One or more files, at most {Format.Bytes(limits.MaxFileBytes)} each and {limits.MaxFiles} per request.");
                w.Element("button", "Submit for checking", ("type", "submit"), ("id", "submit-button"));
                w.Close();
            });
        });

        pages.MapPost("/requests", async (HttpContext c, AirlockService a) =>
        {
            using var spool = await PageUploads.ReadAsync(c);
            if (spool.Files.Count == 0) throw new InvalidInputException("choose at least one file");
            using var files = Uploads.Open(spool);
            var request = await a.SubmitAsync(PageEndpoints.Actor(c), spool.Field("project") ?? "", spool.Field("description") ?? "", files.Files, c.RequestAborted);
            return Results.Redirect($"/requests/{request.Id}?notice=submitted");
        });

        pages.MapGet("/requests/{id:long}", async (long id, HttpContext c, AirlockService a) =>
        {
            var actor = PageEndpoints.Actor(c);
            var detail = await a.GetRequestAsync(actor, id, c.RequestAborted);
            var notice = PageEndpoints.FromQuery(c);
            // "Submitted: being checked" is stale once the verdicts are in; the state advice says what happened.
            if (!StillChecking(detail.Request.State) && c.Request.Query["notice"].ToString() is "submitted" or "resubmitted") notice = null;
            return PageResults.Page(c, $"Request #{id}", w => WriteRequest(w, c, actor, detail), notice);
        });

        pages.MapPost("/requests/{id:long}/withdraw", async (long id, HttpContext c, AirlockService a) =>
        {
            await PageForms.ReadValidatedFormAsync(c);
            await a.WithdrawAsync(PageEndpoints.Actor(c), id, c.RequestAborted);
            return Results.Redirect($"/requests/{id}?notice=withdrawn");
        });

        pages.MapGet("/requests/{id:long}/resubmit", async (long id, HttpContext c, AirlockService a, UploadLimits limits) =>
        {
            var actor = PageEndpoints.Actor(c);
            var detail = await a.GetRequestAsync(actor, id, c.RequestAborted);
            // The form is its requester's only; the core refuses anyone else's resubmission as well.
            if (detail.Request.RequesterId != actor.UserId) throw new AccessDeniedException("only the requester resubmits a request");
            return PageResults.Page(c, $"Resubmit request #{id}", w =>
            {
                w.Element("p", "Remove the files that were blocked or that a checker asked you to change, add corrected files, and explain what changed. Every file is checked again.");
                w.OpenForm(c, $"/requests/{id}/resubmit", "resubmit-form", multipart: true);
                w.Open("fieldset").Element("legend", "Files to remove");
                foreach (var f in detail.Files)
                {
                    w.Open("div", ("class", "check"));
                    w.Void("input", ("type", "checkbox"), ("id", $"remove-{f.File.Id}"), ("name", "remove"), ("value", f.File.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        ("checked", f.File.State is FileState.Blocked or FileState.Rejected ? "" : null));
                    w.Element("label", $"{f.File.Name} ({Format.State(f.File.State)})", ("for", $"remove-{f.File.Id}"));
                    w.Close();
                }
                w.Close();
                w.Field("files", "Files to add", "file", multiple: true, hint: $"At most {Format.Bytes(limits.MaxFileBytes)} each.");
                w.TextArea("description", "What the files are", detail.Request.Description);
                w.Element("button", "Resubmit for checking", ("type", "submit"), ("id", "resubmit-button"));
                w.Close();
            });
        });

        pages.MapPost("/requests/{id:long}/resubmit", async (long id, HttpContext c, AirlockService a) =>
        {
            using var spool = await PageUploads.ReadAsync(c);
            using var files = Uploads.Open(spool);
            await a.ResubmitAsync(PageEndpoints.Actor(c), id, spool.Field("description"), Uploads.Ids(spool.Fields("remove")), files.Files, c.RequestAborted);
            return Results.Redirect($"/requests/{id}?notice=resubmitted");
        });

        pages.MapGet("/files/{id:long}/download", async (long id, HttpContext c, AirlockService a) =>
        {
            var download = await a.DownloadAsync(PageEndpoints.Actor(c), id, c.RequestAborted);
            Receipts.AddHeaders(c.Response, download.Receipt);
            c.Response.RegisterForDispose(download);
            return Results.File(download.Content, "application/octet-stream", download.Receipt.Name);
        });

        pages.MapGet("/files/{id:long}/receipt", async (long id, HttpContext c, AirlockService a) =>
        {
            var receipt = await a.ReceiptAsync(PageEndpoints.Actor(c), id, c.RequestAborted);
            return PageResults.Page(c, $"Receipt for {receipt.Name}", w =>
            {
                w.Element("p", "Keep this receipt with the file: the SHA-256 below identifies exactly the file that was released.");
                w.Open("dl", ("class", "facts"), ("id", "receipt"));
                Fact(w, "File", receipt.Name);
                Fact(w, "SHA-256", receipt.Sha256, "receipt-sha256", "mono");
                Fact(w, "Size", $"{receipt.Bytes:N0} bytes", "receipt-bytes");
                Fact(w, "Request", $"#{receipt.RequestId} (project {receipt.Project})");
                Fact(w, "Issued to", receipt.DownloadedBy);
                Fact(w, "Issued at", Format.Time(receipt.At));
                w.Close();
                w.Open("p").Element("a", "Download the file", ("href", $"/files/{id}/download"), ("class", "button")).Text(" ")
                    .Element("a", "Back to the request", ("href", $"/requests/{receipt.RequestId}")).Close();
            });
        });
    }

    private static void WriteRequest(HtmlWriter w, HttpContext c, Actor actor, RequestDetail detail)
    {
        var r = detail.Request;
        var checking = StillChecking(r.State);
        if (checking)
        {
            // Without script: the page reloads itself while the files are being checked.
            c.Response.Headers["Refresh"] = "3";
            w.Element("p", "The files are being checked. This page reloads every few seconds.", ("class", "message info"), ("role", "status"));
        }
        w.Open("dl", ("class", "facts"));
        w.Element("dt", "State").Open("dd").Element("span", Format.State(r.State), ("class", Format.Badge(Format.State(r.State))), ("id", "request-state")).Close();
        Fact(w, "Project", r.Project);
        Fact(w, "Requester", r.Requester);
        Fact(w, "Revision", r.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Fact(w, "Submitted", Format.Time(r.Created));
        Fact(w, "Updated", Format.Time(r.Updated));
        Fact(w, "Description", r.Description.Length > 0 ? r.Description : "(none)", "request-description");
        w.Close();
        WriteStateAdvice(w, r.State);

        var mine = r.RequesterId == actor.UserId;
        if (mine && !RequestTransitions.IsFinal(r.State))
        {
            // A div, not a p: a form may not sit inside a paragraph.
            w.Open("div", ("class", "actions"));
            if (r.State is RequestState.Returned or RequestState.Blocked)
                w.Element("a", "Change files and resubmit", ("href", $"/requests/{r.Id}/resubmit"), ("class", "button"), ("id", "resubmit-link")).Text(" ");
            w.ButtonForm(c, $"/requests/{r.Id}/withdraw", "Withdraw request", "withdraw-button", "danger");
            w.Close();
        }

        w.Element("h2", $"Files ({detail.Files.Count})");
        foreach (var f in detail.Files) WriteFile(w, actor, f);

        if (detail.History.Count > 0)
        {
            w.Element("h2", "History");
            w.Open("table", ("id", "request-history"));
            w.Open("thead").Open("tr").Element("th", "When", ("scope", "col")).Element("th", "Who", ("scope", "col")).Element("th", "What", ("scope", "col"))
                .Element("th", "Details", ("scope", "col")).Close().Close().Open("tbody");
            foreach (var h in detail.History)
                w.Open("tr").Element("td", Format.Time(h.At), ("class", "time")).Element("td", h.Actor).Element("td", h.Action)
                    .Element("td", Short(h.Details, 160), ("class", "details")).Close();
            w.Close().Close();
        }
    }

    private static bool StillChecking(RequestState state) => state is RequestState.Submitted or RequestState.Checking or RequestState.Resubmitted;

    private static void WriteStateAdvice(HtmlWriter w, RequestState state)
    {
        var advice = state switch
        {
            RequestState.Released or RequestState.Approved => "Released: download each file with its receipt below.",
            RequestState.Blocked => "Blocked: at least one file holds what may not leave. Read each blocked file's reasons, remove or fix it, and resubmit.",
            RequestState.AwaitingReview => "Waiting for an output checker. Files that need two approvals wait for both.",
            RequestState.Returned => "Returned by a checker: read their comments, change the files, and resubmit.",
            RequestState.Rejected => "Rejected by the output checkers: the files will not be released.",
            RequestState.Withdrawn => "Withdrawn: nothing will be released.",
            _ => null,
        };
        if (advice is not null) w.Element("p", advice, ("class", "message info"), ("id", "state-advice"));
    }

    private static void WriteFile(HtmlWriter w, Actor actor, FileDetail f)
    {
        var file = f.File;
        w.Open("section", ("class", "file"), ("id", $"file-{file.Id}"), ("aria-labelledby", $"file-{file.Id}-name"));
        w.Open("h3", ("id", $"file-{file.Id}-name")).Text(file.Name + " ")
            .Element("span", Format.State(file.State), ("class", Format.Badge(Format.State(file.State))), ("id", $"file-{file.Id}-state")).Close();
        w.Open("dl", ("class", "facts"));
        Fact(w, "Engine verdict", Format.Verdict(file.Verdict), $"file-{file.Id}-verdict");
        Fact(w, "Size", Format.Bytes(file.Bytes));
        Fact(w, "SHA-256", file.Sha256, null, "mono");
        if (file.State == FileState.Review) Fact(w, "Approvals", $"{f.Approvals} of {file.ApprovalsNeeded}");
        w.Close();
        WriteFindings(w, f.Findings, $"file-{file.Id}-findings");
        WriteVotes(w, f);
        w.Open("div", ("class", "actions"));
        if (f.CanDownload)
            w.Element("a", "Download", ("href", $"/files/{file.Id}/download"), ("class", "button"), ("id", $"download-{file.Id}"), ("download", file.Name)).Text(" ")
                .Element("a", "Receipt", ("href", $"/files/{file.Id}/receipt"), ("id", $"receipt-{file.Id}"));
        if (actor.Role == Role.Checker)
            w.Element("a", f.CanVote ? "Review this file" : "Open the file view", ("href", $"/review/files/{file.Id}"), ("id", $"review-{file.Id}"));
        w.Close();
        w.Close();
    }

    public static void WriteFindings(HtmlWriter w, IReadOnlyList<Finding> findings, string id)
    {
        if (findings.Count == 0)
        {
            w.Element("p", "No findings.", ("id", id));
            return;
        }
        w.Open("ul", ("class", "findings"), ("id", id));
        foreach (var f in findings.OrderByDescending(f => f.Severity))
        {
            w.Open("li", ("class", "finding"), ("data-rule", f.Rule));
            w.Element("span", Format.Severity(f.Severity), ("class", Format.Badge(Format.Verdict(VerdictRules.FromSeverity(f.Severity))))).Text(" ");
            w.Element("strong", f.Rule).Text(": " + f.Message);
            w.Open("div").Text("Where: ").Element("span", f.Location, ("class", "location")).Close();
            if (!string.IsNullOrWhiteSpace(f.Guidance)) w.Open("div", ("class", "guidance")).Element("strong", "How to fix: ").Text(f.Guidance).Close();
            w.Close();
        }
        w.Close();
    }

    public static void WriteVotes(HtmlWriter w, FileDetail f)
    {
        if (f.VotesHidden)
            w.Element("p", "Another checker has voted; their vote is shown once both votes are in.", ("class", "hint"), ("id", $"file-{f.File.Id}-votes-hidden"));
        if (f.Votes.Count == 0) return;
        w.Open("ul", ("id", $"file-{f.File.Id}-votes"), ("class", "votes"));
        foreach (var v in f.Votes)
        {
            w.Open("li").Element("strong", v.Checker).Text($" voted {v.Decision.ToString().ToLowerInvariant()} ({Format.Time(v.At)})");
            if (v.Comment.Length > 0) w.Text(": " + v.Comment);
            w.Close();
        }
        w.Close();
    }

    public static void Fact(HtmlWriter w, string term, string value, string? id = null, string? cssClass = null) =>
        w.Element("dt", term).Element("dd", value, ("id", id), ("class", cssClass));

    public static string Short(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
