using Egress.Formats.Content;

namespace Egress.Formats.Containers;

/// <summary>
/// gzip (by its magic 1F 8B), decompressed as it is read, every member held to its trailer: a cut file
/// is damage, not a shorter file. Comments and unknown extra fields in member headers are read as content.
/// </summary>
public sealed class GzipReader : IContentReader
{
    public string Format => "gzip";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) => head.Length >= 3 && head[0] == 0x1F && head[1] == 0x8B && head[2] == 8;

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var integrity = new GzipIntegrity();
        yield return new EmbeddedFile(path + "/" + InnerName(path),
            new DerivedSource(() => new CheckedGzipStream(source.Open(), integrity), null, context));
        // The content has been read by now (scanned, or unpacked further): say what reading it revealed.
        if (integrity.Problem is { } problem)
            yield return new Notice(path, NoticeKind.Corrupt, problem + "; the content before the damage was checked");
        foreach (var (where, bytes) in integrity.HeaderContents())
            yield return new EmbeddedFile(path + "#" + where, new MemorySource(bytes));
    }

    /// <summary>"data.csv.gz" holds "data.csv", "data.tgz" holds "data.tar"; otherwise the content is named after the layer.</summary>
    private static string InnerName(string path)
    {
        var name = path[(path.LastIndexOfAny(['/', '#']) + 1)..];
        if (name.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase) && name.Length > 4) return name[..^4] + ".tar";
        return name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) && name.Length > 3 ? name[..^3] : "(gunzipped)";
    }
}
