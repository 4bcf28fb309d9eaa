using Egress.Airlock;
using Microsoft.AspNetCore.Http.Features;

namespace Egress.Web.Hosting;

/// <summary>
/// The path every upload takes, from the API and the pages alike: cap the body before reading it, spool
/// the multipart form file by file (each capped at limits.maxFileBytes), then hand the files to the core,
/// which checks the daily limits before storing anything in quarantine.
/// </summary>
public static class Uploads
{
    public static async Task<UploadSpool> ReadAsync(HttpContext context, Func<string, string, Task>? onField = null, Func<bool>? filesAllowed = null)
    {
        var limits = context.RequestServices.GetRequiredService<UploadLimits>();
        if (context.Request.ContentLength > limits.MaxRequestBytes)
            throw new UploadTooLargeException($"the upload is {context.Request.ContentLength:N0} bytes; the most one request may carry is {limits.MaxRequestBytes:N0} bytes ({limits.MaxFiles} files of at most {limits.MaxFileBytes:N0} bytes)");
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } cap)
            cap.MaxRequestBodySize = limits.MaxRequestBytes;
        return await UploadSpool.ReadAsync(context.Request, limits, onField, filesAllowed, context.RequestAborted);
    }

    /// <summary>Opens the spooled files for the core; dispose the result when the core is done.</summary>
    public static OpenedUploads Open(UploadSpool spool) => new(spool.Files.Select(f => new UploadFile(f.Name, File.OpenRead(f.Path))).ToList());

    public static IReadOnlyList<long> Ids(IEnumerable<string?> values) =>
        values.Where(v => !string.IsNullOrWhiteSpace(v))
            .Select(v => long.TryParse(v, out var id) ? id : throw new BadUploadException($"'{v}' is not a file number"))
            .ToList();
}

public sealed class OpenedUploads(IReadOnlyList<UploadFile> files) : IDisposable
{
    public IReadOnlyList<UploadFile> Files { get; } = files;

    public void Dispose()
    {
        foreach (var f in Files) f.Content.Dispose();
    }
}

/// <summary>Page uploads: the antiforgery token must arrive, and pass, before the first file.</summary>
public static class PageUploads
{
    public static async Task<UploadSpool> ReadAsync(HttpContext context)
    {
        var validated = false;
        var spool = await Uploads.ReadAsync(context, Pages.PageForms.AntiforgeryFieldCheck(context, () => validated = true), () => validated);
        if (validated) return spool;
        spool.Dispose();
        throw new Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException("the form has no token");
    }
}
