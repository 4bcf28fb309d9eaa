using Egress.Formats.Content;
using Xunit;

namespace Egress.Tests.Formats.Pictures;

public class JpegReaderTests
{
    [Fact]
    public void A_plain_jpeg_is_a_clean_picture()
    {
        var parts = PictureParts.Of(JpegFile.Build(), "fig.jpg");
        var image = Assert.Single(parts);
        Assert.True(Assert.IsType<ImagePart>(image).Clean, PictureParts.Describe(parts));
        Assert.Equal("jpeg", ((ImagePart)image).Format);
    }

    [Fact]
    public void A_comment_is_scanned()
    {
        var parts = PictureParts.Of(JpegFile.Build([JpegFile.Comment("Created with GIMP")]), "fig.jpg");
        Assert.Equal("Created with GIMP", PictureParts.TextAt(parts, "fig.jpg#COM"));
        Assert.True(PictureParts.Image(parts, "fig.jpg").Clean);
    }

    [Fact]
    public void Exif_strings_and_user_comment_are_scanned()
    {
        var exif = ExifData.Build(new Dictionary<ushort, string> { [0x010E] = "Figure 2", [0x013B] = "A. Researcher", [0x010F] = "Canon" }, "note 42");
        var parts = PictureParts.Of(JpegFile.Build([JpegFile.Exif(exif)]), "fig.jpg");
        var text = PictureParts.TextAt(parts, "fig.jpg#APP1:Exif");
        Assert.Contains("ImageDescription: Figure 2", text);
        Assert.Contains("Artist: A. Researcher", text);
        Assert.Contains("Make: Canon", text);
        Assert.Contains("UserComment: note 42", text);
        Assert.True(PictureParts.Image(parts, "fig.jpg").Clean, PictureParts.Describe(parts));
    }

    [Fact]
    public void Xmp_is_scanned()
    {
        var xmp = JpegFile.Segment(0xE1, [.. "http://ns.adobe.com/xap/1.0/\0"u8, .. "<x:xmpmeta><dc:title>Plot 7</dc:title></x:xmpmeta>"u8]);
        var parts = PictureParts.Of(JpegFile.Build([xmp]), "fig.jpg");
        Assert.Contains("Plot 7", PictureParts.TextAt(parts, "fig.jpg#APP1:XMP"));
    }

    [Fact]
    public void Bytes_after_EOI_are_a_new_file()
    {
        var parts = PictureParts.Of(JpegFile.Build(trailing: "x,y\n1,2\n"u8.ToArray()), "fig.jpg");
        Assert.Equal("x,y\n1,2\n", PictureParts.TextAt(parts, "fig.jpg#after-EOI"));
        Assert.False(PictureParts.Image(parts, "fig.jpg").Clean);
    }

    [Fact]
    public void An_unknown_application_segment_is_a_payload()
    {
        var parts = PictureParts.Of(JpegFile.Build([JpegFile.Segment(0xEB, "payload,1,2,3\n"u8.ToArray())]), "fig.jpg");
        Assert.Equal("payload,1,2,3\n", PictureParts.TextAt(parts, "fig.jpg#APP11"));
        Assert.False(PictureParts.Image(parts, "fig.jpg").Clean);
    }

    [Fact]
    public void Stuffed_bytes_and_restart_markers_in_the_scan_are_stepped_over()
    {
        // FF00 is a data byte; FFD0–FFD7 restart; FFFF fill before a marker. None ends the scan.
        byte[] scan = [0x3F, 0xFF, 0x00, 0x12, 0xFF, 0xD0, 0x3F, 0xFF, 0xFF, 0xD1, 0x3F];
        var parts = PictureParts.Of(JpegFile.Build(scan: scan, trailing: null), "fig.jpg");
        Assert.True(PictureParts.Image(parts, "fig.jpg").Clean, PictureParts.Describe(parts));
    }

    [Fact]
    public void A_colour_profile_in_app2_is_checked()
    {
        var profile = IccBytes();
        var segment = JpegFile.Segment(0xE2, [.. "ICC_PROFILE\0"u8, 1, 1, .. profile]);
        var parts = PictureParts.Of(JpegFile.Build([segment]), "fig.jpg");
        Assert.True(PictureParts.Image(parts, "fig.jpg").Clean, PictureParts.Describe(parts));
        Assert.Contains("sRGB test", PictureParts.TextAt(parts, "fig.jpg#APP2:ICC"));
        profile[^1] = 1;
        byte[] longer = [.. profile, .. "extra hidden bytes that no tag refers to, enough of them to matter"u8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(longer, (uint)longer.Length);
        var tampered = PictureParts.Of(JpegFile.Build([JpegFile.Segment(0xE2, [.. "ICC_PROFILE\0"u8, 1, 1, .. longer])]), "fig.jpg");
        Assert.False(PictureParts.Image(tampered, "fig.jpg").Clean);
    }

    /// <summary>A minimal ICC profile: header, one 'desc' tag.</summary>
    internal static byte[] IccBytes()
    {
        byte[] desc = [.. "desc"u8, 0, 0, 0, 0, 0, 0, 0, 9, .. "sRGB test"u8, 0, 0, 0];
        var profile = new byte[128 + 4 + 12 + desc.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(profile, (uint)profile.Length);
        "acsp"u8.CopyTo(profile.AsSpan(36));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(profile.AsSpan(128), 1);
        "desc"u8.CopyTo(profile.AsSpan(132));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(profile.AsSpan(136), 144);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(profile.AsSpan(140), (uint)desc.Length);
        desc.CopyTo(profile, 144);
        return profile;
    }

    [Fact]
    public void Every_truncation_gets_a_verdict_and_is_never_clean()
    {
        var jpeg = JpegFile.Build([JpegFile.Comment("c"), JpegFile.Exif(ExifData.Build(new Dictionary<ushort, string> { [0x010E] = "d" }, "u"))]);
        for (var length = 3; length < jpeg.Length; length++)
            Assert.Contains(PictureParts.Of(jpeg[..length], "fig.jpg"), PictureParts.Withheld);
    }

    [Fact]
    public void Corrupt_bytes_anywhere_never_crash()
    {
        var jpeg = JpegFile.Build([JpegFile.Comment("c"), JpegFile.Exif(ExifData.Build(new Dictionary<ushort, string> { [0x010E] = "d" }, "u"))]);
        var random = new Random(5);
        for (var i = 0; i < 2000; i++)
        {
            var copy = (byte[])jpeg.Clone();
            for (var k = 0; k < 1 + i % 4; k++) copy[3 + random.Next(copy.Length - 3)] = (byte)random.Next(256);
            Assert.Contains(PictureParts.Of(copy, "fig.jpg"), p => p is ImagePart or Notice or OpaquePart);
        }
    }
}
