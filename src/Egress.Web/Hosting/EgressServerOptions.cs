namespace Egress.Web.Hosting;

/// <summary>How `egress serve` runs the web host.</summary>
public sealed record EgressServerOptions
{
    /// <summary>Where Kestrel listens, e.g. http://127.0.0.1:5080 (several separated by ';').</summary>
    public string Urls { get; init; } = "http://127.0.0.1:5080";
    /// <summary>Sign-in attempts allowed per client address and username in a window, before 429.</summary>
    public int SignInAttemptsPerWindow { get; init; } = 10;
    public TimeSpan SignInWindow { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>Failed sign-ins allowed per client address in a window whatever the usernames (guessing many names), before 429.</summary>
    public int SignInAttemptsPerAddress { get; init; } = 50;
    /// <summary>
    /// Addresses or networks (CIDR) of the reverse proxies in front of the service. Only a request from one of them may
    /// say, in X-Forwarded-For and X-Forwarded-Proto, who the client was and that it came over HTTPS (then cookies are
    /// Secure and HSTS is sent); from anyone else those headers are ignored. Empty: no proxy is trusted.
    /// </summary>
    public IReadOnlyList<System.Net.IPNetwork> TrustedProxies { get; init; } = [];
    /// <summary>Log level for ASP.NET's own messages (Warning keeps the console quiet).</summary>
    public LogLevel AspNetLogLevel { get; init; } = LogLevel.Warning;
}
