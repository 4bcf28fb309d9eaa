using System.IO.Compression;
using Egress.Formats.Content;

namespace Egress.Formats.Containers;

/// <summary>
/// Raw deflate (no header at all: zip's entries are stored so, and zlib.compressobj(wbits=-15) writes
/// it): binary content that inflates into text. Random bytes do not inflate into text, so this is
/// asked last, only of content no other reader took.
/// </summary>
public sealed class RawDeflateReader : IContentReader
{
    public string Format => "deflate";

    /// <summary>A few random bytes can inflate into a few printable ones; 64 of each cannot by chance.</summary>
    private const int MinBytes = 64;

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) =>
        head.Length >= MinBytes && LayoutSniffer.LooksBinary(head)
        && InflateProbe.Inflate(head, zlib: false) is { Length: >= MinBytes } inflated && !LayoutSniffer.LooksBinary(inflated);

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        yield return new EmbeddedFile(path + "/(inflated)",
            new DerivedSource(() => new DeflateStream(source.Open(), CompressionMode.Decompress), null, context));
    }
}
