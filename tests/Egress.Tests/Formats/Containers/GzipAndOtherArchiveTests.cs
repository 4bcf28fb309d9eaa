using System.IO.Compression;
using System.Text;
using Egress.Formats.Containers;
using Egress.Formats.Content;
using Xunit;

namespace Egress.Tests.Formats.Containers;

public class GzipAndOtherArchiveTests
{
    private static readonly string Table = string.Concat(Enumerable.Range(0, 400).Select(i => $"row{i},{i * 7 % 13},{i * 3}\n"));

    private static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(data);
        return output.ToArray();
    }

    /// <summary>BGZF as bgzip writes it: gzip members of at most 64 KB with a "BC" extra field, then the empty end-of-file member.</summary>
    private static byte[] Bgzf(byte[] data)
    {
        var output = new MemoryStream();
        for (var at = 0; at < data.Length; at += 60_000)
        {
            var chunk = data.AsSpan(at, Math.Min(60_000, data.Length - at)).ToArray();
            var deflated = ZipBuilder.Deflate(chunk);
            output.Write([0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 0xff, 6, 0, (byte)'B', (byte)'C', 2, 0]);
            ZipBuilder.Write16(output, 18 + deflated.Length + 8 - 1);
            output.Write(deflated);
            ZipBuilder.Write32(output, Crc32.Of(chunk));
            ZipBuilder.Write32(output, (uint)chunk.Length);
        }
        output.Write([0x1f, 0x8b, 0x08, 0x04, 0, 0, 0, 0, 0, 0xff, 0x06, 0, 0x42, 0x43, 0x02, 0, 0x1b, 0, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        return output.ToArray();
    }

    private static (string Text, Exception? Error) ReadBack(List<Part> parts)
    {
        var text = parts.OfType<TextPart>().First();
        try { return (Unpack.Text(text), null); }
        catch (InvalidDataException e) { return ("", e); }
    }

    /// <summary>Damage shows either while sniffing (a notice) or when the content is read to its end (an error).</summary>
    private static bool Damaged(List<Part> parts) =>
        parts.Any(p => p is Notice { Kind: NoticeKind.Corrupt }) || ReadBack(parts).Error is not null;

    [Fact]
    public void A_whole_gzip_reads_back_in_full()
    {
        var (text, error) = ReadBack(Unpack.Bytes(Gzip(Encoding.UTF8.GetBytes(Table)), "t.csv.gz"));
        Assert.Null(error);
        Assert.Equal(Table, text);
    }

    [Fact]
    public void A_gzip_cut_anywhere_is_damage_not_a_shorter_file()
    {
        var bytes = Gzip(Encoding.UTF8.GetBytes(Table));
        for (var cut = 11; cut < bytes.Length; cut += Math.Max(1, bytes.Length / 40))
        {
            Assert.True(Damaged(Unpack.Bytes(bytes[..cut], "t.csv.gz")), $"cut at {cut} of {bytes.Length} read as a complete file");
        }
        // Cut inside the 8-byte trailer.
        Assert.True(Damaged(Unpack.Bytes(bytes[..^3], "t.csv.gz")));
    }

    [Fact]
    public void Every_member_of_concatenated_gzip_files_is_read_and_a_cut_in_the_last_is_damage()
    {
        var first = Encoding.UTF8.GetBytes(Table);
        var second = Encoding.UTF8.GetBytes(Table.ToUpperInvariant());
        var bytes = Gzip(first).Concat(Gzip(second)).ToArray();
        var parts = Unpack.Bytes(bytes, "two.csv.gz");
        Assert.False(Damaged(parts));
        Assert.Equal(Table + Table.ToUpperInvariant(), ReadBack(parts).Text);
        Assert.True(Damaged(Unpack.Bytes(bytes[..^5], "two.csv.gz")));
        // Empty members and zero padding after the last are fine.
        var padded = Gzip(first).Concat(Gzip([])).Concat(Gzip([])).Concat(new byte[512]).ToArray();
        Assert.False(Damaged(Unpack.Bytes(padded, "padded.csv.gz")));
    }

    [Fact]
    public void A_comment_in_a_gzip_header_is_read_as_content()
    {
        var plain = Gzip(Encoding.UTF8.GetBytes(Table));
        // Set FCOMMENT and put a comment after the 10-byte header.
        byte[] commented = [.. plain[..3], (byte)(plain[3] | 0x10), .. plain[4..10], .. "1000001 1000002\0"u8, .. plain[10..]];
        var parts = Unpack.Bytes(commented, "t.csv.gz");
        Assert.False(Damaged(parts));
        Assert.Equal("1000001 1000002", Unpack.Text(Unpack.Single<TextPart>(parts, "t.csv.gz#comment")));
    }

    [Fact]
    public void Bytes_appended_to_a_gzip_are_damage()
    {
        var bytes = Gzip(Encoding.UTF8.GetBytes(Table)).Concat("1000001,1000002\n"u8.ToArray()).ToArray();
        Assert.True(Damaged(Unpack.Bytes(bytes, "t.csv.gz")));
    }

    [Fact]
    public void A_bgzf_file_reads_back_in_full_and_cut_is_damage()
    {
        var data = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(Table, 30)));
        var bytes = Bgzf(data);
        Assert.True(CheckedGzipStream.IsBgzf(bytes));
        var (text, error) = ReadBack(Unpack.Bytes(bytes, "sumstats.tsv.gz"));
        Assert.Null(error);
        Assert.Equal(data.Length, Encoding.UTF8.GetByteCount(text));
        // Cut at a member boundary: every member is whole, only the end-of-file block is missing.
        Assert.True(Damaged(Unpack.Bytes(bytes[..^28], "sumstats.tsv.gz")));
    }

    [Theory]
    [InlineData(new byte[] { 0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C, 0, 4 }, "7z archive")]
    [InlineData(new byte[] { 0x52, 0x61, 0x72, 0x21, 0x1A, 0x07, 0x01, 0x00 }, "RAR archive")]
    [InlineData(new byte[] { 0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0, 4 }, "xz")]
    [InlineData(new byte[] { 0x42, 0x5A, 0x68, 0x39, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59, 1, 2 }, "bzip2")]
    [InlineData(new byte[] { 0x28, 0xB5, 0x2F, 0xFD, 0x24, 0x00 }, "Zstandard")]
    [InlineData(new byte[] { 0x04, 0x22, 0x4D, 0x18, 0x64, 0x40 }, "LZ4")]
    public void Archives_Egress_cannot_open_are_named_and_never_read_as_text(byte[] head, string kind)
    {
        var bytes = head.Concat(Encoding.ASCII.GetBytes("plain looking text after the magic\n")).ToArray();
        var notice = Assert.IsType<Notice>(Assert.Single(Unpack.Bytes(bytes, "results.csv")));
        Assert.Equal(NoticeKind.Unsupported, notice.Kind);
        Assert.Contains(kind, notice.Message);
        Assert.Contains("export its contents", notice.Message);
    }

    [Fact]
    public void Text_that_starts_like_bzip2_is_still_text()
    {
        var parts = Unpack.Bytes("BZh9 is not a header\n"u8.ToArray(), "notes.txt");
        Assert.IsType<TextPart>(Assert.Single(parts));
    }

    [Theory]
    [InlineData("1234567_20252_2_0.zip", "20252")]
    [InlineData("bulk/1234567_20209_2_0.dcm", "20209")]
    [InlineData("1000001_90001_0_0.cwa", "90001")]
    [InlineData("5999999_22002_0_0.tar.gz", "22002")]
    [InlineData("C:\\export\\2345678_6025_2_0.xml", "6025")]
    [InlineData("results_2023_1_0.csv", null)]
    [InlineData("12345_20252_2_0.zip", null)]
    [InlineData("1234567_20252_2.zip", null)]
    [InlineData("20230101_120000_1_0.log", null)]
    [InlineData("1234567_20252_2_0_backup.zip", null)]
    public void Per_participant_bulk_file_names_are_recognised_exactly(string name, string? field) =>
        Assert.Equal(field, PerParticipantFileName.FieldOf(name));
}
