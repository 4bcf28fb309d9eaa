using Egress.Airlock;
using Egress.Airlock.Monitoring;
using Egress.Web.Hosting;
using Egress.Web.Security;

namespace Egress.Web.Api;

/// <summary>
/// The REST API under /api/v1: the same operations as the pages, JSON in and out, bearer tokens only.
/// Every handler passes the caller to the core, which checks role and project membership; the core's
/// refusals become 400/403/404/409/413 (<see cref="ErrorMapping"/>). Uploads are multipart/form-data with
/// fields "project", "description" and one or more "files".
/// </summary>
public static class ApiEndpoints
{
    /// <summary>Requests listed per page when the caller does not say.</summary>
    private const int DefaultPage = 500;

    public static void MapEgressApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(EgressWebApp.ApiPolicy).WithTags("api")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        // ---- Who am I ----
        api.MapGet("/me", async (HttpContext c, AirlockService a) =>
        {
            var actor = ActorContext.Get(c);
            var user = await a.GetUserAsync(actor, actor.UserId, c.RequestAborted);
            var projects = actor.Role == Role.Researcher ? (await a.MyProjectsAsync(actor, c.RequestAborted)).Select(p => p.Name).ToList() : [];
            return new MeDto(user.Username, user.DisplayName, user.Role, projects);
        }).WithName("getMe").WithSummary("The caller's account and projects.");

        api.MapPost("/me/password", async (ChangePasswordRequest body, HttpContext c, AirlockService a, SignInThrottle throttle) =>
        {
            var actor = ActorContext.Get(c);
            // Guessing the current password with a token counts against the same allowance as signing in.
            var client = c.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (throttle.IsBlocked(client, actor.Username))
                return Results.Json(new ErrorDto(StatusCodes.Status429TooManyRequests, "too many wrong passwords for this account: wait a few minutes"),
                    ApiJson.Options, statusCode: StatusCodes.Status429TooManyRequests);
            if (body.NewPassword != body.NewPasswordAgain) throw new InvalidInputException("the two new passwords differ: send the same new password twice");
            try
            {
                await a.ChangePasswordAsync(actor, body.CurrentPassword ?? "", body.NewPassword ?? "", c.RequestAborted);
            }
            catch (WrongPasswordException)
            {
                throttle.RecordFailure(client, actor.Username);
                throw;
            }
            return Results.Ok(new PasswordChangedDto("the password is changed; every session and API token of the account has ended, this token too: create a new one"));
        }).WithName("changeMyPassword").Produces<PasswordChangedDto>().ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Change the caller's password (current password, the new one twice). Ends every session and revokes every API token of the account, the caller's too.");

        api.MapGet("/projects", async (HttpContext c, AirlockService a) =>
                (await a.MyProjectsAsync(ActorContext.Get(c), c.RequestAborted)).Select(p => p.Name).ToList())
            .WithName("listMyProjects").WithSummary("Projects the caller belongs to (researchers) or every project (other roles).");

        // ---- Requests ----
        api.MapPost("/requests", async (HttpContext c, AirlockService a) =>
        {
            using var spool = await Uploads.ReadAsync(c);
            var project = spool.Field("project") ?? throw new InvalidInputException("the form needs a 'project' field");
            using var files = Uploads.Open(spool);
            var request = await a.SubmitAsync(ActorContext.Get(c), project, spool.Field("description") ?? "", files.Files, c.RequestAborted);
            var detail = await a.GetRequestAsync(ActorContext.Get(c), request.Id, c.RequestAborted);
            return Results.Created($"/api/v1/requests/{request.Id}", RequestDto.From(detail));
        }).WithName("submitRequest").WithSummary("Submit files (multipart: project, description, files) as one export request.")
            .Accepts<SubmitForm>("multipart/form-data").Produces<RequestDto>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        api.MapGet("/requests", async (long? before, int? limit, HttpContext c, AirlockService a) =>
                (await a.ListRequestsAsync(ActorContext.Get(c), before, limit ?? DefaultPage, c.RequestAborted)).Select(RequestSummaryDto.From).ToList())
            .WithName("listRequests")
            .WithSummary("The caller's requests, newest first (auditors and admins: every request), a page at a time: " +
                "limit (1-1000, default 500) of them with an id below before (default: the newest); the next page is before = the last id.");

