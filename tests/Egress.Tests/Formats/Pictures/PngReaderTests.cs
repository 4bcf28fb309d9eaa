using System.Buffers.Binary;
using Egress.Formats.Content;
using Xunit;

namespace Egress.Tests.Formats.Pictures;

public class PngReaderTests
{
    [Fact]
    public void A_plain_plot_is_a_clean_picture_with_its_software_text_scanned()
    {
        var parts = PictureParts.Of(PngFile.Build(before: [PngFile.Text("Software", "matplotlib version3.1.3, http://matplotlib.org/")]), "fig.png");
        Assert.Contains("matplotlib", PictureParts.TextAt(parts, "fig.png#tEXt:Software"));
        Assert.True(PictureParts.Image(parts, "fig.png").Clean, PictureParts.Describe(parts));
        Assert.Equal(2, parts.Count);
    }

    [Fact]
    public void Text_compressed_and_international_chunks_are_decoded()
    {
        var parts = PictureParts.Of(PngFile.Build(before:
        [
            PngFile.CompressedText("Comment", "zipped words 1234"),
            PngFile.InternationalText("Title", "Überschrift 5678", compress: true),
            PngFile.InternationalText("Author", "plain 91011", compress: false),
        ]), "fig.png");
        Assert.Equal("zipped words 1234", PictureParts.TextAt(parts, "fig.png#zTXt:Comment"));
        Assert.Equal("Überschrift 5678", PictureParts.TextAt(parts, "fig.png#iTXt:Title"));
        Assert.Equal("plain 91011", PictureParts.TextAt(parts, "fig.png#iTXt:Author"));
        Assert.True(PictureParts.Image(parts, "fig.png").Clean);
    }

    [Fact]
    public void Long_text_is_scanned_and_makes_the_picture_not_clean()
    {
        var table = string.Join("\n", Enumerable.Range(0, 200).Select(i => $"{i},{i * 3.7:F2},{i % 7}"));
        var parts = PictureParts.Of(PngFile.Build(before: [PngFile.Text("Comment", table)]), "fig.png");
        Assert.Equal(table, PictureParts.TextAt(parts, "fig.png#tEXt:Comment"));
        Assert.False(PictureParts.Image(parts, "fig.png").Clean);
    }

    [Fact]
    public void A_private_chunk_payload_is_read_as_a_file_and_the_picture_is_not_clean()
    {
        var parts = PictureParts.Of(PngFile.Build(before: [PngFile.Chunk("prVt", "a,b\n1,2\n3,4\n"u8.ToArray())]), "fig.png");
        Assert.Equal("a,b\n1,2\n3,4\n", PictureParts.TextAt(parts, "fig.png#prVt"));
        Assert.False(PictureParts.Image(parts, "fig.png").Clean);
    }

    [Fact]
    public void Bytes_after_IEND_are_a_new_file_sniffed_by_content()
    {
        var inner = PngFile.Build(before: [PngFile.Text("Comment", "inner picture")]);
        var parts = PictureParts.Of(PngFile.Build(trailing: inner), "fig.png");
        Assert.Equal("inner picture", PictureParts.TextAt(parts, "fig.png#after-IEND#tEXt:Comment"));
        Assert.False(PictureParts.Image(parts, "fig.png").Clean);
        Assert.True(PictureParts.Image(parts, "fig.png#after-IEND").Clean);
    }

    [Fact]
    public void Binary_after_IEND_is_opaque_and_zero_padding_is_nothing()
    {
        var noise = new byte[300];
        new Random(3).NextBytes(noise);
        var parts = PictureParts.Of(PngFile.Build(trailing: noise), "fig.png");
        Assert.Contains(parts, p => p is OpaquePart && p.Path == "fig.png#after-IEND");
        var padded = PictureParts.Of(PngFile.Build(trailing: new byte[64]), "fig.png");
        Assert.True(PictureParts.Image(padded, "fig.png").Clean, PictureParts.Describe(padded));
    }

    [Fact]
    public void A_wrong_crc_is_damage()
    {
        var png = PngFile.Build(before: [PngFile.Text("Software", "R")]);
        png[^20] ^= 0x55;
        var parts = PictureParts.Of(png, "fig.png");
        Assert.Contains(parts, p => p is Notice { Kind: NoticeKind.Corrupt } n && n.Message.Contains("CRC"));
        Assert.False(PictureParts.Image(parts, "fig.png").Clean);
    }

