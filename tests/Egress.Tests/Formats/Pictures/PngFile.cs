using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Egress.Formats.Compression;

namespace Egress.Tests.Formats.Pictures;

/// <summary>Writes PNG files for tests: chunks with their CRCs, a zlib IDAT of filtered rows, text chunks.</summary>
public static class PngFile
{
    public static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Chunk(string type, byte[] data)
    {
        var typeBytes = Encoding.ASCII.GetBytes(type);
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        typeBytes.CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32.Compute(typeBytes, data));
        return chunk;
    }

    /// <summary>IHDR for an 8-bit RGB image.</summary>
    public static byte[] Header(int width, int height)
    {
        var data = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(data, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), (uint)height);
        data[8] = 8;
        data[9] = 2;
        return Chunk("IHDR", data);
    }

    /// <summary>Rows of a simple plot-like picture (white, with a diagonal line), filter type 0 or 1, zlib-compressed.</summary>
    public static byte[] Pixels(int width, int height)
    {
        var raw = new byte[height * (1 + 3 * width)];
        for (var y = 0; y < height; y++)
        {
            var row = y * (1 + 3 * width);
            raw[row] = (byte)(y % 2);
            for (var x = 0; x < width; x++)
            {
                var value = (byte)(x == y * width / height ? 0 : 255);
                for (var c = 0; c < 3; c++) raw[row + 1 + 3 * x + c] = y % 2 == 1 && x > 0 ? (byte)0 : value;
            }
        }
        return Zlib(raw);
    }

    public static byte[] Zlib(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true)) z.Write(raw);
        return output.ToArray();
    }

    public static byte[] Text(string keyword, string text) => Chunk("tEXt", [.. Encoding.Latin1.GetBytes(keyword), 0, .. Encoding.Latin1.GetBytes(text)]);

    public static byte[] CompressedText(string keyword, string text) =>
        Chunk("zTXt", [.. Encoding.Latin1.GetBytes(keyword), 0, 0, .. Zlib(Encoding.Latin1.GetBytes(text))]);

    public static byte[] InternationalText(string keyword, string text, bool compress) =>
        Chunk("iTXt", [.. Encoding.Latin1.GetBytes(keyword), 0, (byte)(compress ? 1 : 0), 0, .. "en"u8, 0, 0,
            .. compress ? Zlib(Encoding.UTF8.GetBytes(text)) : Encoding.UTF8.GetBytes(text)]);

    /// <summary>A whole PNG: header, the given chunks before the image data, the image data, IEND, then any trailing bytes.</summary>
    public static byte[] Build(int width = 64, int height = 48, IEnumerable<byte[]>? before = null, byte[]? idat = null, byte[]? trailing = null)
    {
        var file = new List<byte>(Signature);
        file.AddRange(Header(width, height));
        foreach (var chunk in before ?? []) file.AddRange(chunk);
        file.AddRange(Chunk("IDAT", idat ?? Pixels(width, height)));
        file.AddRange(Chunk("IEND", []));
        if (trailing is not null) file.AddRange(trailing);
        return [.. file];
    }
}
