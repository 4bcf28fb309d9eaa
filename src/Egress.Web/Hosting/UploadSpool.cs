using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Egress.Web.Hosting;

/// <summary>
/// Reads a multipart upload section by section and streams each file to a private spool folder under
/// the data folder, never holding a whole file in memory. A file longer than the per-file cap stops the
/// read at the cap (<see cref="UploadTooLargeException"/>); the spool is deleted when disposed, so an
/// aborted upload leaves nothing behind. Text fields (project, description, antiforgery token) are read
/// with a small cap of their own.
/// </summary>
public sealed class UploadSpool : IDisposable
{
    private const int MaxFieldChars = 16 * 1024;
    private readonly string _dir;
    private readonly List<SpooledFile> _files = [];
    private readonly Dictionary<string, List<string>> _fields = new(StringComparer.OrdinalIgnoreCase);

    private UploadSpool(string dir) => _dir = dir;

    public IReadOnlyList<SpooledFile> Files => _files;

    public string? Field(string name) => _fields.TryGetValue(name, out var values) ? values[0] : null;

    /// <summary>Every value of a repeated field (e.g. checkboxes), in the order sent.</summary>
    public IReadOnlyList<string> Fields(string name) => _fields.TryGetValue(name, out var values) ? values : [];

    /// <summary>
    /// Reads the whole multipart body. <paramref name="onField"/> runs as each text field arrives, so a
    /// caller can validate an antiforgery token (sent before the files) before any file byte is written;
    /// <paramref name="filesAllowed"/>, when given, must say yes before a file section is read.
    /// </summary>
    public static async Task<UploadSpool> ReadAsync(HttpRequest request, UploadLimits limits,
        Func<string, string, Task>? onField, Func<bool>? filesAllowed, CancellationToken cancel)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            throw new BadUploadException("the upload must be multipart/form-data");
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 200) throw new BadUploadException("the multipart boundary is missing or too long");

        var dir = Path.Combine(limits.SpoolDir, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var spool = new UploadSpool(dir);
        try
        {
            var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
            while (await reader.ReadNextSectionAsync(cancel) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                    throw new BadUploadException("a part of the upload has no form-data disposition");
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (disposition.IsFileDisposition())
                {
                    var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
                    if (filesAllowed is not null && !filesAllowed())
                        throw new Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException("the form's token must come before its files");
                    if (fileName.Length == 0) continue; // a file input left empty
                    if (spool._files.Count >= limits.MaxFiles)
                        throw new UploadTooLargeException($"a request holds at most {limits.MaxFiles} files (airlock.maxFilesPerRequest)");
                    spool._files.Add(await spool.WriteFileAsync(Path.GetFileName(fileName.Replace('\\', '/')), section.Body, limits.MaxFileBytes, cancel));
                }
                else
                {
                    var value = await ReadFieldAsync(section.Body, cancel);
                    if (!spool._fields.TryGetValue(name, out var values)) spool._fields[name] = values = [];
                    if (values.Count >= limits.MaxFiles) throw new BadUploadException($"too many '{name}' fields");
                    values.Add(value);
                    if (onField is not null) await onField(name, value);
                }
            }
            return spool;
        }
        catch
        {
            spool.Dispose();
            throw;
        }
    }

    private async Task<SpooledFile> WriteFileAsync(string name, Stream body, long maxFileBytes, CancellationToken cancel)
    {
        var path = Path.Combine(_dir, _files.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        long total = 0;
        var buffer = new byte[81920];
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
        {
            int read;
            while ((read = await body.ReadAsync(buffer, cancel)) > 0)
            {
                total += read;
                if (total > maxFileBytes) throw new UploadTooLargeException($"{name} is larger than the limit of {maxFileBytes:N0} bytes per file");
                await file.WriteAsync(buffer.AsMemory(0, read), cancel);
            }
        }
        return new SpooledFile(name, path, total);
    }

    private static async Task<string> ReadFieldAsync(Stream body, CancellationToken cancel)
    {
        using var reader = new StreamReader(body, System.Text.Encoding.UTF8);
        var buffer = new char[MaxFieldChars + 1];
        var length = 0;
        int read;
        while (length <= MaxFieldChars && (read = await reader.ReadAsync(buffer.AsMemory(length), cancel)) > 0) length += read;
        if (length > MaxFieldChars) throw new BadUploadException($"a form field is longer than {MaxFieldChars:N0} characters");
        return new string(buffer, 0, length);
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover spool folder holds no released file; the next start clears the spool root.
        }
    }
}

/// <summary>One uploaded file, written to the spool: its name as sent (folders dropped), where it is, its size.</summary>
public sealed record SpooledFile(string Name, string Path, long Bytes);

/// <summary>An upload that is larger than a limit (HTTP 413).</summary>
public sealed class UploadTooLargeException(string message) : Exception(message);

/// <summary>An upload that is not a well-formed form (HTTP 400).</summary>
public sealed class BadUploadException(string message) : Exception(message);
