using Egress.Airlock;
using Egress.Web.Html;
using Egress.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Egress.Web.Pages;

/// <summary>Sign-in and sign-out, and the start page that sends each role to its own home.</summary>
public static class SignInPages
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/", async (HttpContext c) =>
        {
            var result = await c.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            var actor = result.Succeeded ? ActorContext.Find(c) : null;
            return Results.Redirect(actor is null ? "/signin" : PageLayout.Home(actor.Role));
        }).ExcludeFromDescription().AllowAnonymous();

        app.MapGet("/signin", (HttpContext c) => Form(c, null, null, PageEndpoints.FromQuery(c))).ExcludeFromDescription().AllowAnonymous();

        app.MapPost("/signin", async (HttpContext c, AirlockService airlock, SignInThrottle throttle, FailedSignInTally failures) =>
        {
            var form = await PageForms.ReadValidatedFormAsync(c);
            var username = form["username"].ToString().Trim();
            var password = form["password"].ToString();
            var client = c.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (throttle.IsBlocked(client, username))
            {
                failures.Record(client, username);
                return Form(c, username, Notice.Error("Too many failed attempts for this account. Wait a few minutes and try again."), null, 429);
            }
            var session = username.Length == 0 ? null : await airlock.StartSessionAsync(username, password, c.RequestAborted);
            if (session is null)
            {
                throttle.RecordFailure(client, username);
                failures.Record(client, username);
                return Form(c, username, Notice.Error("The username or password is wrong, or the account is not active."), null, 401);
            }
            throttle.RecordSuccess(client, username);
            await c.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, ActorContext.Principal(session, CookieAuthenticationDefaults.AuthenticationScheme));
            // A password an administrator set is changed before anything else.
            if (session.MustChangePassword) return Results.Redirect(AccountPages.PasswordPath);
            var returnUrl = form["returnUrl"].ToString();
            return Results.Redirect(IsLocal(returnUrl) ? returnUrl : PageLayout.Home(session.Actor.Role));
        }).ExcludeFromDescription().AllowAnonymous();

        app.MapPost("/signout", async (HttpContext c, AirlockService airlock) =>
        {
            await PageForms.ReadValidatedFormAsync(c);
            // The cookie's stamp moves on in the store: a copy of this cookie kept elsewhere stops working too.
            var signedIn = await c.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            if (signedIn.Succeeded && ActorContext.UserId(signedIn.Principal) is { } userId && ActorContext.SecurityStamp(signedIn.Principal) is { } stamp)
                await airlock.SignOutAsync(userId, stamp, c.RequestAborted);
            await c.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/signin?notice=signed-out");
        }).ExcludeFromDescription().AllowAnonymous();
    }

    private static IResult Form(HttpContext c, string? username, Notice? error, Notice? info, int status = 200)
    {
        var returnUrl = c.Request.Query["ReturnUrl"].ToString();
        return PageResults.Page(c, "Sign in", w =>
        {
            w.OpenForm(c, "/signin", "signin-form");
            if (IsLocal(returnUrl)) w.Void("input", ("type", "hidden"), ("name", "returnUrl"), ("value", returnUrl));
            w.Field("username", "Username", value: username, required: true, autocomplete: "username");
            w.Field("password", "Password", "password", required: true, autocomplete: "current-password");
            w.Element("button", "Sign in", ("type", "submit"), ("id", "signin-button"));
            w.Close();
        }, error ?? info, status);
    }

    /// <summary>Only paths on this site (no open redirect): anything else goes to the start page.</summary>
    private static bool IsLocal(string url) => LocalReturnUrl.IsSafe(url);
}
