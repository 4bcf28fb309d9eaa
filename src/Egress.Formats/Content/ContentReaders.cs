using Egress.Formats.Containers;
using Egress.Formats.Fonts;
using Egress.Formats.TextEncodings;

namespace Egress.Formats.Content;

/// <summary>
/// Every reader, in the order they are asked: specific formats before the general ones they look like
/// (an XLSX is a zip, a notebook is JSON, an SVG is XML text).
/// </summary>
public static class ContentReaders
{
    public static IReadOnlyList<IContentReader> All() =>
    [
        new GzipReader(),
        new ZlibReader(),
        new FontReader(),
        // Fallbacks for content no specific format took; keep them last. Text in UTF-16/32 or an 8-bit
        // code page looks binary until transcoded; raw deflate has no magic and is tried on binary only.
        new UnicodeTextReader(),
        new EightBitTextReader(),
        new RawDeflateReader(),
    ];

    public static Unpacker Unpacker() => new(All());
}
