using System.IO.Compression;
using System.Text;
using Egress.Formats.Containers;
using Egress.Formats.Content;
using Xunit;

namespace Egress.Tests.Formats.Containers;

public class ZipReaderTests
{
    private const string Table = "group,count\nA,12\nB,15\n";

    private static byte[] RealZip(Action<ZipArchive> fill, Stream? target = null)
    {
        var output = target ?? new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true)) fill(zip);
        return output is MemoryStream m ? m.ToArray() : [];
    }

    private static void AddEntry(ZipArchive zip, string name, string text, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var s = zip.CreateEntry(name, level).Open();
        s.Write(Encoding.UTF8.GetBytes(text));
    }

    [Fact]
    public void Deflate_and_stored_entries_become_files_read_again_and_folders_are_skipped()
    {
        var bytes = RealZip(zip =>
        {
            zip.CreateEntry("tables/");
            AddEntry(zip, "tables/a.csv", Table);
            AddEntry(zip, "notes.txt", "all counts are at least 10\n", CompressionLevel.NoCompression);
        });
        var parts = Unpack.Bytes(bytes, "out.zip");
        Assert.Equal(["out.zip/tables/a.csv", "out.zip/notes.txt"], parts.Select(p => p.Path));
        Assert.All(parts, p => Assert.IsType<TextPart>(p));
        Assert.Equal(Table, Unpack.Text(parts[0]));
        Assert.Equal("all counts are at least 10\n", Unpack.Text(parts[1]));
    }

    [Fact]
    public void A_file_named_csv_that_is_a_zip_is_read_as_a_zip()
    {
        var bytes = new ZipBuilder().Add("inner.csv", Table).Build();
        var parts = Unpack.Bytes(bytes, "results.csv");
        Assert.Equal("results.csv/inner.csv", Assert.IsType<TextPart>(Assert.Single(parts)).Path);
    }

    [Fact]
    public void An_empty_archive_holds_nothing()
    {
        var bytes = RealZip(_ => { });
        Assert.Equal(22, bytes.Length);
        Assert.True(new ZipReader().Recognizes(bytes, new MemorySource(bytes)));
        Assert.Empty(Unpack.Bytes(bytes, "empty.zip"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_zip_behind_prepended_bytes_is_found_from_its_end_and_the_prepended_bytes_are_read(bool offsetsIncludePrefix)
    {
        var stub = Encoding.UTF8.GetBytes("MZ this stub pretends to be a program\n1000001,1000002,1000003\n");
        var bytes = new ZipBuilder { Prefix = stub, OffsetsIncludePrefix = offsetsIncludePrefix }.Add("a.csv", Table).Build();
        var parts = Unpack.Bytes(bytes, "setup.exe");
        Assert.Equal(Table, Unpack.Text(Unpack.Single<TextPart>(parts, "setup.exe/a.csv")));
        Assert.Equal(Encoding.UTF8.GetString(stub), Unpack.Text(Unpack.Single<TextPart>(parts, "setup.exe#before-first-entry")));
    }

    [Fact]
    public void Comments_appended_bytes_and_bytes_between_entries_are_read_as_content()
    {
        var bytes = new ZipBuilder
            {
                Comment = "archive comment 1\n"u8.ToArray(),
                Suffix = "appended 2\n"u8.ToArray(),
                BytesAfterFirstEntry = "hidden between 3\n"u8.ToArray(),
            }
            .Add(new ZipItem("a.csv", Table) { Comment = "entry comment 4\n"u8.ToArray() })
            .Add("b.csv", Table)
            .Build();
        var parts = Unpack.Bytes(bytes, "x.zip");
        Assert.Equal("archive comment 1\n", Unpack.Text(Unpack.Single<TextPart>(parts, "x.zip#comment")));
        Assert.Equal("appended 2\n", Unpack.Text(Unpack.Single<TextPart>(parts, "x.zip#after-end")));
        Assert.Equal("hidden between 3\n", Unpack.Text(parts.OfType<TextPart>().Single(p => p.Path.StartsWith("x.zip#unlisted-bytes@"))));
        Assert.Equal("entry comment 4\n", Unpack.Text(Unpack.Single<TextPart>(parts, "x.zip/a.csv#comment")));
    }

    [Fact]
    public void Payload_in_an_unknown_extra_field_is_read_but_known_fields_and_zero_padding_are_not()
    {
        byte[] unknown = [0x34, 0x12, 6, 0, .. "secret"u8];
        byte[] timestamp = [0x55, 0x54, 5, 0, 1, 0, 0, 0, 0];
        byte[] padding = [0, 0, 0];
        var bytes = new ZipBuilder()
            .Add(new ZipItem("a.csv", Table) { Extra = unknown })
            .Add(new ZipItem("b.csv", Table) { Extra = [.. timestamp, .. padding] })
            .Build();
        var parts = Unpack.Bytes(bytes, "x.zip");
        Assert.Equal("secret", Unpack.Text(Unpack.Single<TextPart>(parts, "x.zip/a.csv#extra-field")));
        Assert.DoesNotContain(parts, p => p.Path.StartsWith("x.zip/b.csv#"));
    }

    [Fact]
    public void Entries_written_as_a_stream_with_data_descriptors_are_read_and_leave_no_gaps()
    {
        var output = new NonSeekableStream();
        RealZip(zip =>
        {
            AddEntry(zip, "a.csv", Table);
            AddEntry(zip, "b.txt", "text\n", CompressionLevel.NoCompression);
        }, output);
        var parts = Unpack.Bytes(output.Written.ToArray(), "streamed.zip");
        Assert.Equal(["streamed.zip/a.csv", "streamed.zip/b.txt"], parts.Select(p => p.Path));
        Assert.Equal(Table, Unpack.Text(parts[0]));
    }

    [Fact]
    public void A_zip64_archive_is_read()
    {
        var bytes = new ZipBuilder { Zip64 = true }.Add("a.csv", Table).Add(new ZipItem("b.csv", Table) { Deflate = false }).Build();
        var parts = Unpack.Bytes(bytes, "big.zip");
        Assert.Equal(["big.zip/a.csv", "big.zip/b.csv"], parts.Select(p => p.Path));
        Assert.All(parts, p => Assert.Equal(Table, Unpack.Text(p)));
    }

    [Fact]
    public void Encrypted_entries_are_reported_as_encrypted_and_the_rest_is_read()
    {
        byte[] aes = [0x01, 0x99, 7, 0, 2, 0, (byte)'A', (byte)'E', 3, 8, 0];
        var bytes = new ZipBuilder()
            .Add(new ZipItem("secret.csv", Table) { Flags = 1 })
            .Add(new ZipItem("aes.csv", Table) { Method = 99, Extra = aes })
            .Add("open.csv", Table)
            .Build();
        var parts = Unpack.Bytes(bytes, "x.zip");
        Assert.Equal("zip", Unpack.Single<EncryptedPart>(parts, "x.zip/secret.csv").Format);
        Unpack.Single<EncryptedPart>(parts, "x.zip/aes.csv");
        Unpack.Single<TextPart>(parts, "x.zip/open.csv");
    }

    [Fact]
    public void An_entry_compressed_with_another_method_is_reported_unsupported()
    {
        var bytes = new ZipBuilder().Add(new ZipItem("a.csv", Table) { Method = 12, Payload = "BZh91AY&SY"u8.ToArray() }).Build();
        var notice = Unpack.Single<Notice>(Unpack.Bytes(bytes, "x.zip"), "x.zip/a.csv");
        Assert.Equal(NoticeKind.Unsupported, notice.Kind);
        Assert.Contains("bzip2", notice.Message);
    }

    [Theory]
    [InlineData("../../etc/passwd", "climbs out")]
    [InlineData("/abs/data.csv", "absolute")]
    [InlineData("\\abs\\data.csv", "absolute")]
    [InlineData("C:\\x\\data.csv", "drive letter")]
    [InlineData("ok/../../up.csv", "climbs out")]
    public void Names_that_escape_their_folder_are_reported_and_the_content_still_read(string name, string reason)
    {
        var bytes = new ZipBuilder().Add(name, Table).Build();
        var parts = Unpack.Bytes(bytes, "x.zip");
        var notice = Unpack.Single<Notice>(parts, "x.zip/" + name);
        Assert.Equal(NoticeKind.PathTraversal, notice.Kind);
        Assert.Contains(reason, notice.Message);
        Assert.Equal(Table, Unpack.Text(Unpack.Single<TextPart>(parts, "x.zip/" + name)));
    }

    [Fact]
    public void A_name_with_a_NUL_or_line_break_is_reported_and_shown_without_them()
    {
        var bytes = new ZipBuilder()
            .Add(new ZipItem("x", Table) { RawName = "a.csv\0.txt"u8.ToArray() })
            .Add(new ZipItem("x", Table) { RawName = "b\nFAKE LINE.csv"u8.ToArray() })
            .Build();
        var parts = Unpack.Bytes(bytes, "x.zip");
        Assert.Equal(NoticeKind.PathTraversal, Unpack.Single<Notice>(parts, "x.zip/a.csv?.txt").Kind);
        Unpack.Single<TextPart>(parts, "x.zip/a.csv?.txt");
        Unpack.Single<TextPart>(parts, "x.zip/b?FAKE LINE.csv");
        Assert.DoesNotContain(parts, p => p.Path.Contains('\n') || p.Path.Contains('\0'));
    }

    [Fact]
    public void Bidi_overrides_are_hidden_and_very_long_names_shortened_in_locations()
    {
        var longName = new string('d', 5000) + "/t.csv";
        var bytes = new ZipBuilder().Add("report\u202Evsc.exe", Table).Add(longName, Table).Build();
        var paths = Unpack.Bytes(bytes, "x.zip").Select(p => p.Path).ToList();
        Assert.Contains("x.zip/report?vsc.exe", paths);
        var shortened = Assert.Single(paths, p => p.Contains('…'));
        Assert.True(shortened.Length < 260);
        Assert.EndsWith("/t.csv", shortened);
    }

    [Fact]
    public void A_local_header_naming_the_entry_differently_is_reported()
    {
        var bytes = new ZipBuilder().Add(new ZipItem("listed.csv", Table) { LocalName = "hidden.csv" }).Build();
        var parts = Unpack.Bytes(bytes, "x.zip");
        Assert.Contains("different name", Unpack.Single<Notice>(parts, "x.zip/listed.csv").Message);
        Unpack.Single<TextPart>(parts, "x.zip/listed.csv");
    }

    [Fact]
    public void An_entry_larger_than_its_declared_size_fails_when_read()
    {
        var data = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(Table, 1000)));
        var bytes = new ZipBuilder().Add(new ZipItem("a.csv", data) { DeclaredSize = 100 }).Build();
        var part = Unpack.Single<TextPart>(Unpack.Bytes(bytes, "x.zip"), "x.zip/a.csv");
        var error = Assert.Throws<InvalidDataException>(() => Unpack.Text(part));
        Assert.Contains("beyond the 100 bytes", error.Message);
    }

    [Fact]
    public void An_entry_smaller_than_its_declared_size_is_damage()
    {
        var bytes = new ZipBuilder().Add(new ZipItem("a.csv", Table) { DeclaredSize = 500_000 }).Build();
        var notice = Unpack.Single<Notice>(Unpack.Bytes(bytes, "x.zip"), "x.zip/a.csv");
        Assert.Equal(NoticeKind.Corrupt, notice.Kind);
        Assert.Contains("ends after", notice.Message);
    }

    [Fact]
    public void An_entry_expanding_past_the_ratio_is_not_decompressed()
    {
        var payload = DeflateZeros.Bytes(64);
        var bytes = new ZipBuilder().Add(new ZipItem("zeros.csv", []) { Payload = payload, DeclaredSize = 64L << 20 }).Build();
        var parts = Unpack.Bytes(bytes, "x.zip", new UnpackLimits { MaxExpansionRatio = 100 });
        var notice = Assert.IsType<Notice>(Assert.Single(parts));
        Assert.Equal(NoticeKind.LimitReached, notice.Kind);
        Assert.Contains("zeros.csv", notice.Message);
        Assert.Contains("bomb", notice.Message);
    }

    [Fact]
    public void A_directory_with_more_entries_than_the_limit_stops_at_the_limit()
    {
        var builder = new ZipBuilder();
        for (var i = 0; i < 50; i++) builder.Add($"t{i}.csv", Table);
        var parts = Unpack.Bytes(builder.Build(), "many.zip", new UnpackLimits { MaxEntries = 20 });
        var notice = Assert.IsType<Notice>(parts[0]);
        Assert.Equal(NoticeKind.LimitReached, notice.Kind);
        Assert.Contains("more than 20 archive entries", notice.Message);
    }

    [Fact]
    public void Entries_sharing_their_data_are_reported_as_overlapping()
    {
        var bytes = new ZipBuilder().Add("a.csv", Table).Add("b.csv", Table).Build();
        // Point the second directory record at the first entry's local header.
        var directoryAt = BitConverter.ToInt32(bytes, bytes.Length - 6);
        var second = directoryAt + 46 + "a.csv".Length;
        BitConverter.GetBytes(0).CopyTo(bytes, second + 42);
        var parts = Unpack.Bytes(bytes, "x.zip");
        Assert.Contains(parts, p => p is Notice { Kind: NoticeKind.Corrupt } n && n.Message.Contains("overlap"));
    }

    [Fact]
    public void A_damaged_central_directory_falls_back_to_the_local_headers_and_is_reported()
    {
        var bytes = new ZipBuilder().Add("a.csv", Table).Add("b.csv", "x,y\n1,2\n").Build();
        var directoryAt = BitConverter.ToInt32(bytes, bytes.Length - 6);
        var second = directoryAt + 46 + "a.csv".Length;
        bytes[second] = (byte)'X';
        var parts = Unpack.Bytes(bytes, "x.zip");
        var notice = Assert.IsType<Notice>(parts[0]);
        Assert.Equal(NoticeKind.Corrupt, notice.Kind);
        Assert.Contains("central directory is damaged", notice.Message);
        Assert.Equal("x,y\n1,2\n", Unpack.Text(Unpack.Single<TextPart>(parts, "x.zip/b.csv")));
    }

    [Fact]
    public void A_zip_cut_anywhere_is_reported_damaged_and_never_throws()
    {
        var bytes = new ZipBuilder().Add("a.csv", string.Concat(Enumerable.Repeat(Table, 50))).Add(new ZipItem("b.csv", Table) { Deflate = false }).Build();
        for (var cut = 4; cut < bytes.Length; cut += 3)
        {
            var parts = Unpack.Bytes(bytes[..cut], "cut.zip");
            // A cut before the archive's own signature is complete leaves a few bytes of binary: opaque.
            Assert.True(parts.Any(p => p is Notice { Kind: NoticeKind.Corrupt } or OpaquePart), $"cut at {cut}: {Unpack.Describe(parts)}");
            foreach (var text in parts.OfType<TextPart>())
                try { Unpack.Text(text); }
                catch (InvalidDataException) { }
        }
    }

    [Fact]
    public void A_zip_inside_a_zip_inside_a_gzip_names_the_whole_path()
    {
        var inner = new ZipBuilder().Add("slice.csv", Table).Build();
        var outer = new ZipBuilder().Add(new ZipItem("inner.zip", inner)).Build();
        var gzip = new MemoryStream();
        using (var gz = new GZipStream(gzip, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(outer);
        var parts = Unpack.Bytes(gzip.ToArray(), "outer.zip.gz");
        Assert.Equal(Table, Unpack.Text(Unpack.Single<TextPart>(parts, "outer.zip.gz/outer.zip/inner.zip/slice.csv")));
    }

    [Fact]
    public void Per_participant_bulk_files_are_individual_level_without_naming_the_eid_and_still_read()
    {
        var dicom = new ZipBuilder().Add("readme.txt", "scan\n").Build();
        var bytes = new ZipBuilder()
            .Add(new ZipItem("bulk/1234567_20252_2_0.zip", dicom))
            .Add("results_2023_1_0.csv", Table)
            .Build();
        var parts = Unpack.Bytes(bytes, "export.zip");
        var bulk = Unpack.Single<IndividualLevelPart>(parts, "export.zip/bulk/1234567_20252_2_0.zip");
        Assert.Equal("per-participant bulk file name (field 20252)", bulk.Reason);
        Assert.DoesNotContain("1234567", bulk.Reason + bulk.Format);
        Unpack.Single<TextPart>(parts, "export.zip/bulk/1234567_20252_2_0.zip/readme.txt");
        Assert.Single(parts.OfType<IndividualLevelPart>());
    }

    [Fact]
    public void A_quine_that_contains_itself_stops_at_the_depth_limit()
    {
        var quine = ZipQuine.Build();
        // It really is a quine: its one entry inflates to the whole file.
        var dataAt = 30 + ZipQuine.EntryName.Length;
        var compressedLength = BitConverter.ToInt32(quine, 18);
        using (var inflate = new DeflateStream(new MemoryStream(quine, dataAt, compressedLength), CompressionMode.Decompress))
        {
            var output = new MemoryStream();
            inflate.CopyTo(output);
            Assert.Equal(quine, output.ToArray());
        }
        var parts = Unpack.Bytes(quine, "quine.zip", new UnpackLimits { MaxDepth = 6 });
        var notice = Assert.IsType<Notice>(Assert.Single(parts));
        Assert.Equal(NoticeKind.LimitReached, notice.Kind);
        Assert.Equal("quine.zip" + string.Concat(Enumerable.Repeat("/" + ZipQuine.EntryName, 7)), notice.Path);
    }

    /// <summary>A write-only stream that cannot seek: ZipArchive then writes data descriptors, as streaming writers do.</summary>
    private sealed class NonSeekableStream : Stream
    {
        public MemoryStream Written { get; } = new();
        public override void Write(byte[] buffer, int offset, int count) => Written.Write(buffer, offset, count);
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Written.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