        api.MapGet("/requests/{id:long}", async (long id, HttpContext c, AirlockService a) =>
                RequestDto.From(await a.GetRequestAsync(ActorContext.Get(c), id, c.RequestAborted)))
            .WithName("getRequest").WithSummary("A request with each file's verdict, reasons and how to fix them.");

        api.MapPost("/requests/{id:long}/withdraw", async (long id, HttpContext c, AirlockService a) =>
                RequestSummaryDto.From(await a.WithdrawAsync(ActorContext.Get(c), id, c.RequestAborted)))
            .WithName("withdrawRequest").WithSummary("Withdraw a request that is not final (its requester only).");

        api.MapPost("/requests/{id:long}/resubmit", async (long id, HttpContext c, AirlockService a) =>
        {
            using var spool = await Uploads.ReadAsync(c);
            using var files = Uploads.Open(spool);
            var request = await a.ResubmitAsync(ActorContext.Get(c), id, spool.Field("description"), Uploads.Ids(spool.Fields("remove")),
                files.Files, c.RequestAborted);
            return RequestSummaryDto.From(request);
        }).WithName("resubmitRequest").WithSummary("Resubmit a returned or blocked request (multipart: description, remove = file ids, files).")
            .Accepts<ResubmitForm>("multipart/form-data");

        // ---- Files ----
        api.MapGet("/files/{id:long}", async (long id, HttpContext c, AirlockService a) =>
                FileDto.From(await a.GetFileAsync(ActorContext.Get(c), id, c.RequestAborted)))
            .WithName("getFile").WithSummary("One file with its findings and the votes the caller may see.");

        api.MapGet("/files/{id:long}/preview", async (long id, HttpContext c, AirlockService a) =>
        {
            var actor = ActorContext.Get(c);
            var file = await a.GetFileAsync(actor, id, c.RequestAborted);
            if (PreviewRules.WithheldBecause(file) is { } why) return new PreviewDto(id, file.File.Name, file.File.Bytes, false, null, false, why);
            var preview = await a.PreviewFileAsync(actor, id, PreviewRules.MaxBytes, c.RequestAborted);
            return new PreviewDto(id, preview.Name, preview.Bytes, true, preview.Text, preview.Truncated, null);
        }).WithName("previewFile").WithSummary("The start of a file under review, for a checker (withheld when it may hold a participant's record).");

        api.MapGet("/files/{id:long}/content", async (long id, HttpContext c, AirlockService a) =>
        {
            var download = await a.DownloadAsync(ActorContext.Get(c), id, c.RequestAborted);
            Receipts.AddHeaders(c.Response, download.Receipt);
            c.Response.RegisterForDispose(download);
            return Results.File(download.Content, "application/octet-stream", download.Receipt.Name);
        }).WithName("downloadFile").WithSummary("A released file's content (its requester and auditors only); the receipt is in the X-Egress-Receipt-* headers.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream");

        api.MapGet("/files/{id:long}/receipt", async (long id, HttpContext c, AirlockService a) =>
        {
            return ReceiptDto.From(await a.ReceiptAsync(ActorContext.Get(c), id, c.RequestAborted));
        }).WithName("getReceipt").WithSummary("The receipt for a released file: its sha256, size, request and time.");

        api.MapPost("/files/{id:long}/votes", async (long id, VoteRequest vote, HttpContext c, AirlockService a) =>
        {
            var outcome = await a.VoteAsync(ActorContext.Get(c), id, vote.Decision, vote.Comment ?? "", c.RequestAborted);
            return new VoteOutcomeDto(outcome.FileState, outcome.RequestState);
        }).WithName("voteOnFile").WithSummary("A checker's vote (approve, reject, return) with a comment.");

