using Egress.Airlock;
using Egress.Web.Html;
using Egress.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Egress.Web.Pages;

/// <summary>
/// Changing one's own password (every role): the current password and the new one twice. The change ends every
/// other session and every API token of the account; this session carries on with a fresh cookie. An account whose
/// password an administrator set is sent here first (<see cref="RequirePasswordChange"/>).
/// </summary>
public static class AccountPages
{
    public const string PasswordPath = "/account/password";

    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet(PasswordPath, (HttpContext c) => Form(c, PageEndpoints.FromQuery(c)));

        pages.MapPost(PasswordPath, async (HttpContext c, AirlockService a, SignInThrottle throttle) =>
        {
            var form = await PageForms.ReadValidatedFormAsync(c);
            var actor = PageEndpoints.Actor(c);
            // Guessing the current password through this form counts against the same allowance as signing in.
            var client = c.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (throttle.IsBlocked(client, actor.Username))
                return Form(c, Notice.Error("Too many wrong passwords for this account. Wait a few minutes and try again."), 429);
            var newPassword = form["new-password"].ToString();
            if (newPassword != form["new-password-again"].ToString())
                return Form(c, Notice.Error("The two new passwords differ: type the same new password twice."), 400);
            Session session;
            try
            {
                session = await a.ChangePasswordAsync(actor, form["current-password"].ToString(), newPassword, c.RequestAborted);
            }
            catch (WrongPasswordException e)
            {
                throttle.RecordFailure(client, actor.Username);
                return Form(c, Notice.Error(Sentence(e.Message)), 400);
            }
            catch (InvalidInputException e)
            {
                return Form(c, Notice.Error(Sentence(e.Message)), 400);
            }
            // The old stamp is gone: re-issue this session's cookie with the new one.
            await c.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, ActorContext.Principal(session, CookieAuthenticationDefaults.AuthenticationScheme));
            return Results.Redirect(PasswordPath + "?notice=password-changed");
        });
    }

    /// <summary>
    /// For the signed-in pages: while an administrator's password stands, every page but this one (and signing out)
    /// sends the user here. The core refuses their calls as well; this makes the refusal a way forward.
    /// </summary>
    public static async ValueTask<object?> RequirePasswordChange(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (ActorContext.MustChangePassword(http) && !http.Request.Path.StartsWithSegments(PasswordPath))
            return Results.Redirect(PasswordPath);
        return await next(context);
    }

    private static IResult Form(HttpContext c, Notice? notice, int status = 200)
    {
        var forced = ActorContext.MustChangePassword(c);
        return PageResults.Page(c, "Change your password", w =>
        {
            if (forced)
                w.Element("p", "An administrator set your password. Choose your own before you go on.", ("class", "message info"), ("id", "must-change"));
            w.Element("p", $"A password has {AirlockService.MinPasswordLength} to {AirlockService.MaxPasswordLength} characters and is not your username. " +
                           "Changing it signs you out everywhere else and revokes your API tokens (create new ones afterwards).");
            w.OpenForm(c, PasswordPath, "password-form");
            w.Field("current-password", forced ? "Password the administrator gave you" : "Current password", "password", required: true, autocomplete: "current-password");
            w.Field("new-password", "New password", "password", required: true, autocomplete: "new-password");
            w.Field("new-password-again", "New password again", "password", required: true, autocomplete: "new-password");
            w.Element("button", "Change password", ("type", "submit"), ("id", "change-password-button"));
            w.Close();
        }, notice ?? (forced ? null : PageEndpoints.FromQuery(c)), status);
    }

    private static string Sentence(string message) => message.Length == 0 ? message : char.ToUpperInvariant(message[0]) + message[1..] + ".";
}
