using System.IO.Compression;

namespace Egress.Tests.Formats.Containers;

/// <summary>
/// A raw deflate stream of many zeros, written without compressing them: one megabyte of zeros is
/// compressed once and flushed to a byte boundary, and that piece is repeated (each copy only refers
/// back into zeros). Gigabytes of expansion for a few megabytes written, in milliseconds.
/// </summary>
internal static class DeflateZeros
{
    public const int Chunk = 1 << 20;

    public static void Write(Stream output, long megabytes)
    {
        var compressed = new MemoryStream();
        var deflate = new DeflateStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true);
        var zeros = new byte[Chunk];
        deflate.Write(zeros);
        deflate.Flush();
        var first = compressed.ToArray();
        deflate.Write(zeros);
        deflate.Flush();
        var repeated = compressed.ToArray()[first.Length..];
        deflate.Dispose();
        output.Write(first);
        for (long i = 1; i < megabytes; i++) output.Write(repeated);
        // A final fixed-Huffman block holding only its end code.
        output.Write([0x03, 0x00]);
    }

    public static byte[] Bytes(long megabytes)
    {
        var output = new MemoryStream();
        Write(output, megabytes);
        return output.ToArray();
    }
}
