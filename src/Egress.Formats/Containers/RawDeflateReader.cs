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

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) =>
        head.Length >= 16 && LayoutSniffer.LooksBinary(head)
        && InflateProbe.Inflate(head, zlib: false) is { Length: >= 16 } inflated && !LayoutSniffer.LooksBinary(inflated);

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        yield return new EmbeddedFile(path + "/(inflated)",
            new DerivedSource(() => new DeflateStream(source.Open(), CompressionMode.Decompress), null, context));
    }
}
