using Egress.Airlock;
using Egress.Web.Hosting;
using Egress.Web.Html;
using Egress.Web.Security;

namespace Egress.Web.Pages;

/// <summary>
/// The frame of every page: a skip link, a header with the navigation for the signed-in role, one
/// &lt;main&gt; landmark holding the page, and a footer. Plain HTML and Egress's CSS; no script (the daily report adds its own charts).
/// </summary>
public static class PageLayout
{
    public static string Render(HttpContext context, string title, Action<HtmlWriter> body, Notice? notice = null)
    {
        var actor = ActorContext.Find(context);
        var w = new HtmlWriter();
        w.Trusted("<!DOCTYPE html>");
        w.Open("html", ("lang", "en"));
        w.Open("head");
        w.Void("meta", ("charset", "utf-8"));
        w.Void("meta", ("name", "viewport"), ("content", "width=device-width, initial-scale=1"));
        w.Element("title", title + " — Egress");
        w.Void("link", ("rel", "stylesheet"), ("href", StaticAssets.StylesheetPath));
        w.Close();
        w.Open("body");
        w.Element("a", "Skip to content", ("href", "#main"), ("class", "skip-link"));
        WriteHeader(w, context, actor);
        w.Open("main", ("id", "main"), ("tabindex", "-1"));
        w.Element("h1", title);
        if (notice is not null) w.Element("p", notice.Text, ("class", "message " + notice.Kind), ("role", notice.Kind == "error" ? "alert" : "status"), ("id", "notice"));
        body(w);
        w.Close();
        w.Open("footer", ("class", "site"));
        w.Element("p", "Egress — every export is checked; nothing leaves unchecked.");
        w.Close();
        w.Close().Close();
        return w.ToString();
    }

    private static void WriteHeader(HtmlWriter w, HttpContext context, Actor? actor)
    {
        w.Open("header", ("class", "site"));
        w.Element("a", "Egress", ("href", "/"), ("class", "brand"));
        if (actor is not null)
        {
            w.Open("nav", ("aria-label", "Main"));
            w.Open("ul");
            foreach (var (href, text, id) in Navigation(actor.Role))
            {
                var current = context.Request.Path.StartsWithSegments(href) ? "page" : null;
                w.Open("li").Element("a", text, ("href", href), ("id", id), ("aria-current", current)).Close();
            }
            w.Close().Close();
            w.Open("div", ("class", "who"));
            w.Element("span", $"{actor.Username} ({RoleName(actor.Role)})", ("id", "signed-in-as"));
            w.Element("a", "Password", ("href", AccountPages.PasswordPath), ("id", "nav-password"));
            w.ButtonForm(context, "/signout", "Sign out", "sign-out");
            w.Close();
        }
        w.Close();
    }

    private static IEnumerable<(string Href, string Text, string Id)> Navigation(Role role) => role switch
    {
        Role.Researcher => [("/requests/new", "Submit files", "nav-submit"), ("/requests", "My requests", "nav-requests"), ("/tokens", "API tokens", "nav-tokens")],
        Role.Checker => [("/review", "Review queue", "nav-review"), ("/tokens", "API tokens", "nav-tokens")],
        Role.Admin => [("/admin/users", "Users", "nav-users"), ("/admin/projects", "Projects", "nav-projects"), ("/admin/policy", "Policy", "nav-policy"),
            ("/requests", "Requests", "nav-requests"), ("/audit", "Audit log", "nav-audit"), ("/reports/daily", "Daily report", "nav-report"),
            ("/tokens", "API tokens", "nav-tokens")],
        Role.Auditor => [("/audit", "Audit log", "nav-audit"), ("/reports/daily", "Daily report", "nav-report"), ("/requests", "Requests", "nav-requests"),
            ("/tokens", "API tokens", "nav-tokens")],
        _ => [], // a role this version does not know is shown nothing (the core refuses it everything)
    };

    public static string Home(Role role) => role switch
    {
        Role.Researcher => "/requests",
        Role.Checker => "/review",
        Role.Admin => "/admin/users",
        Role.Auditor => "/audit",
        _ => "/account/password",
    };

    public static string RoleName(Role role) => role.ToString().ToLowerInvariant();
}

/// <summary>A message at the top of a page: "ok", "info" or "error".</summary>
public sealed record Notice(string Kind, string Text)
{
    public static Notice Ok(string text) => new("ok", text);
    public static Notice Error(string text) => new("error", text);
    public static Notice Info(string text) => new("info", text);
}

/// <summary>Writing a page as the response.</summary>
public static class PageResults
{
    public static async Task Write(HttpContext context, int status, string html)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html, context.RequestAborted);
    }

    public static IResult Page(HttpContext context, string title, Action<HtmlWriter> body, Notice? notice = null, int status = 200) =>
        Results.Content(PageLayout.Render(context, title, body, notice), "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
}

/// <summary>The page shown for a refusal or an error: the status and what to do.</summary>
public static class ErrorPage
{
    public static string Render(HttpContext context, int status, string message) => PageLayout.Render(context, Title(status), w =>
    {
        w.Element("p", message, ("class", "message error"), ("role", "alert"), ("id", "error-message"));
        w.Open("p").Element("a", "Back to the start page", ("href", "/")).Close();
    });

    private static string Title(int status) => status switch
    {
        400 => "The form could not be used",
        403 => "Not allowed",
        404 => "Not found",
        409 => "Not possible now",
        413 => "Too large",
        429 => "Too many attempts",
        _ => "Something went wrong",
    };
}