        // ---- Checkers ----
        api.MapGet("/review/queue", async (HttpContext c, AirlockService a) =>
                (await a.ReviewQueueAsync(ActorContext.Get(c), c.RequestAborted)).Select(ReviewItemDto.From).ToList())
            .WithName("reviewQueue").WithSummary("Requests awaiting the caller's review, oldest first.");

        api.MapGet("/projects/{project}/exposure", async (string project, HttpContext c, AirlockService a) =>
        {
            var e = await a.GetExposureAsync(ActorContext.Get(c), project, c.RequestAborted);
            return new ExposureDto(e.Project, e.Participants, e.ProjectSize, e.Share);
        }).WithName("getExposure").WithSummary("A project's cumulative exposure: distinct participants in its exports.");

        // ---- Tokens ----
        api.MapGet("/tokens", async (HttpContext c, AirlockService a) =>
                (await a.ListTokensAsync(ActorContext.Get(c), c.RequestAborted)).Select(TokenDto.From).ToList())
            .WithName("listTokens").WithSummary("The caller's API tokens (admins: every token), by prefix and date.");

        api.MapPost("/tokens", async (CreateTokenRequest body, HttpContext c, AirlockService a) =>
        {
            var token = await a.CreateTokenAsync(ActorContext.Get(c), body.Name, c.RequestAborted);
            return Results.Created($"/api/v1/tokens/{token.Info.Id}", new NewTokenDto(TokenDto.From(token.Info), token.Token));
        }).WithName("createToken").WithSummary("A new API token for the caller; the token is shown this once.")
            .Produces<NewTokenDto>(StatusCodes.Status201Created);

        api.MapDelete("/tokens/{id:long}", async (long id, HttpContext c, AirlockService a) =>
        {
            await a.RevokeTokenAsync(ActorContext.Get(c), id, c.RequestAborted);
            return Results.NoContent();
        }).WithName("revokeToken").WithSummary("Revoke a token (one's own; admins: anyone's).");

        // ---- Admins ----
        api.MapGet("/admin/users", async (HttpContext c, AirlockService a) =>
                (await a.ListUsersAsync(ActorContext.Get(c), c.RequestAborted)).Select(UserDto.From).ToList())
            .WithName("listUsers").WithSummary("Every account (admins).");

        api.MapPost("/admin/users", async (CreateUserRequest body, HttpContext c, AirlockService a) =>
        {
            // The initial password is the administrator's: the person replaces it at first sign-in.
            var user = await a.CreateUserAsync(ActorContext.Get(c), body.Username, body.DisplayName, body.Role, body.Password, mustChangePassword: true, c.RequestAborted);
            return Results.Created($"/api/v1/admin/users/{user.Id}", UserDto.From(user));
        }).WithName("createUser").WithSummary("Create an account (admins).").Produces<UserDto>(StatusCodes.Status201Created);

        api.MapPost("/admin/users/{id:long}/active", async (long id, SetActiveRequest body, HttpContext c, AirlockService a) =>
        {
            await a.SetUserActiveAsync(ActorContext.Get(c), id, body.Active, c.RequestAborted);
            return Results.NoContent();
        }).WithName("setUserActive").WithSummary("Activate or deactivate an account (admins).");

        api.MapPost("/admin/users/{id:long}/password", async (long id, HttpContext c, AirlockService a) =>
        {
            var password = OneTimePasswords.New();
            await a.SetPasswordAsync(ActorContext.Get(c), id, password, mustChange: true, c.RequestAborted);
            return new OneTimePasswordDto(id, password);
        }).WithName("resetUserPassword")
            .WithSummary("Reset an account's password (admins): a one-time password, returned this once, to be changed at next sign-in; the account's sessions and API tokens end.");

