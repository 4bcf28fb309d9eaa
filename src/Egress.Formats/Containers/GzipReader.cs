using System.IO.Compression;
using Egress.Formats.Content;

namespace Egress.Formats.Containers;

/// <summary>gzip (by its magic 1F 8B): one member stream, decompressed as it is read.</summary>
public sealed class GzipReader : IContentReader
{
    public string Format => "gzip";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) => head.Length >= 3 && head[0] == 0x1F && head[1] == 0x8B && head[2] == 8;

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        yield return new EmbeddedFile(path + "/" + InnerName(path),
            new DerivedSource(() => new GZipStream(source.Open(), CompressionMode.Decompress), null, context));
    }

    /// <summary>"data.csv.gz" holds "data.csv"; otherwise the content is named after the layer.</summary>
    private static string InnerName(string path)
    {
        var name = path[(path.LastIndexOfAny(['/', '#']) + 1)..];
        return name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) && name.Length > 3 ? name[..^3] : "(gunzipped)";
    }
}
