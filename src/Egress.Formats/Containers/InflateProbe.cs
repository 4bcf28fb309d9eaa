using System.IO.Compression;

namespace Egress.Formats.Containers;

/// <summary>
/// Tries to inflate the first bytes of a stream (bounded in input and output): a zlib header is two
/// bytes that text can have by chance ("x^"), and raw deflate has none, so content is only called
/// deflate when it inflates.
/// </summary>
internal static class InflateProbe
{
    private const int MaxOutput = 64 * 1024;

    /// <summary>The bytes the head inflates to (the head may end mid-stream), or null when it is not deflate.</summary>
    public static byte[]? Inflate(ReadOnlySpan<byte> head, bool zlib)
    {
        try
        {
            using var input = new MemoryStream(head.ToArray(), writable: false);
            using Stream inflater = zlib ? new ZLibStream(input, CompressionMode.Decompress) : new DeflateStream(input, CompressionMode.Decompress);
            var output = new byte[MaxOutput];
            var filled = 0;
            int n;
            while (filled < output.Length && (n = inflater.Read(output, filled, output.Length - filled)) > 0) filled += n;
            return filled == 0 ? null : output[..filled];
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
