using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Egress.Formats.Content;
using Xunit;
using ContainersTarReader = Egress.Formats.Containers.TarReader;

namespace Egress.Tests.Formats.Containers;

public class TarReaderTests
{
    private const string Table = "group,count\nA,12\nB,15\n";

    /// <summary>A tar written by .NET's own writer in the given format.</summary>
    private static byte[] RealTar(TarEntryFormat format, params (string Name, string? Text, TarEntryType Type, string? Link)[] entries)
    {
        var output = new MemoryStream();
        using (var writer = new TarWriter(output, format, leaveOpen: true))
            foreach (var (name, text, type, link) in entries)
            {
                TarEntry entry = format switch
                {
                    TarEntryFormat.Pax => new PaxTarEntry(type, name),
                    TarEntryFormat.Gnu => new GnuTarEntry(type, name),
                    TarEntryFormat.Ustar => new UstarTarEntry(type, name),
                    _ => new V7TarEntry(type == TarEntryType.RegularFile ? TarEntryType.V7RegularFile : type, name),
                };
                if (text is not null) entry.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text));
                if (link is not null) entry.LinkName = link;
                writer.WriteEntry(entry);
            }
        return output.ToArray();
    }

    private static (string, string?, TarEntryType, string?) File(string name, string text) => (name, text, TarEntryType.RegularFile, null);

    [Theory]
    [InlineData(TarEntryFormat.Ustar)]
    [InlineData(TarEntryFormat.Pax)]
    [InlineData(TarEntryFormat.Gnu)]
    public void Regular_files_become_files_read_again_and_folders_and_links_carry_no_content(TarEntryFormat format)
    {
        var bytes = RealTar(format,
            ("tables/", null, TarEntryType.Directory, null),
            File("tables/a.csv", Table),
            ("tables/latest.csv", null, TarEntryType.SymbolicLink, "a.csv"),
            File("notes.txt", "counts ≥ 10\n"));
        var parts = Unpack.Bytes(bytes, "out.tar");
        Assert.Equal(["out.tar/tables/a.csv", "out.tar/notes.txt"], parts.Select(p => p.Path));
        Assert.Equal(Table, Unpack.Text(parts[0]));
        Assert.Equal("counts ≥ 10\n", Unpack.Text(parts[1]));
    }

    [Theory]
    [InlineData(TarEntryFormat.Pax)]
    [InlineData(TarEntryFormat.Gnu)]
    public void Long_names_from_pax_and_gnu_headers_name_the_entry(TarEntryFormat format)
    {
        var name = string.Join('/', Enumerable.Repeat("a-rather-long-folder-name", 8)) + "/table.csv";
        var parts = Unpack.Bytes(RealTar(format, File(name, Table)), "out.tar");
        Assert.Equal("out.tar/" + name, Assert.IsType<TextPart>(Assert.Single(parts)).Path);
    }

    [Fact]
    public void A_v7_tar_without_the_ustar_magic_is_recognised_by_its_checksum()
    {
        var bytes = RealTar(TarEntryFormat.V7, File("a.csv", Table));
        Assert.False(bytes.AsSpan(257, 5).SequenceEqual("ustar"u8));
        Assert.Equal(Table, Unpack.Text(Unpack.Single<TextPart>(Unpack.Bytes(bytes, "old.tar"), "old.tar/a.csv")));
    }

    [Fact]
    public void A_tar_gz_is_read_through_the_gzip_layer()
    {
        var tar = RealTar(TarEntryFormat.Pax, File("a.csv", Table));
        var gzip = new MemoryStream();
        using (var gz = new GZipStream(gzip, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(tar);
        var parts = Unpack.Bytes(gzip.ToArray(), "out.tar.gz");
        Assert.Equal(Table, Unpack.Text(Unpack.Single<TextPart>(parts, "out.tar.gz/out.tar/a.csv")));
        Assert.Equal("out.tgz/out.tar/a.csv", Assert.Single(Unpack.Bytes(gzip.ToArray(), "out.tgz")).Path);
    }

    [Theory]
    [InlineData("../../etc/passwd", "climbs out")]
    [InlineData("/abs/data.csv", "absolute")]
    [InlineData("C:\\x\\data.csv", "drive letter")]
    public void Names_that_escape_their_folder_are_reported_and_the_content_still_read(string name, string reason)
    {
        var parts = Unpack.Bytes(new TarBuilder().File(name, Table).Build(), "x.tar");
        var notice = Unpack.Single<Notice>(parts, "x.tar/" + name);
        Assert.Equal(NoticeKind.PathTraversal, notice.Kind);
        Assert.Contains(reason, notice.Message);
        Assert.Equal(Table, Unpack.Text(Unpack.Single<TextPart>(parts, "x.tar/" + name)));
    }

    [Fact]
    public void Links_pointing_out_of_the_archive_are_reported_and_others_are_not()
    {
        var bytes = new TarBuilder()
            .Entry("data/up.csv", [], type: '2', link: "../../../etc/shadow")
            .Entry("data/abs.csv", [], type: '2', link: "/etc/shadow")
            .Entry("data/hard.csv", [], type: '1', link: "../outside.csv")
            .Entry("data/fine.csv", [], type: '2', link: "../data/a.csv")
            .Entry("data/also-fine.csv", [], type: '1', link: "data/a.csv")
            .Build();
        var parts = Unpack.Bytes(bytes, "x.tar");
        var flagged = parts.OfType<Notice>().Where(n => n.Kind == NoticeKind.PathTraversal).Select(n => n.Path).ToList();
        Assert.Equal(["x.tar/data/up.csv", "x.tar/data/abs.csv", "x.tar/data/hard.csv"], flagged);
        Assert.True(ContainersTarReader.LinkEscapes("a/b/c", "../../x", symbolic: true) is false);
        Assert.True(ContainersTarReader.LinkEscapes("a/b/c", "../../../x", symbolic: true));
    }

    [Fact]
    public void Bytes_after_the_end_marker_are_read_and_zero_padding_is_not()
    {
        var hidden = new TarBuilder().File("a.csv", Table).Build().Concat("1000001,1000002\n"u8.ToArray()).ToArray();
        Assert.Equal("1000001,1000002\n", Unpack.Text(Unpack.Single<TextPart>(Unpack.Bytes(hidden, "x.tar"), "x.tar#after-end")));
        var padded = new TarBuilder().File("a.csv", Table).Raw(new byte[8192]).Build();
        Assert.Single(Unpack.Bytes(padded, "x.tar"));
    }

    [Fact]
    public void Data_carried_by_a_link_or_folder_entry_is_read()
    {
        var bytes = new TarBuilder().Entry("folder/", Encoding.UTF8.GetBytes(Table), type: '5').Build();
        Assert.Equal(Table, Unpack.Text(Assert.Single(Unpack.Bytes(bytes, "x.tar"))));
    }

    [Fact]
    public void Pax_values_other_than_metadata_are_scanned_as_text()
    {
        var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "a.csv", new Dictionary<string, string> { ["comment"] = "1000001 1000002 1000003" })
            {
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(Table)),
            };
            writer.WriteEntry(entry);
        }
        var parts = Unpack.Bytes(output.ToArray(), "x.tar");
        var pax = parts.OfType<TextPart>().Single(p => p.Path.StartsWith("x.tar#pax@"));
        Assert.Equal("comment=1000001 1000002 1000003\n", Unpack.Text(pax));
        Unpack.Single<TextPart>(parts, "x.tar/a.csv");
    }

    [Fact]
    public void Per_participant_bulk_files_are_individual_level_and_still_read()
    {
        var parts = Unpack.Bytes(new TarBuilder().File("ecg/1234567_6025_2_0.xml", "<ecg/>\n").File("summary.csv", Table).Build(), "x.tar");
        var bulk = Assert.Single(parts.OfType<IndividualLevelPart>());
        Assert.Equal("x.tar/ecg/1234567_6025_2_0.xml", bulk.Path);
        Assert.Equal("per-participant bulk file name (field 6025)", bulk.Reason);
        Unpack.Single<TextPart>(parts, "x.tar/ecg/1234567_6025_2_0.xml");
    }

    [Fact]
    public void A_damaged_header_stops_the_walk_with_a_notice_after_what_was_read()
    {
        var bytes = new TarBuilder().File("a.csv", Table).File("b.csv", Table).Build();
        bytes[1024 + 10] ^= 0x55; // inside the second header's name: its checksum no longer holds
        var parts = Unpack.Bytes(bytes, "x.tar");
        Assert.Equal("x.tar/a.csv", parts[0].Path);
        var notice = Assert.IsType<Notice>(parts[1]);
        Assert.Equal(NoticeKind.Corrupt, notice.Kind);
        Assert.Contains("checksum", notice.Message);
    }

    [Fact]
    public void A_size_far_past_the_end_is_reported_after_the_bytes_present_are_read()
    {
        var header = TarBuilder.Header("big.csv", 0);
        // GNU base-256: a terabyte.
        Array.Clear(header, 124, 12);
        header[124] = 0x80;
        header[130] = 0x01;
        TarBuilder.SetChecksum(header);
        var bytes = new TarBuilder().Raw(header).Raw(Encoding.UTF8.GetBytes(Table)).Build(endMarker: false);
        var parts = Unpack.Bytes(bytes, "x.tar");
        Assert.StartsWith(Table, Unpack.Text(Unpack.Single<TextPart>(parts, "x.tar/big.csv")));
        Assert.Contains("ends inside this entry", Unpack.Single<Notice>(parts, "x.tar/big.csv").Message);
    }

    [Fact]
    public void A_tar_cut_anywhere_is_reported_damaged_and_never_throws()
    {
        var bytes = new TarBuilder().File("a.csv", string.Concat(Enumerable.Repeat(Table, 40))).File("b.csv", Table).Build();
        // Up to the end marker: a cut inside the marker loses only zeros.
        for (var cut = 512; cut < bytes.Length - 1024; cut += 97)
        {
            var parts = Unpack.Bytes(bytes[..cut], "cut.tar");
            Assert.True(parts.Any(p => p is Notice { Kind: NoticeKind.Corrupt }), $"cut at {cut}: {Unpack.Describe(parts)}");
        }
        // Exactly at a header boundary, without the end marker.
        var boundary = Unpack.Bytes(bytes[..(512 + 1024)], "cut.tar");
        Assert.Contains(boundary, p => p is Notice { Kind: NoticeKind.Corrupt } n && n.Message.Contains("end-of-archive marker"));
    }

    [Fact]
    public void A_block_of_text_is_not_taken_for_a_tar()
    {
        var text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("0123456 ", 200)));
        Assert.False(new ContainersTarReader().Recognizes(text, new MemorySource(text)));
    }
}