        api.MapGet("/admin/projects", async (HttpContext c, AirlockService a) =>
        {
            var actor = ActorContext.Get(c);
            var projects = await a.ListProjectsAsync(actor, c.RequestAborted);
            var members = await a.ListMembershipsAsync(actor, null, c.RequestAborted);
            return projects.Select(p => new ProjectDto(p.Id, p.Name, p.Description, p.Created,
                members.Where(m => m.ProjectId == p.Id).Select(m => m.Username).ToList())).ToList();
        }).WithName("listProjects").WithSummary("Every project with its members (admins).");

        api.MapPost("/admin/projects", async (CreateProjectRequest body, HttpContext c, AirlockService a) =>
        {
            var p = await a.CreateProjectAsync(ActorContext.Get(c), body.Name, body.Description ?? "", c.RequestAborted);
            return Results.Created($"/api/v1/admin/projects/{p.Name}", new ProjectDto(p.Id, p.Name, p.Description, p.Created, []));
        }).WithName("createProject").WithSummary("Create a project named as in the cohort index (admins).")
            .Produces<ProjectDto>(StatusCodes.Status201Created);

        api.MapPut("/admin/projects/{project}/members/{userId:long}", async (string project, long userId, HttpContext c, AirlockService a) =>
        {
            await a.AddMemberAsync(ActorContext.Get(c), project, userId, c.RequestAborted);
            return Results.NoContent();
        }).WithName("addMember").WithSummary("Make a researcher a member of a project (admins).");

        api.MapDelete("/admin/projects/{project}/members/{userId:long}", async (string project, long userId, HttpContext c, AirlockService a) =>
        {
            await a.RemoveMemberAsync(ActorContext.Get(c), project, userId, c.RequestAborted);
            return Results.NoContent();
        }).WithName("removeMember").WithSummary("Remove a researcher from a project (admins).");

        api.MapGet("/policy", (HttpContext c, AirlockService a) =>
                Results.Text(a.PolicyJson(ActorContext.Get(c)), "application/json"))
            .WithName("getPolicy").WithSummary("The policy in force (admins, checkers, auditors).")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");

        // ---- Auditors ----
        api.MapGet("/audit", async (long? before, int? limit, HttpContext c, AirlockService a) =>
        {
            var page = await a.AuditLogAsync(ActorContext.Get(c), before, Math.Clamp(limit ?? 100, 1, 1000), c.RequestAborted);
            return new AuditPageDto(page.Events.Select(AuditEventDto.From).ToList(), page.Before);
        }).WithName("getAuditLog").WithSummary("Audit events newest first; pass 'before' from the last page for the next.");

        api.MapPost("/audit/verify", async (HttpContext c, AirlockService a) =>
        {
            var v = await a.VerifyAuditAsync(ActorContext.Get(c), c.RequestAborted);
            return new AuditVerificationDto(v.Ok, v.Events, v.BrokenSeq, v.Message);
        }).WithName("verifyAudit").WithSummary("Walk the audit chain: ok with the count, or the first broken link.");

        api.MapGet("/reports/daily", async (string? date, bool? rescan, HttpContext c, AirlockService a) =>
        {
            var day = date is { Length: > 0 } ? ReportDay.Parse(date) : a.DefaultReportDay;
            var report = await a.DailyReportAsync(ActorContext.Get(c), day, rescan ?? true, c.RequestAborted);
            return Results.Text(DailyReportJson.Write(report), "application/json");
        }).WithName("getDailyReport")
            .WithSummary("The daily monitoring report for a UTC day (date=yyyy-mm-dd, default yesterday): anomalies against each project's baseline, " +
                         "per project and researcher figures, daily totals, and the re-scan of the day's released files (rescan=false skips it). Auditors and admins.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
    }
}

/// <summary>The submit form, for the OpenAPI document (the body is read as a stream, not bound).</summary>
public sealed class SubmitForm
{
    public required string Project { get; init; }
    public string? Description { get; init; }
    public required IFormFileCollection Files { get; init; }
}

/// <summary>The resubmit form, for the OpenAPI document.</summary>
public sealed class ResubmitForm
{
    public string? Description { get; init; }
    public long[]? Remove { get; init; }
    public IFormFileCollection? Files { get; init; }
}