    [Fact]
    public void Bytes_hidden_after_the_compressed_image_data_are_found()
    {
        byte[] idat = [.. PngFile.Pixels(64, 48), .. "hidden,row\n1,2\n"u8];
        var parts = PictureParts.Of(PngFile.Build(idat: idat), "fig.png");
        Assert.Equal("hidden,row\n1,2\n", PictureParts.TextAt(parts, "fig.png#IDAT-trailing"));
        Assert.False(PictureParts.Image(parts, "fig.png").Clean);
    }

    [Fact]
    public void Image_data_that_does_not_fill_the_header_size_is_damage()
    {
        var parts = PictureParts.Of(PngFile.Build(width: 64, height: 48, idat: PngFile.Pixels(64, 40)), "fig.png");
        Assert.Contains(parts, p => p is Notice n && n.Message.Contains("header implies"));
        Assert.False(PictureParts.Image(parts, "fig.png").Clean);
    }

    [Fact]
    public void Extra_image_rows_beyond_the_header_are_not_clean()
    {
        var parts = PictureParts.Of(PngFile.Build(width: 64, height: 40, idat: PngFile.Pixels(64, 48)), "fig.png");
        Assert.False(PictureParts.Image(parts, "fig.png").Clean);
    }

    [Fact]
    public void An_interlaced_picture_is_checked_pass_by_pass()
    {
        const int width = 13, height = 11;
        var raw = new List<byte>();
        (int X0, int Y0, int Dx, int Dy)[] passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];
        foreach (var (x0, y0, dx, dy) in passes)
        {
            var w = (width - x0 + dx - 1) / dx;
            var h = (height - y0 + dy - 1) / dy;
            for (var r = 0; r < h && w > 0; r++) raw.AddRange(new byte[1 + 3 * w]);
        }
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 2;
        header[12] = 1;
        byte[] png = [.. PngFile.Signature, .. PngFile.Chunk("IHDR", header), .. PngFile.Chunk("IDAT", PngFile.Zlib([.. raw])), .. PngFile.Chunk("IEND", [])];
        var parts = PictureParts.Of(png, "fig.png");
        Assert.True(PictureParts.Image(parts, "fig.png").Clean, PictureParts.Describe(parts));
    }

    [Fact]
    public void Exif_text_is_scanned()
    {
        var exif = ExifData.Build(new Dictionary<ushort, string> { [0x010E] = "mean 3.21 (sd 0.77)", [0x0131] = "ggplot2" }, "a note");
        var parts = PictureParts.Of(PngFile.Build(before: [PngFile.Chunk("eXIf", exif)]), "fig.png");
        var text = PictureParts.TextAt(parts, "fig.png#eXIf");
        Assert.Contains("ImageDescription: mean 3.21 (sd 0.77)", text);
        Assert.Contains("Software: ggplot2", text);
        Assert.Contains("UserComment: a note", text);
        Assert.True(PictureParts.Image(parts, "fig.png").Clean, PictureParts.Describe(parts));
    }

    [Fact]
    public void A_header_claiming_a_gigantic_picture_hits_a_limit_without_allocating()
    {
        var png = PngFile.Build(width: int.MaxValue, height: int.MaxValue, idat: PngFile.Pixels(16, 16));
        var parts = PictureParts.Of(png, "fig.png");
        Assert.Contains(parts, p => p is Notice { Kind: NoticeKind.LimitReached });
    }

    [Fact]
    public void Every_truncation_gets_a_verdict_and_is_never_clean()
    {
        var png = PngFile.Build(width: 16, height: 8, before: [PngFile.Text("Software", "R"), PngFile.Chunk("pHYs", new byte[9])]);
        for (var length = 8; length < png.Length; length++)
        {
            var parts = PictureParts.Of(png[..length], "fig.png");
            Assert.Contains(parts, PictureParts.Withheld);
        }
    }

    [Fact]
    public void Corrupt_bytes_anywhere_never_crash()
    {
        var png = PngFile.Build(width: 16, height: 8, before: [PngFile.Text("Software", "R"), PngFile.Chunk("eXIf", ExifData.Build(new Dictionary<ushort, string> { [0x010E] = "x" }, "c"))]);
        var random = new Random(11);
        for (var i = 0; i < 2000; i++)
        {
            var copy = (byte[])png.Clone();
            for (var k = 0; k < 1 + i % 4; k++) copy[8 + random.Next(copy.Length - 8)] = (byte)random.Next(256);
            var parts = PictureParts.Of(copy, "fig.png");
            Assert.Contains(parts, p => p is ImagePart or Notice or OpaquePart);
        }
    }
}
