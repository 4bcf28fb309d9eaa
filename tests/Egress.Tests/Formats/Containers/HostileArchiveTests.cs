using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Egress.Checks;
using Egress.Core;
using Egress.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Egress.Tests.Formats.Containers;

/// <summary>
/// Hostile archives through the whole check: each ends in a clear verdict (block or review, never
/// release), within bounded time and memory, and nothing crashes.
/// </summary>
[Collection("indexed-cohort")]
public class HostileArchiveTests(IndexedCohort cohort, ITestOutputHelper output)
{
    private const string Table = "group,count\nA,12\nB,15\n";

    private string Write(string name, byte[] bytes)
    {
        var path = cohort.NewFile(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private CheckReport Check(string name, byte[] bytes, Policy? policy = null)
    {
        var clock = Stopwatch.StartNew();
        var managed = GC.GetTotalAllocatedBytes(precise: false);
        var report = cohort.Check(Write(name, bytes), "A", policy);
        output.WriteLine($"{name}: {report.Verdict} in {clock.ElapsedMilliseconds} ms, {(GC.GetTotalAllocatedBytes(false) - managed) >> 20} MB allocated, " +
                         $"{report.Parts.Count} parts, peak working set {System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 >> 20} MB; {string.Join("; ", report.Findings.Take(4).Select(f => $"{f.Rule} @ {f.Location}"))}");
        Assert.True(clock.Elapsed.TotalSeconds < (policy ?? Policy.Default).Limits.TimeBudgetSeconds);
        return report;
    }

    private static void AssertBlockedBy(CheckReport report, params string[] rules)
    {
        Assert.Equal(Verdict.Block, report.Verdict);
        Assert.Contains(report.Findings, f => rules.Contains(f.Rule));
    }

    [Fact]
    public void A_deflate_entry_expanding_to_gigabytes_is_not_decompressed()
    {
        // 4,000 MB of zeros in about 4 MB of deflate.
        var bytes = new ZipBuilder().Add(new ZipItem("zeros.csv", []) { Payload = DeflateZeros.Bytes(4000), DeclaredSize = 4000L << 20 }).Build();
        Assert.True(bytes.Length < 8 << 20);
        var report = Check("bomb.zip", bytes);
        AssertBlockedBy(report, ContentFindings.UnpackLimitRule);
        Assert.Contains(report.Findings, f => f.Message.Contains("bomb") && f.Location == "bomb.zip/zeros.csv");
    }

    [Fact]
    public void A_zip64_entry_declaring_sixteen_gigabytes_is_not_decompressed()
    {
        var bytes = new ZipBuilder { Zip64 = true }.Add(new ZipItem("zeros.bin", []) { Payload = DeflateZeros.Bytes(16_384), DeclaredSize = 16L << 30 }).Build();
        AssertBlockedBy(Check("bomb64.zip", bytes), ContentFindings.UnpackLimitRule);
    }

    [Fact]
    public void A_bomb_that_understates_its_size_stops_at_the_size_it_declared()
    {
        // Declares 1 MB (a ratio nobody would call a bomb), expands to 4,000 MB of text-like content.
        var bytes = new ZipBuilder().Add(new ZipItem("counts.csv", []) { Payload = DeflateZeros.Bytes(4000, "0,1\n"u8.ToArray()), DeclaredSize = 1 << 20 }).Build();
        var report = Check("liar.zip", bytes);
        Assert.Equal(Verdict.Block, report.Verdict);
        Assert.Contains(report.Findings, f => f.Message.Contains("beyond the 1,048,576 bytes"));
    }

    [Fact]
    public void A_gzip_bomb_of_text_stops_at_the_expansion_budget()
    {
        var policy = new Policy { Limits = new LimitsPolicy { MaxExpandedBytes = 64L << 20 } };
        var report = Check("counts.csv.gz", DeflateZeros.Gzip(4000, "0,1\n"u8.ToArray()), policy);
        AssertBlockedBy(report, LimitRules.ExpandedSizeRule, ContentFindings.UnpackLimitRule);
    }

    [Fact]
    public void A_gzip_bomb_of_zeros_is_opaque_from_its_first_bytes()
    {
        AssertBlockedBy(Check("zeros.gz", DeflateZeros.Gzip(4000)), OpaqueContentRule.Rule);
    }

    [Fact]
    public void A_nested_bomb_in_the_style_of_42_zip_stops_at_a_limit()
    {
        // Layer 0: one entry of 4,000 MB of zeros. Each layer above: 16 entries, each the layer below
        // deflated once and reused. Four layers up: 65,536 entries claiming 256 TB.
        var layer = new ZipBuilder().Add(new ZipItem("0.csv", []) { Payload = DeflateZeros.Bytes(4000), DeclaredSize = 4000L << 20 }).Build();
        for (var depth = 1; depth <= 4; depth++)
        {
            var deflated = ZipBuilder.Deflate(layer);
            var builder = new ZipBuilder();
            for (var i = 0; i < 16; i++) builder.Add(new ZipItem($"{depth}-{i:x}.zip", []) { Payload = deflated, DeclaredSize = layer.Length });
            layer = builder.Build();
        }
        Assert.True(layer.Length < 1 << 20, $"{layer.Length} bytes");
        var report = Check("42.zip", layer);
        AssertBlockedBy(report, ContentFindings.UnpackLimitRule, LimitRules.ExpandedSizeRule);
        Assert.True(report.Findings.Count < 10, $"{report.Findings.Count} findings");
    }

    [Fact]
    public void A_zip_that_contains_itself_stops_at_the_depth_limit()
    {
        var report = Check("quine.zip", ZipQuine.Build());
        AssertBlockedBy(report, ContentFindings.UnpackLimitRule);
        Assert.Contains(report.Findings, f => f.Message.Contains("layers deep"));
    }

    [Fact]
    public void A_chain_of_archives_deeper_than_the_limit_stops_there()
    {
        var layer = Encoding.UTF8.GetBytes(Table);
        var name = "t.csv";
        for (var depth = 0; depth < 20; depth++)
        {
            layer = depth % 3 == 2 ? ContainerEndToEndTests.Gzip(ContainerEndToEndTests.Tar([(name, layer)])) : ContainerEndToEndTests.Zip([(name, layer)]);
            name = depth % 3 == 2 ? $"l{depth}.tar.gz" : $"l{depth}.zip";
        }
        var report = Check(name, layer);
        AssertBlockedBy(report, ContentFindings.UnpackLimitRule);
        Assert.Contains(report.Findings, f => f.Message.Contains($"more than {Policy.Default.Limits.MaxDepth} layers"));
    }

    private static byte[] ManyEntries(int count)
    {
        var builder = new ZipBuilder();
        for (var i = 0; i < count; i++) builder.Add(new ZipItem($"tables/t{i:D5}.csv", Table) { Deflate = false });
        return builder.Build();
    }

    [Fact]
    public void Ten_thousand_entries_pass_the_default_entry_limit_and_are_blocked()
    {
        var report = Check("many.zip", ManyEntries(10_000));
        AssertBlockedBy(report, ContentFindings.UnpackLimitRule);
        Assert.Contains(report.Findings, f => f.Message.Contains("4,096 archive entries"));
    }

    [Fact]
    public void Ten_thousand_entries_are_all_checked_when_the_policy_allows_them()
    {
        var policy = new Policy { Limits = new LimitsPolicy { MaxArchiveEntries = 20_000 } };
        var report = Check("many.zip", ManyEntries(10_000), policy);
        Assert.Equal(Verdict.Release, report.Verdict);
        // Each entry, the listing of their names, and the entries' one-line tables aligned side by side (Structure.AlignedColumns).
        Assert.Equal(10_000, report.Parts.Count(p => p.Path.StartsWith("many.zip/", StringComparison.Ordinal)));
        Assert.Contains(report.Parts, p => p.Path == "many.zip#entry-names");
        Assert.DoesNotContain(report.Findings, f => f.Rule == LimitRules.TimeBudgetRule);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/abs/results.csv")]
    [InlineData("C:\\x\\results.csv")]
    public void A_name_escaping_its_folder_goes_to_review_and_its_content_is_still_checked(string name)
    {
        var clean = Check("names.zip", new ZipBuilder().Add(name, Table).Build());
        Assert.Equal(Verdict.Review, clean.Verdict);
        Assert.Equal("names.zip/" + name, Assert.Single(clean.Findings, f => f.Rule == ContentFindings.PathTraversalRule).Location);

        var (header, rows) = cohort.Extract("A");
        var slice = string.Concat(rows.Take(200).Prepend(header).Select(r => string.Join(',', r[1..]) + "\n"));
        var leak = Check("names.tar", new TarBuilder().File(name, slice).Build());
        Assert.Equal(Verdict.Block, leak.Verdict);
        Assert.StartsWith("names.tar/" + name, Assert.Single(leak.Findings, f => f.Rule == ParticipantRecordDetector.Rule).Location);
    }

    [Fact]
    public void Truncated_zip_tar_and_gzip_are_never_released()
    {
        var table = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 300).Select(i => $"group{i % 17},{10 + i % 40}\n")));
        var files = new List<(string, byte[])> { ("a.csv", table), ("b.csv", table) };
        var containers = new (string Name, byte[] Bytes)[]
        {
            ("cut.zip", ContainerEndToEndTests.Zip(files)),
            ("cut.tar", ContainerEndToEndTests.Tar(files)),
            ("cut.csv.gz", ContainerEndToEndTests.Gzip(table)),
            ("cut.tar.gz", ContainerEndToEndTests.Gzip(ContainerEndToEndTests.Tar(files))),
        };
        foreach (var (name, bytes) in containers)
        {
            Assert.Equal(Verdict.Release, Check(name, bytes).Verdict);
            foreach (var fraction in new[] { 0.1, 0.33, 0.5, 0.8, 0.97 })
            {
                var cut = bytes[..(int)(bytes.Length * fraction)];
                var report = Check(name, cut);
                Assert.True(report.Verdict != Verdict.Release, $"{name} cut at {cut.Length} of {bytes.Length} was released");
            }
            var lastByte = Check(name, bytes[..^1]);
            Assert.True(lastByte.Verdict != Verdict.Release, $"{name} without its last byte was released");
        }
    }

