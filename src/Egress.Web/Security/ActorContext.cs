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

    /// <summary>The claim holding the account's security stamp when a session cookie was issued.</summary>
    public const string SecurityStampClaim = "egress:security-stamp";
    private static readonly object MustChangeKey = new();

    public static ClaimsPrincipal Principal(Actor actor, string scheme, long? securityStamp = null)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, actor.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, actor.Username),
            new(ClaimTypes.Role, actor.Role.ToString()),
        };
        if (securityStamp is { } stamp) claims.Add(new(SecurityStampClaim, stamp.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>A session cookie's principal for a session: the stamp goes with it, so a later bump ends it.</summary>
    public static ClaimsPrincipal Principal(Session session, string scheme) => Principal(session.Actor, scheme, session.SecurityStamp);

    public static long? SecurityStamp(ClaimsPrincipal? principal) =>
        long.TryParse(principal?.FindFirstValue(SecurityStampClaim), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var stamp) ? stamp : null;

    /// <summary>Marks the request's user as one who must change their password before anything else.</summary>
    public static void SetMustChangePassword(HttpContext context) => context.Items[MustChangeKey] = true;

    public static bool MustChangePassword(HttpContext context) => context.Items.ContainsKey(MustChangeKey);

    public static long? UserId(ClaimsPrincipal? principal) =>
        long.TryParse(principal?.FindFirstValue(ClaimTypes.NameIdentifier), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
}
