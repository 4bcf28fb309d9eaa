using System.Security.Claims;
using Egress.Airlock;

namespace Egress.Web.Security;

/// <summary>
/// The acting user of one HTTP request, as the core knows it now (looked up on every request, so a
/// deactivated user or a changed role takes effect at once). Set by the cookie and token schemes.
/// </summary>
public static class ActorContext
{
    private static readonly object Key = new();

    public static void Set(HttpContext context, Actor actor) => context.Items[Key] = actor;

    /// <summary>The actor, or an AccessDeniedException when the request is not signed in (never reached behind RequireAuthorization).</summary>
    public static Actor Get(HttpContext context) =>
        context.Items.TryGetValue(Key, out var actor) && actor is Actor a ? a : throw new AccessDeniedException("sign in first");

    public static Actor? Find(HttpContext context) => context.Items.TryGetValue(Key, out var actor) ? actor as Actor : null;

    public static ClaimsPrincipal Principal(Actor actor, string scheme) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, actor.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new Claim(ClaimTypes.Name, actor.Username),
        new Claim(ClaimTypes.Role, actor.Role.ToString()),
    ], scheme));

    public static long? UserId(ClaimsPrincipal? principal) =>
        long.TryParse(principal?.FindFirstValue(ClaimTypes.NameIdentifier), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
}
