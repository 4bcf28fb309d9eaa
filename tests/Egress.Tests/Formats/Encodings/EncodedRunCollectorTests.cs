using System.Security.Cryptography;
using System.Text;
using Egress.Formats;
using Egress.Formats.Content;
using Egress.Formats.Encodings;
using Xunit;

namespace Egress.Tests.Formats.Encodings;

/// <summary>The finder and decoders, block by block: what each encoding decodes to, and what is left alone.</summary>
public class EncodedRunCollectorTests
{
    private static readonly byte[] Table = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 40).Select(i => $"{1000000 + i * 37},{50 + i % 20},{20.5 + i * 0.37:0.000},2009-08-{1 + i % 28:00}\n")));

    private static EncodedRunCollector Collector() => EncodedRunCollector.For(ContentReaders.Unpacker(), new UnpackContext(new UnpackLimits(), CancellationToken.None));

    private static CollectedRuns Find(string text)
    {
        var collector = Collector();
        collector.Collect(Encoding.UTF8.GetBytes(text), 0, 1, firstBlock: true);
        return collector.Finish();
    }

    private static DecodedRun Single(string text, string encoding)
    {
        var runs = Find(text);
        var run = Assert.Single(runs.Runs);
        Assert.Equal(encoding, run.Encoding);
        return run;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(64)]
    [InlineData(76)]
    public void Base64_decodes_wrapped_or_not(int wrap)
    {
        var text = "-----BEGIN DATA-----\n" + EncodingWriters.Base64(Table, wrap) + "\n-----END DATA-----\nnext line\n";
        var run = Single(text, "base64");
        Assert.Equal(Table, run.Bytes);
        Assert.Equal(Encoding.ASCII.GetByteCount("-----BEGIN DATA-----\n"), run.Offset);
        Assert.Equal(2, run.Line);
    }

    [Fact]
    public void Unpadded_url_safe_base64_decodes()
    {
        var bytes = Table.Concat(new byte[] { 0xFB, 0xFF, 0xBF, 0x0A }).ToArray();
        var run = Single("token " + EncodingWriters.Base64(bytes, urlSafe: true, padding: false) + " end", "base64url");
        Assert.Equal(bytes, run.Bytes);
    }

    [Fact]
    public void A_word_after_a_wrapped_run_is_not_part_of_it()
    {
        var text = EncodingWriters.Base64(Table[..(57 * 3)], 76) + "\nMethods\n";
        Assert.Equal(Table[..(57 * 3)], Single(text, "base64").Bytes);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(60, false)]
    [InlineData(0, true)]
    public void Hex_decodes(int wrap, bool upper) => Assert.Equal(Table, Single("hex: " + EncodingWriters.Hex(Table, wrap, upper) + "\n", "hex").Bytes);

    [Fact]
    public void Xxd_dumps_decode() => Assert.Equal(Table, Single("$ xxd t.csv\n" + EncodingWriters.Xxd(Table) + "$ done\n", "hexdump").Bytes);

    [Fact]
    public void Od_dumps_decode_octal_offsets_little_endian_words_and_the_odd_last_byte()
    {
        var odd = Table[..^1];
        Assert.Equal(odd, Single(EncodingWriters.OdX(odd), "hexdump").Bytes);
    }

    [Fact]
    public void Od_repeat_lines_are_expanded()
    {
        // 16 bytes of 'a' then 48 more of them elided by '*', then one line more.
        const string dump = "0000000 6161 6161 6161 6161 6161 6161 6161 6161\n*\n0000100 0a62 0a63 0a64 0a65 0a66 0a67 0a68 0a69\n0000120\n";
        var run = Single(dump, "hexdump");
        Assert.Equal(new string('a', 64) + "b\nc\nd\ne\nf\ng\nh\ni\n", Encoding.ASCII.GetString(run.Bytes));
    }

    [Fact]
    public void Hexdump_C_dumps_decode() => Assert.Equal(Table, Single(EncodingWriters.HexdumpC(Table), "hexdump").Bytes);

    [Fact]
    public void Url_encoding_decodes()
    {
        // The run is the whole URL token: its path and the parameter's name come with it.
        var run = Single("GET /q?data=" + EncodingWriters.UrlEncode(Table) + " HTTP/1.1\n", "urlencoded");
        Assert.Equal("/q?data=" + Encoding.ASCII.GetString(Table), Encoding.ASCII.GetString(run.Bytes));
    }

    [Fact]
    public void Quoted_printable_decodes_soft_breaks_and_escapes()
    {
        var line = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(Table).Replace('\n', ';') + "=end\n");
        Assert.Equal(line, Single(EncodingWriters.QuotedPrintable(line) + "\n", "quoted-printable").Bytes);
    }

    [Fact]
    public void A_run_cut_by_a_block_boundary_is_joined()
    {
        var text = Encoding.ASCII.GetBytes("start\n" + EncodingWriters.Base64(Table, 76) + "\nend\n");
        var cut = text.AsSpan().IndexOf("\n"u8) + 1 + 77 * 2; // after the second full base64 line
        var collector = Collector();
        collector.Collect(text.AsSpan(0, cut), 0, 1, firstBlock: true);
        collector.Collect(text.AsSpan(cut), cut, 4, firstBlock: false);
        var run = Assert.Single(collector.Finish().Runs);
        Assert.Equal(Table, run.Bytes);
        Assert.Equal(6, run.Offset);
    }

    [Fact]
    public void A_dump_cut_by_a_block_boundary_is_joined()
    {
        var text = Encoding.ASCII.GetBytes(EncodingWriters.Xxd(Table));
        var cut = 68 * 10; // ten whole lines: blocks end on a line break
        var collector = Collector();
        collector.Collect(text.AsSpan(0, cut), 0, 1, firstBlock: true);
        collector.Collect(text.AsSpan(cut), cut, 11, firstBlock: false);
        Assert.Equal(Table, Assert.Single(collector.Finish().Runs).Bytes);
    }

    [Fact]
    public void The_same_payload_twice_is_walked_once()
    {
        var b64 = EncodingWriters.Base64(Table);
        Assert.Single(Find($"a={b64}\nb={b64}\n").Runs);
    }

    [Fact]
    public void Look_alikes_decode_to_nothing()
    {
        static string Sha(string s) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(s))).ToLowerInvariant();
        var text = new StringBuilder();
        text.Append("commit 3f2a9c0e5b7d1f4a6c8e0b2d4f6a8c0e2b4d6f8a\n");
        text.Append($"id {Guid.NewGuid()} {Guid.NewGuid():N}\n");
        text.Append("colours #1f77b4 #ff7f0e; numbers 1234567 12345678901234567890\n");
        text.Append("----------------------------------------------------------------------\n");
        text.Append("==========================================\n");
        text.Append("/home/researcher/projects/covid_vaccine_effectiveness/output/models/cox_model_over80s_postest\n");
        text.Append("UnivariableCoxProportionalHazardsModelWithTimeVaryingCovariatesAndStratificationByRegionFactory\n");
        text.Append("x = 3D, p=0.05, n=120, CI=[1.2, 3.4], 50% of 12.5%\n");
        text.Append($"{Sha("a")}  file.csv\n{Sha("b")}\n");
        text.Append("2008 05 21 0000123 4567\n");
        var runs = Find(text.ToString());
        Assert.Empty(runs.Runs);
        Assert.Null(runs.Limit);
        Assert.Equal(2, runs.Fragments); // the two SHA-256 digests: 32 bytes each
    }

    [Fact]
    public void A_long_random_payload_is_kept_to_be_walked()
    {
        // Too long for a hash or key: walked like any file (searched for raw numbers, then opaque).
        var random = RandomNumberGenerator.GetBytes(3000);
        var run = Assert.Single(Find("key: " + EncodingWriters.Base64(random, 64) + "\n").Runs);
        Assert.Equal("base64", run.Encoding);
        Assert.Equal(random, run.Bytes);
    }

    [Fact]
    public void Equal_width_lines_of_hashes_are_fragments_not_a_payload()
    {
        var hashes = string.Join("\n", Enumerable.Range(0, 50).Select(i => Convert.ToHexString(SHA256.HashData([(byte)i])).ToLowerInvariant())) + "\n";
        var runs = Find(hashes);
        Assert.Empty(runs.Runs);
        Assert.Equal(50, runs.Fragments);
        Assert.Equal(50 * 32, runs.FragmentBytes);
    }

    [Fact]
    public void Sparse_escapes_that_decode_to_noise_are_dropped()
    {
        // key=value pairs whose values look like escapes: decoding makes invalid UTF-8, so they were not quoted-printable.
        var text = string.Concat(Enumerable.Range(0, 20).Select(i => $"reading {i}: colour=FF and level=A{i % 10} shade=9C tone=E2\n"));
        var runs = Find(text);
        // Dropped, or read as the 8-bit text it decodes to: never a payload of noise.
        Assert.All(runs.Runs, r => Assert.True(ContentReaders.Unpacker().CanRead(new MemorySource(r.Bytes), r.Bytes)));
        Assert.Equal(0, runs.Fragments);
    }

    [Fact]
    public void Collecting_is_bounded_in_bytes()
    {
        var collector = new EncodedRunCollector(_ => true, byteBudget: 1000);
        collector.Collect(Encoding.ASCII.GetBytes("x " + EncodingWriters.Base64(Table) + "\n"), 0, 1, firstBlock: true);
        var runs = collector.Finish();
        Assert.Empty(runs.Runs);
        Assert.NotNull(runs.Limit);
    }

    [Fact]
    public void A_plain_csv_has_no_runs()
    {
        var csv = string.Concat(Enumerable.Range(0, 5000).Select(i => $"{1000000 + i},{i % 90},{(i * 0.731) % 40:0.0000},2009-08-{1 + i % 28:00},J45{i % 10},0.000000{i % 7}\n"));
        var runs = Find(csv);
        Assert.Empty(runs.Runs);
        Assert.Equal(0, runs.Fragments);
    }
}
