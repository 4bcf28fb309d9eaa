using System.Buffers.Binary;
using Egress.Formats.Content;
using Xunit;

namespace Egress.Tests.Formats.Pictures;

public class OtherPictureReaderTests
{
    private static byte[] Gif(byte[]? extensions = null, byte[]? trailing = null)
    {
        var gif = new List<byte>();
        gif.AddRange("GIF89a"u8.ToArray());
        gif.AddRange([2, 0, 2, 0, 0x80, 0, 0]);
        gif.AddRange([0, 0, 0, 255, 255, 255]);
        gif.AddRange(extensions ?? []);
        gif.AddRange([0x2C, 0, 0, 0, 0, 2, 0, 2, 0, 0, 2, 2, 0x44, 0x01, 0]);
        gif.Add(0x3B);
        gif.AddRange(trailing ?? []);
        return [.. gif];
    }

    [Fact]
    public void A_gif_is_walked_and_its_comment_scanned()
    {
        byte[] comment = [0x21, 0xFE, 11, .. "hello 12345"u8, 0];
        var parts = PictureParts.Of(Gif(comment), "anim.gif");
        Assert.Equal("hello 12345", PictureParts.TextAt(parts, "anim.gif#comment"));
        Assert.True(PictureParts.Image(parts, "anim.gif").Clean, PictureParts.Describe(parts));
        var after = PictureParts.Of(Gif(trailing: "a,b\n1,2\n"u8.ToArray()), "anim.gif");
        Assert.Equal("a,b\n1,2\n", PictureParts.TextAt(after, "anim.gif#after-trailer"));
        Assert.False(PictureParts.Image(after, "anim.gif").Clean);
    }

    [Fact]
    public void A_bmp_whose_bytes_are_all_accounted_for_is_clean()
    {
        var bmp = new byte[54 + 4 * 2];
        "BM"u8.CopyTo(bmp);
        BinaryPrimitives.WriteUInt32LittleEndian(bmp.AsSpan(2), (uint)bmp.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(bmp.AsSpan(10), 54);
        BinaryPrimitives.WriteUInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), 1);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(bmp.AsSpan(26), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(bmp.AsSpan(28), 24);
        Assert.True(PictureParts.Image(PictureParts.Of(bmp, "p.bmp"), "p.bmp").Clean);
        byte[] longer = [.. bmp, .. "1,2,3\n"u8];
        BinaryPrimitives.WriteUInt32LittleEndian(longer.AsSpan(2), (uint)longer.Length);
        var parts = PictureParts.Of(longer, "p.bmp");
        Assert.Equal("1,2,3\n", PictureParts.TextAt(parts, "p.bmp#after-pixels"));
        Assert.False(PictureParts.Image(parts, "p.bmp").Clean);
    }

    [Fact]
    public void A_tiff_has_its_tags_read_and_is_never_clean()
    {
        var tiff = ExifData.Build(new Dictionary<ushort, string> { [0x010E] = "scan 9" });
        var parts = PictureParts.Of(tiff, "scan.tif");
        Assert.Contains("ImageDescription: scan 9", PictureParts.TextAt(parts, "scan.tif#tags"));
        Assert.False(PictureParts.Image(parts, "scan.tif").Clean);
    }

    [Fact]
    public void A_webp_is_walked_by_its_chunks()
    {
        static byte[] Chunk(string type, byte[] data) => [.. System.Text.Encoding.ASCII.GetBytes(type), .. BitConverter.GetBytes(data.Length), .. data, .. data.Length % 2 == 1 ? new byte[1] : []];
        byte[] body = [.. "WEBP"u8, .. Chunk("VP8L", new byte[10]), .. Chunk("XMP ", "<x>title 5</x>"u8.ToArray()), .. Chunk("prVt", "a,b\n"u8.ToArray())];
        byte[] webp = [.. "RIFF"u8, .. BitConverter.GetBytes(body.Length), .. body];
        var parts = PictureParts.Of(webp, "fig.webp");
        Assert.Contains("title 5", PictureParts.TextAt(parts, "fig.webp#XMP"));
        Assert.Equal("a,b\n", PictureParts.TextAt(parts, "fig.webp#prVt"));
        Assert.False(PictureParts.Image(parts, "fig.webp").Clean);
    }

    [Fact]
    public void Truncated_gif_bmp_webp_and_tiff_are_never_clean()
    {
        foreach (var (file, name) in new[] { (Gif([0x21, 0xFE, 3, .. "abc"u8, 0]), "a.gif"), (ExifData.Build(new Dictionary<ushort, string> { [0x010E] = "scan 9" }, "c"), "a.tif") })
            for (var length = 4; length < file.Length; length++)
                Assert.Contains(PictureParts.Of(file[..length], name), p => PictureParts.Withheld(p) || p is TextPart);
    }
}
