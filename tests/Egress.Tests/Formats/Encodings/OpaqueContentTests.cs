using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Egress.Checks;
using Egress.Core;
using Egress.Formats.Containers;
using Egress.Formats.Content;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Formats.Encodings;

/// <summary>
/// Content no reader explains is never released and is described by its statistics; zlib and raw
/// deflate streams are inflated and read, and what does not inflate is opaque.
/// </summary>
[Collection("indexed-cohort")]
public class OpaqueContentTests(IndexedCohort cohort)
{
    private byte[] Slice()
    {
        var (header, rows) = cohort.Extract("A");
        return Encoding.UTF8.GetBytes(string.Join("\n", new[] { header[1..] }.Concat(rows.Take(200).Select(r => r[1..])).Select(r => string.Join(',', r))) + "\n");
    }

    private static byte[] Compress(byte[] bytes, bool zlib)
    {
        using var output = new MemoryStream();
        using (Stream z = zlib ? new ZLibStream(output, CompressionLevel.Optimal) : new DeflateStream(output, CompressionLevel.Optimal)) z.Write(bytes);
        return output.ToArray();
    }

    private string WriteBytes(string name, byte[] bytes)
    {
        var path = cohort.NewFile(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Theory]
    [InlineData(true, "slice.bin/(inflated)")]
    [InlineData(false, "slice.bin/(inflated)")]
    public void Zlib_and_raw_deflate_streams_are_inflated_and_checked(bool zlib, string inner)
    {
        var report = cohort.Check(WriteBytes("slice.bin", Compress(Slice(), zlib)));
        Assert.Equal(Verdict.Block, report.Verdict);
        var finding = Assert.Single(report.Findings, f => f.Rule == ParticipantRecordDetector.Rule && f.Projects.Contains("A"));
        Assert.StartsWith(inner, finding.Location);
    }

    [Fact]
    public void A_zlib_header_that_does_not_inflate_is_opaque()
    {
        var bytes = new byte[] { 0x78, 0x9C }.Concat(RandomNumberGenerator.GetBytes(5000)).ToArray();
        var report = cohort.Check(WriteBytes("fake.z", bytes));
        Assert.Equal(Verdict.Block, report.Verdict);
        var finding = Assert.Single(report.Findings);
        Assert.Equal("opaque-content", finding.Rule);
        Assert.Contains("zlib header", finding.Message);
        Assert.Contains("5,002 bytes", finding.Message);
    }

    [Fact]
    public void Text_starting_like_a_zlib_header_is_still_text() =>
        Assert.IsType<TextPart>(Assert.Single(ContentReaders.Unpacker().Walk(new MemorySource("x^2 + y^2 = r^2\nwhere r is 3\n"u8.ToArray()), "eq.txt",
            new UnpackContext(new UnpackLimits(), CancellationToken.None))));

    [Fact]
    public void Truncated_zlib_and_gzip_are_not_released()
    {
        var z = Compress(Slice(), zlib: true);
        var report = cohort.Check(WriteBytes("cut.z", z[..(z.Length / 3)]));
        Assert.NotEqual(Verdict.Release, report.Verdict);
    }

    [Fact]
    public void Random_bytes_are_described_as_encrypted_or_random()
    {
        var report = cohort.Check(WriteBytes("secret.bin", RandomNumberGenerator.GetBytes(200_000)));
        Assert.Equal(Verdict.Block, report.Verdict);
        var finding = Assert.Single(report.Findings);
        Assert.Equal("opaque-content", finding.Rule);
        Assert.Contains("encrypted or random data (entropy 7.99 bits/byte, byte frequencies flat", finding.Message);
        Assert.Contains("200,000 bytes", finding.Message);
    }

    [Fact]
    public void Unknown_compressed_formats_are_named()
    {
        var bz = Encoding.ASCII.GetBytes("BZh91AY&SY").Concat(RandomNumberGenerator.GetBytes(3000)).ToArray();
        var finding = Assert.Single(cohort.Check(WriteBytes("data.bz2", bz)).Findings);
        Assert.Contains("bzip2", finding.Message);
    }

    [Fact]
    public void The_classifier_tells_the_layers_apart()
    {
        var text = Slice();
        Assert.StartsWith("compressed or encrypted data (entropy 7.9", BinaryClassifier.Describe(Compress(text.Concat(text).Concat(text).ToArray(), zlib: false)));
        Assert.StartsWith("encrypted or random data", BinaryClassifier.Describe(RandomNumberGenerator.GetBytes(1 << 16)));
        var sparse = new byte[10_000];
        for (var i = 0; i < sparse.Length; i += 8) sparse[i] = (byte)(i / 8);
        Assert.StartsWith("sparse binary data, mostly zero bytes (entropy", BinaryClassifier.Describe(sparse));
        var doubles = Enumerable.Range(0, 2000).SelectMany(i => BitConverter.GetBytes(20 + i * 0.013)).ToArray();
        Assert.StartsWith("binary data (entropy", BinaryClassifier.Describe(doubles));
        Assert.Equal("binary data", BinaryClassifier.Describe([1, 2, 3]));
    }

    [Fact]
    public void A_gzip_of_unknown_binary_reports_the_inflated_size()
    {
        using var output = new MemoryStream();
        var inner = RandomNumberGenerator.GetBytes(150_000);
        using (var gz = new GZipStream(output, CompressionLevel.Fastest)) gz.Write(inner);
        var finding = Assert.Single(cohort.Check(WriteBytes("blob.gz", output.ToArray())).Findings);
        Assert.Equal("opaque-content", finding.Rule);
        Assert.Equal("blob.gz/blob", finding.Location);
        Assert.Contains("150,000 bytes", finding.Message);
    }

    [Fact]
    public void The_inflate_probe_rejects_random_bytes()
    {
        for (var seed = 0; seed < 200; seed++)
        {
            var random = new byte[4096];
            new Random(seed).NextBytes(random);
            Assert.False(new RawDeflateReader().Recognizes(random, new MemorySource(random)), $"seed {seed}");
        }
    }
}
