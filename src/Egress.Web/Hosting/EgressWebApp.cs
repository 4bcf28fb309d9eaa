using Egress.Airlock;
using Egress.Web.Api;
using Egress.Web.Pages;
using Egress.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Egress.Web.Hosting;

/// <summary>
/// Builds the Egress web host around an open <see cref="AirlockService"/>: Kestrel, cookie sign-in for
/// pages, bearer tokens for /api/v1, antiforgery on forms, security headers, body-size caps, /health,
/// the OpenAPI document at /openapi/v1.json, the CSS, the pages and the API.
/// </summary>
public static class EgressWebApp
{
    public const string PagesPolicy = "pages";
    public const string ApiPolicy = "api";
    /// <summary>The cap on any body that is not an upload (sign-in, votes, admin forms, JSON).</summary>
    public const long SmallBodyBytes = 1024 * 1024;

    public static WebApplication Build(AirlockService airlock, EgressServerOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "Egress.Web",
            ContentRootPath = airlock.Options.DataDir,
        });
        builder.Logging.AddFilter("Microsoft", options.AspNetLogLevel);
        // The cookie keys sit in DATA/keys beside the database and quarantine, protected as they are (file
        // permissions): the "unencrypted key" warning says nothing an operator can act on.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Bodies are capped before they are read; upload endpoints raise the cap for themselves.
            kestrel.Limits.MaxRequestBodySize = SmallBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        });

        var services = builder.Services;
        services.AddSingleton(airlock);
        services.AddSingleton(options);
        services.AddSingleton(new UploadLimits(airlock.Policy.Limits.MaxFileBytes, airlock.Policy.Airlock.MaxFilesPerRequest,
            Path.Combine(airlock.Options.DataDir, "uploads")));
        services.AddSingleton(new SignInThrottle(options.SignInAttemptsPerWindow, options.SignInWindow, airlock.Options.Clock, options.SignInAttemptsPerAddress));
        services.AddSingleton(new FailedSignInTally(options.SignInWindow, airlock.Options.Clock));
        services.AddSingleton(sp => new FailedSignInAuditor(sp.GetRequiredService<FailedSignInTally>(), airlock,
            TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, options.SignInWindow.Ticks / 5)), sp.GetRequiredService<ILogger<FailedSignInAuditor>>()));
        services.AddHostedService(sp => sp.GetRequiredService<FailedSignInAuditor>());
        services.ConfigureHttpJsonOptions(json => ApiJson.Configure(json.SerializerOptions));
        services.AddDataProtection()
            .SetApplicationName("Egress")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(airlock.Options.DataDir, "keys")));
        services.AddAntiforgery(a =>
        {
            a.FormFieldName = PageForms.AntiforgeryField;
            a.HeaderName = PageForms.AntiforgeryHeader;
            a.Cookie.Name = "egress-csrf";
            a.Cookie.SameSite = SameSiteMode.Strict;
            a.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, cookie =>
            {
                cookie.Cookie.Name = "egress-session";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
                cookie.SlidingExpiration = true;
                cookie.LoginPath = "/signin";
                cookie.LogoutPath = "/signout";
                cookie.Events.OnValidatePrincipal = ValidateSessionAsync;
            })
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(PagesPolicy, p => p.AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme).RequireAuthenticatedUser())
            .AddPolicy(ApiPolicy, p => p.AddAuthenticationSchemes(ApiTokenHandler.SchemeName).RequireAuthenticatedUser());
        services.AddOpenApi("v1", OpenApiSetup.Configure);

        var app = builder.Build();
        if (options.TrustedProxies.Count > 0) app.UseForwardedHeaders(ForwardedFrom(options.TrustedProxies));
        app.UseEgressSecurityHeaders();
        app.UseEgressErrors();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGet("/health", (AirlockService a) => Results.Ok(new HealthDto("ok")))
            .WithName("health").WithTags("service").AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        StaticAssets.Map(app);
        app.MapEgressApi();
        app.MapEgressPages();
        ClearSpool(app.Services.GetRequiredService<UploadLimits>().SpoolDir);
        return app;
    }

    /// <summary>
    /// Every page request looks its user up again: a deactivated account, or one whose security stamp moved on since
    /// the cookie was issued (a password change, reset or deactivation), is signed out at once. A cookie without a
    /// stamp (issued before stamps existed) is refused too.
    /// </summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var airlock = context.HttpContext.RequestServices.GetRequiredService<AirlockService>();
        var id = ActorContext.UserId(context.Principal);
        var stamp = ActorContext.SecurityStamp(context.Principal);
        var session = id is null || stamp is null ? null : await airlock.ResumeSessionAsync(id.Value, stamp.Value, context.HttpContext.RequestAborted);
        if (session is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        // The API takes tokens only; a session cookie never makes an API call on its own.
        if (ErrorMapping.IsApi(context.HttpContext)) return;
        ActorContext.Set(context.HttpContext, session.Actor);
        if (session.MustChangePassword) ActorContext.SetMustChangePassword(context.HttpContext);
    }

    /// <summary>The client address and scheme as the configured proxies tell them; no one else is believed.</summary>
    private static ForwardedHeadersOptions ForwardedFrom(IReadOnlyList<System.Net.IPNetwork> proxies)
    {
        var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, ForwardLimit = 1 };
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var network in proxies) forwarded.KnownIPNetworks.Add(network);
        return forwarded;
    }

    /// <summary>Upload spool files left by a crash mid-upload hold nothing that was accepted: remove them.</summary>
    private static void ClearSpool(string dir)
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
    }
}

public sealed record HealthDto(string Status);

/// <summary>Per-file cap (limits.maxFileBytes), files per request (airlock.maxFilesPerRequest), and where uploads are spooled while read.</summary>
public sealed record UploadLimits(long MaxFileBytes, int MaxFiles, string SpoolDir)
{
    /// <summary>The cap on a whole upload body: every file at its cap plus room for the form fields.</summary>
    public long MaxRequestBytes => MaxFileBytes * MaxFiles + EgressWebApp.SmallBodyBytes;
}
