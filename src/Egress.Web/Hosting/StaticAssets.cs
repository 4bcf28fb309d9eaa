namespace Egress.Web.Hosting;

/// <summary>Egress's stylesheet, embedded in the assembly and served by Egress itself (no CDN).</summary>
public static class StaticAssets
{
    public const string StylesheetPath = "/assets/egress.css";

    public static void Map(WebApplication app)
    {
        var css = Load("egress.css");
        app.MapGet(StylesheetPath, (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Bytes(css, "text/css; charset=utf-8");
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
