using System.IO.Compression;
using Egress.Formats.Content;

namespace Egress.Formats.Containers;

/// <summary>
/// A zlib stream without a container (Python's zlib.compress, PDF and PNG use the same): header byte
/// 0x78 with a valid check (78 01, 78 5E, 78 9C, 78 DA), and it must inflate. The inflated bytes are
/// read again by content. A header that does not inflate is left to the opaque classifier.
/// </summary>
public sealed class ZlibReader : IContentReader
{
    public string Format => "zlib";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) =>
        head.Length >= 3 && head[0] == 0x78 && (head[0] << 8 | head[1]) % 31 == 0 && (head[1] & 0x20) == 0
        && InflateProbe.Inflate(head, zlib: true) is not null;

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        yield return new EmbeddedFile(path + "/(inflated)",
            new DerivedSource(() => new ZLibStream(source.Open(), CompressionMode.Decompress), null, context));
    }
}