    [Fact]
    public void A_corrupt_central_directory_is_never_released()
    {
        var bytes = ContainerEndToEndTests.Zip([("a.csv", Encoding.UTF8.GetBytes(Table)), ("b.csv", Encoding.UTF8.GetBytes(Table))]);
        var directoryAt = BitConverter.ToInt32(bytes, bytes.Length - 6);
        foreach (var offset in new[] { 0, 20, 28, 42, 50 })
        {
            var damaged = (byte[])bytes.Clone();
            damaged[directoryAt + offset] ^= 0xA5;
            damaged[directoryAt + offset + 1] ^= 0x5A;
            var report = Check("damaged.zip", damaged);
            Assert.True(report.Verdict != Verdict.Release, $"damage at directory byte {offset} was released");
        }
    }

    [Fact]
    public void An_entry_whose_declared_size_lies_is_blocked()
    {
        var data = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(Table, 2000)));
        foreach (var declared in new long[] { 10, data.Length - 1, data.Length + 1, 100_000_000 })
        {
            var report = Check("lies.zip", new ZipBuilder().Add(new ZipItem("a.csv", data) { DeclaredSize = declared }).Build());
            Assert.True(report.Verdict == Verdict.Block, $"declared {declared} of {data.Length}: {report.Verdict}");
        }
    }

    [Fact]
    public void A_zip_inside_a_gzip_larger_than_the_memory_cap_is_blocked_not_buffered()
    {
        var big = new byte[3 << 20];
        new Random(5).NextBytes(big);
        var zip = new ZipBuilder().Add(new ZipItem("noise.bin", big) { Deflate = false }).Build();
        var policy = new Policy { Limits = new LimitsPolicy { MaxInMemoryBytes = 1 << 20 } };
        AssertBlockedBy(Check("big.zip.gz", ContainerEndToEndTests.Gzip(zip), policy), ContentFindings.UnpackLimitRule);
    }

    [Fact]
    public void Data_hidden_before_between_and_after_zip_entries_is_checked()
    {
        var (header, rows) = cohort.Extract("A");
        var slice = Encoding.UTF8.GetBytes(string.Concat(rows.Take(200).Prepend(header).Select(r => string.Join(',', r[1..]) + "\n")));
        foreach (var (builder, where) in new[]
                 {
                     (new ZipBuilder { Prefix = slice }, "#before-first-entry"),
                     (new ZipBuilder { BytesAfterFirstEntry = slice }, "#unlisted-bytes@"),
                     (new ZipBuilder { Suffix = slice }, "#after-end"),
                     (new ZipBuilder { Comment = slice[..Math.Min(slice.Length, 65_535)] }, "#comment"),
                 })
        {
            var report = Check("hidden.zip", builder.Add("a.csv", Table).Add("b.csv", Table).Build());
            Assert.Equal(Verdict.Block, report.Verdict);
            Assert.StartsWith("hidden.zip" + where, Assert.Single(report.Findings, f => f.Rule == ParticipantRecordDetector.Rule).Location);
        }
    }

    [Fact]
    public void The_policy_files_limit_keys_reach_the_unpacker()
    {
        var file = cohort.NewFile("policy.json");
        File.WriteAllText(file, """
            { "limits": { "maxDepth": 2, "maxArchiveEntries": 20, "maxExpansionRatio": 50, "maxInMemoryBytes": 1048576 } }
            """);
        var policy = Policy.Load(file);

        var many = new ZipBuilder();
        for (var i = 0; i < 30; i++) many.Add($"t{i}.csv", Table);
        Assert.Contains(Check("many.zip", many.Build(), policy).Findings, f => f.Message.Contains("more than 20 archive entries"));

        var nested = ContainerEndToEndTests.Zip([("b.zip", ContainerEndToEndTests.Zip([("c.zip", ContainerEndToEndTests.Zip([("t.csv", Encoding.UTF8.GetBytes(Table))]))]))]);
        Assert.Contains(Check("a.zip", nested, policy).Findings, f => f.Message.Contains("more than 2 layers"));

        var zeros = ContainerEndToEndTests.Zip([("zeros.csv", new byte[4 << 20])]);
        Assert.Contains(Check("zeros.zip", zeros, policy).Findings, f => f.Message.Contains("more than 50 times its size"));

        var noise = new byte[2 << 20];
        new Random(3).NextBytes(noise);
        var inGzip = ContainerEndToEndTests.Gzip(new ZipBuilder().Add(new ZipItem("noise.bin", noise) { Deflate = false }).Build());
        Assert.Contains(Check("noise.zip.gz", inGzip, policy).Findings, f => f.Message.Contains("1,048,576 bytes it may take in memory"));
    }
}
