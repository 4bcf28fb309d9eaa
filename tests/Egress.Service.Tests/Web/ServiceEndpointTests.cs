using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Egress.Service.Tests.Support;
using Xunit;

namespace Egress.Service.Tests.Web;

/// <summary>/health, the OpenAPI document (every API route documented), the stylesheet and the security headers.</summary>
public sealed partial class ServiceEndpointTests(WebServers servers) : IClassFixture<WebServers>
{
    [Fact]
    public async Task Health_answers_200_without_signing_in()
    {
        var server = await servers.GetAsync(WebServer.Store.Sqlite);
        using var http = server.Client(null);
        using var response = await http.GetAsync("health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_openapi_document_is_served_and_lists_every_api_endpoint()
    {
        var server = await servers.GetAsync(WebServer.Store.Sqlite);
        using var http = server.Client(null);
        using var response = await http.GetAsync("openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = doc.RootElement.GetProperty("paths");
        var missing = new List<string>();
        var apiRoutes = server.Routes().Where(r => r.Pattern.StartsWith("/api/", StringComparison.Ordinal) || r.Pattern == "/health").ToList();
        Assert.True(apiRoutes.Count >= 25, $"only {apiRoutes.Count} API routes");
        foreach (var (method, pattern) in apiRoutes)
        {
            var documented = Constraint().Replace(pattern, "}");
            if (!paths.TryGetProperty(documented, out var item) || !item.TryGetProperty(method.ToLowerInvariant(), out _))
                missing.Add($"{method} {documented}");
        }
        Assert.True(missing.Count == 0, "not in the OpenAPI document:\n" + string.Join('\n', missing));
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.StartsWith("/admin", StringComparison.Ordinal) || p.Name == "/signin");
        Assert.True(doc.RootElement.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("bearer", out _));
        var submit = paths.GetProperty("/api/v1/requests").GetProperty("post");
        Assert.True(submit.GetProperty("requestBody").GetProperty("content").TryGetProperty("multipart/form-data", out _), submit.ToString());
        Assert.True(submit.GetProperty("responses").TryGetProperty("201", out _));
    }

    [Fact]
    public async Task Pages_carry_the_security_headers_and_the_stylesheet_is_served_by_egress()
    {
        var server = await servers.GetAsync(WebServer.Store.Sqlite);
        using var http = server.Client(null);
        using var page = await http.GetAsync("signin");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("no-store", page.Headers.CacheControl!.ToString());
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("href=\"/assets/egress.css\"", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("https://", html);
        Assert.Contains("<label for=\"username\">", html);
        using var css = await http.GetAsync("assets/egress.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task The_report_scripts_are_served_by_egress_and_chart_js_is_the_vendored_file_unchanged()
    {
        var server = await servers.GetAsync(WebServer.Store.Sqlite);
        using var http = server.Client(null);
        using var chart = await http.GetAsync("assets/vendor/chart.umd.js");
        Assert.Equal(HttpStatusCode.OK, chart.StatusCode);
        Assert.Equal("text/javascript", chart.Content.Headers.ContentType!.MediaType);
        var bytes = await chart.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.Length < 1024 * 1024, $"{bytes.Length} bytes");
        var manifest = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "src/Egress.Web/Assets/vendor/chart.js/README.md"));
        Assert.Equal(Sha256Line().Match(manifest).Groups[1].Value, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        using var script = await http.GetAsync("assets/daily-report.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        var csp = chart.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe", csp);

        using var audrey = server.Client("audrey");
        using var report = await audrey.GetAsync("api/v1/reports/daily?date=2026-01-31&rescan=false");
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        using var doc = JsonDocument.Parse(await report.Content.ReadAsStringAsync());
        Assert.Equal("2026-01-31", doc.RootElement.GetProperty("day").GetString());
        Assert.Equal(31, doc.RootElement.GetProperty("history").GetArrayLength());
        using var bad = await audrey.GetAsync("api/v1/reports/daily?date=31-01-2026");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [GeneratedRegex(@"SHA-256 of the file \| `([0-9a-f]{64})`")]
    private static partial Regex Sha256Line();

    [GeneratedRegex(@":[a-z]+\}")]
    private static partial Regex Constraint();
}
