using System.IO.Compression;

namespace Egress.Tests.Formats.Containers;

/// <summary>
/// A raw deflate stream of a long run of zeros (or of any pattern whose length divides a megabyte),
/// written without compressing it all: one megabyte is compressed once and flushed to a byte
/// boundary, and that piece is repeated (each copy only refers back into the same run). Gigabytes of
/// expansion for a few megabytes written, in milliseconds.
/// </summary>
internal static class DeflateZeros
{
    public const int Chunk = 1 << 20;

    public static void Write(Stream output, long megabytes, byte[]? pattern = null)
    {
        var run = new byte[Chunk];
        if (pattern is not null)
            for (var i = 0; i < Chunk; i++) run[i] = pattern[i % pattern.Length];
        var compressed = new MemoryStream();
        var deflate = new DeflateStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true);
        deflate.Write(run);
        deflate.Flush();
        var first = compressed.ToArray();
        deflate.Write(run);
        deflate.Flush();
        var repeated = compressed.ToArray()[first.Length..];
        deflate.Dispose();
        output.Write(first);
        for (long i = 1; i < megabytes; i++) output.Write(repeated);
        // A final fixed-Huffman block holding only its end code.
        output.Write([0x03, 0x00]);
    }

    public static byte[] Bytes(long megabytes, byte[]? pattern = null)
    {
        var output = new MemoryStream();
        Write(output, megabytes, pattern);
        return output.ToArray();
    }

    /// <summary>The same run as a gzip file (CRC left zero: nothing here checks it; the size in the trailer is right).</summary>
    public static byte[] Gzip(long megabytes, byte[]? pattern = null)
    {
        var output = new MemoryStream();
        output.Write([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
        Write(output, megabytes, pattern);
        ZipBuilder.Write32(output, 0u);
        ZipBuilder.Write32(output, (uint)(megabytes * Chunk));
        return output.ToArray();
    }
}
