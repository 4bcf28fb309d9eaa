using System.Text.Encodings.Web;
using Egress.Airlock;
using Egress.Web.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Egress.Web.Security;

/// <summary>
/// The API's scheme: "Authorization: Bearer egt_…". The core keeps only the token's SHA-256 and answers
/// null for an unknown or revoked token or an inactive user. No cookie is ever accepted on the API,
/// so a page cannot be tricked into calling it (no CSRF surface).
/// </summary>
public sealed class ApiTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AirlockService airlock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.Fail("not a bearer token");
        var token = header["Bearer ".Length..].Trim();
        if (token.Length is 0 or > 200) return AuthenticateResult.Fail("malformed token");
        var actor = await airlock.AuthenticateTokenAsync(token, Context.RequestAborted);
        if (actor is null) return AuthenticateResult.Fail("unknown or revoked token");
        ActorContext.Set(Context, actor);
        return AuthenticateResult.Success(new AuthenticationTicket(ActorContext.Principal(actor, SchemeName), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Response.WriteAsJsonAsync(new ErrorDto(401, "an API token is needed: Authorization: Bearer egt_…"), ApiJson.Options);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Response.WriteAsJsonAsync(new ErrorDto(403, "not allowed"), ApiJson.Options);
    }
}
