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
        // Raw deflate has no magic: it is a guess, and a guess must not swallow what follows the stream
        // (a few bytes of text can inflate as a short stream). Everything after the end is read too.
        var data = source.ReadAll(context);
        var (output, outcome) = Egress.Formats.Compression.ZlibInflation.InflateToArray(data, context.Limits.MaxInMemoryBytes, context, raw: true);
        yield return new EmbeddedFile(path + "/(inflated)", new MemorySource(output));
        if (outcome.TrailingBytes > 0)
            yield return new EmbeddedFile(path + "#after-deflate", new MemorySource(data[^(int)Math.Min(outcome.TrailingBytes, data.Length)..]));
        if (outcome.Error is { } error) yield return new Notice(path, NoticeKind.Corrupt, $"a deflate stream that does not decode ({error})");
        else if (!outcome.Ended) yield return new Notice(path, NoticeKind.Corrupt, "a deflate stream that ends early");
    }
}
