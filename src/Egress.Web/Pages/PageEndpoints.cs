// Page URLs (server-rendered HTML; every form POSTs with an antiforgery token; no script needed):
//   GET  /                                   → the signed-in role's start page, else /signin
//   GET  /signin   POST /signin              sign-in form (#username, #password, #signin-button)
//   POST /signout                            (#sign-out in the header)
//   Researchers
//   GET  /requests                           my requests (#requests-table; admins and auditors: every request)
//   GET  /requests/new  POST /requests       submit: #project, #description, #files, #submit-button
//   GET  /requests/{id}                      request detail: #request-state, one section#file-{fileId} per file with
//                                            its verdict (.badge), findings (li.finding), guidance; #withdraw-button,
//                                            #resubmit-link, a#download-{fileId}, a#receipt-{fileId}
//   POST /requests/{id}/withdraw
//   GET  /requests/{id}/resubmit  POST …     #description, checkboxes #remove-{fileId}, #files, #resubmit-button
//   GET  /files/{fileId}/download            a released file (its requester, auditors)
//   GET  /files/{fileId}/receipt             its receipt (#receipt)
//   Checkers
//   GET  /review                             queue, oldest first (#review-queue)
//   GET  /review/files/{fileId}              file view: #parts, #findings, #file-preview (flagged rows/cells), #votes,
//                                            vote form #vote-form: radios #decision-approve/-reject/-return, #comment, #vote-button
//   POST /review/files/{fileId}/vote
//   Everyone: GET /tokens  POST /tokens (#token-name, #create-token-button → #new-token)  POST /tokens/{id}/revoke
//             GET /account/password  POST …   change one's password: #current-password, #new-password, #new-password-again,
//                                            #change-password-button; #must-change while an administrator's password stands
//                                            (every other page redirects here until it is changed)
//   Admins:   GET /admin/users  POST /admin/users  POST /admin/users/{id}/active
//             POST /admin/users/{id}/password   reset: a one-time password shown once (#one-time-password), changed at next sign-in
//             GET /admin/projects  POST /admin/projects  POST /admin/projects/{name}/members  POST /admin/projects/{name}/members/{userId}/remove
//             GET /admin/policy
//   Auditors: GET /audit[?before=seq]  POST /audit/verify (#verify-button → #verify-result)
//   Auditors and admins: GET /reports/daily[?date=yyyy-mm-dd]  the daily monitoring report: #report-date, #anomalies-table
//             (tr[data-project][data-rank]), canvases #chart-volume/-verdicts/-exposure (data-drawn once drawn), #projects-table,
//             #researchers-table, #rescan-result (#rescan-table); the report's JSON in script#report-data
using Egress.Web.Hosting;
using Egress.Web.Security;

namespace Egress.Web.Pages;

/// <summary>Maps every page (URLs above). Signed-in pages need the session cookie; the core checks role and project.</summary>
public static class PageEndpoints
{
    public static void MapEgressPages(this WebApplication app)
    {
        SignInPages.Map(app);
        var pages = app.MapGroup("").RequireAuthorization(EgressWebApp.PagesPolicy).ExcludeFromDescription()
            .AddEndpointFilter(AccountPages.RequirePasswordChange);
        AccountPages.Map(pages);
        RequestPages.Map(pages);
        ReviewPages.Map(pages);
        TokenPages.Map(pages);
        AdminPages.Map(pages);
        AuditPages.Map(pages);
        ReportPages.Map(pages);
    }

    /// <summary>Short messages after a redirect, chosen by a code in the query string (never text from the URL).</summary>
    public static Notice? FromQuery(HttpContext context) => context.Request.Query["notice"].ToString() switch
    {
        "submitted" => Notice.Ok("Submitted. Each file is being checked; this page updates by itself until the verdicts are in."),
        "resubmitted" => Notice.Ok("Resubmitted. The files are being checked again."),
        "withdrawn" => Notice.Ok("The request was withdrawn."),
        "voted" => Notice.Ok("Your vote is recorded."),
        "user-created" => Notice.Ok("The account was created."),
        "user-updated" => Notice.Ok("The account was updated."),
        "project-created" => Notice.Ok("The project was created."),
        "members-updated" => Notice.Ok("The project's members were updated."),
        "token-revoked" => Notice.Ok("The token was revoked."),
        "password-changed" => Notice.Ok("Your password is changed. Your other sessions have ended and your API tokens are revoked."),
        "signed-out" => Notice.Info("You are signed out."),
        _ => null,
    };

    public static Egress.Airlock.Actor Actor(HttpContext context) => ActorContext.Get(context);
}
