using System.Buffers.Binary;
using Egress.Formats.Content;

namespace Egress.Formats.Pictures;

/// <summary>
/// BMP ("BM" with a known header size): an uncompressed bitmap is clean when its headers, palette and
/// pixel rows account for every byte; compressed or unusual bitmaps are not checked further.
/// </summary>
public sealed class BmpReader : IContentReader
{
    public string Format => "bmp";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) =>
        head.Length >= 18 && head[0] == (byte)'B' && head[1] == (byte)'M'
        && BinaryPrimitives.ReadUInt32LittleEndian(head[14..]) is 12 or 40 or 52 or 56 or 64 or 108 or 124;

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var bytes = source.ReadAll(context);
        var picture = new PictureInspection(path, Format);
        var trailing = Check(bytes.Span, picture);
        if (trailing < bytes.Length && !PictureInspection.IsPadding(bytes.Span[(int)trailing..]))
            yield return picture.Payload("after-pixels", bytes[(int)trailing..], $"{bytes.Length - trailing:N0} bytes after the pixel rows");
        foreach (var part in picture.Close(bytes.Length)) yield return part;
    }

    /// <summary>Checks the headers; returns where the pixel rows end (the file's length when that is unknown).</summary>
    private static long Check(ReadOnlySpan<byte> b, PictureInspection picture)
    {
        if (b.Length < 26)
        {
            picture.Damaged("the file ends inside its header");
            return b.Length;
        }
        var declared = BinaryPrimitives.ReadUInt32LittleEndian(b[2..]);
        var reserved = BinaryPrimitives.ReadUInt32LittleEndian(b[6..]);
        var pixels = BinaryPrimitives.ReadUInt32LittleEndian(b[10..]);
        var dib = BinaryPrimitives.ReadUInt32LittleEndian(b[14..]);
        if (reserved != 0) picture.Beyond("the header's reserved bytes are used");
        if (declared != b.Length) picture.Damaged($"the header gives a size of {declared:N0} bytes for a file of {b.Length:N0}");
        if (dib == 12 || b.Length < 14 + dib)
        {
            picture.Beyond("an old-style or truncated bitmap header, not checked");
            return b.Length;
        }
        var width = BinaryPrimitives.ReadInt32LittleEndian(b[18..]);
        var height = BinaryPrimitives.ReadInt32LittleEndian(b[22..]);
        var bpp = BinaryPrimitives.ReadUInt16LittleEndian(b[28..]);
        var compression = BinaryPrimitives.ReadUInt32LittleEndian(b[30..]);
        var colours = BinaryPrimitives.ReadUInt32LittleEndian(b[46..]);
        if (compression is not (0 or 3) || width <= 0 || height == 0 || bpp is not (1 or 4 or 8 or 16 or 24 or 32))
        {
            picture.Beyond("a compressed or unusual bitmap, not checked");
            return b.Length;
        }
        var palette = bpp <= 8 ? 4L * (colours == 0 ? 1L << bpp : colours) : 4L * colours;
        var masks = compression == 3 && dib == 40 ? 12 : 0;
        var headers = 14 + dib + masks + palette;
        if (pixels < headers || pixels - headers > 16) picture.Beyond($"{(long)pixels - headers:N0} bytes between the headers and the pixels");
        var rows = ((long)width * bpp + 31) / 32 * 4 * Math.Abs((long)height);
        if (pixels + rows > b.Length)
        {
            picture.Damaged("the pixel rows run past the end of the file");
            return b.Length;
        }
        return pixels + rows;
    }
}
