namespace Egress.Web.Hosting;

/// <summary>
/// Egress's stylesheet and scripts, embedded in the assembly and served by Egress itself (no CDN): the CSS,
/// Chart.js (vendored from npm, see Assets/vendor/chart.js/README.md) and the daily report's chart script.
/// </summary>
public static class StaticAssets
{
    public const string StylesheetPath = "/assets/egress.css";
    public const string ChartScriptPath = "/assets/vendor/chart.umd.js";
    public const string DailyReportScriptPath = "/assets/daily-report.js";

    public static void Map(WebApplication app)
    {
        Map(app, StylesheetPath, "egress.css", "text/css; charset=utf-8");
        Map(app, ChartScriptPath, "chart.umd.js", "text/javascript; charset=utf-8");
        Map(app, DailyReportScriptPath, "daily-report.js", "text/javascript; charset=utf-8");
    }

    private static void Map(WebApplication app, string path, string name, string contentType)
    {
        var bytes = Load(name);
        app.MapGet(path, (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Bytes(bytes, contentType);
        }).ExcludeFromDescription().AllowAnonymous();
    }

    private static byte[] Load(string name)
    {
        using var stream = typeof(StaticAssets).Assembly.GetManifestResourceStream("Egress.Web.Assets." + name)
            ?? throw new InvalidOperationException($"asset {name} is not embedded");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
