using System.IO.Compression;
using System.Text;
using Egress.Checks;
using Egress.Core;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Formats.Encodings;

/// <summary>
/// A slice of a generated extract written in base32, base32hex, ASCII85 (Adobe and btoa), Z85 or uuencode, alone or
/// compressed first, is blocked with its participants found in a part named after the encoding; damaged runs are
/// never released silently.
/// </summary>
[Collection("indexed-cohort")]
public class MoreEncodingLeakTests(IndexedCohort cohort)
{
    private byte[] Slice(int rows = 100)
    {
        var (header, all) = cohort.Extract("A");
        var text = new StringBuilder(string.Join(',', header[1..])).Append('\n');
        foreach (var row in all.Take(rows)) text.Append(string.Join(',', row[1..])).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public enum Packing { None, Gzip, Zlib }

    private static byte[] Pack(byte[] bytes, Packing packing)
    {
        if (packing == Packing.None) return bytes;
        using var output = new MemoryStream();
        using (Stream z = packing == Packing.Gzip ? new GZipStream(output, CompressionLevel.Optimal) : new ZLibStream(output, CompressionLevel.Optimal))
            z.Write(bytes);
        return output.ToArray();
    }

    private string Write(string name, string text)
    {
        var path = cohort.NewFile(name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Log(string payload) =>
        "2024-03-01 09:12:44 INFO starting job 17\n2024-03-01 09:12:45 DEBUG attachment follows\n" + payload +
        "\n2024-03-01 09:12:46 INFO job 17 finished in 1.2 s\n";

    private static string Describe(CheckReport report) => string.Join("; ", report.Findings.Select(f => $"{f.Rule} {f.Location}: {f.Message}"));

    private static void AssertBlockedIn(CheckReport report, string encodingFragment)
    {
        Assert.True(report.Verdict == Verdict.Block, Describe(report));
        var records = report.Findings.Where(f => f.Rule == ParticipantRecordDetector.Rule && f.Projects.Contains("A")).ToList();
        Assert.True(records.Count == 1 && records[0].Location.Contains(encodingFragment, StringComparison.Ordinal), Describe(report));
        var finding = records[0];
        Assert.True(finding.Participants >= 90, $"{finding.Participants} participants: {finding.Message}");
    }

    [Theory]
    [InlineData(Packing.None, false, true, 0)]
    [InlineData(Packing.None, false, false, 0)]
    [InlineData(Packing.None, false, true, 64)]
    [InlineData(Packing.Gzip, false, true, 0)]
    [InlineData(Packing.Zlib, false, false, 76)]
    [InlineData(Packing.None, true, true, 0)]
    [InlineData(Packing.Gzip, true, false, 0)]
    [InlineData(Packing.Zlib, true, true, 0)]
    public void Base32_is_blocked(Packing packing, bool extendedHex, bool padding, int wrap)
    {
        var payload = MoreEncodingWriters.Base32(Pack(Slice(), packing), extendedHex, padding, wrap);
        AssertBlockedIn(cohort.Check(Write("b32.log", Log("payload: " + payload))), extendedHex ? "b32.log#base32hex@" : "b32.log#base32@");
    }

    [Theory]
    [InlineData(Packing.None, 0)]
    [InlineData(Packing.None, 72)]
    [InlineData(Packing.Gzip, 0)]
    [InlineData(Packing.Zlib, 76)]
    public void Adobe_ascii85_is_blocked(Packing packing, int wrap) =>
        AssertBlockedIn(cohort.Check(Write("a85.txt", Log(MoreEncodingWriters.Ascii85(Pack(Slice(), packing), adobe: true, wrap)))), "a85.txt#ascii85@");

    [Theory]
    [InlineData(Packing.None)]
    [InlineData(Packing.Gzip)]
    [InlineData(Packing.Zlib)]
    public void Btoa_is_blocked(Packing packing) =>
        AssertBlockedIn(cohort.Check(Write("btoa.txt", Log(MoreEncodingWriters.Btoa(Pack(Slice(), packing))))), "btoa.txt#btoa@");

    [Theory]
    [InlineData(Packing.None, 0)]
    [InlineData(Packing.None, 80)]
    [InlineData(Packing.Gzip, 0)]
    [InlineData(Packing.Zlib, 100)]
    public void Z85_without_delimiters_is_blocked(Packing packing, int wrap) =>
        AssertBlockedIn(cohort.Check(Write("z85.txt", Log(MoreEncodingWriters.Z85(Pack(Slice(), packing), wrap)))), "z85.txt#z85@");

    [Theory]
    [InlineData(Packing.None)]
    [InlineData(Packing.Gzip)]
    public void Ascii85_without_delimiters_is_blocked(Packing packing) =>
        AssertBlockedIn(cohort.Check(Write("bare85.txt", Log("data=" + MoreEncodingWriters.Ascii85(Pack(Slice(), packing), adobe: false)))), "bare85.txt#ascii85@");

    [Theory]
    [InlineData(Packing.None)]
    [InlineData(Packing.Gzip)]
    [InlineData(Packing.Zlib)]
    public void Uuencode_is_blocked(Packing packing) =>
        AssertBlockedIn(cohort.Check(Write("mail.txt", "Subject: data\n\n" + MoreEncodingWriters.Uuencode(Pack(Slice(), packing)))), "mail.txt#uuencode@");

    [Fact]
    public void Base32_of_random_bytes_is_opaque()
    {
        var random = new byte[3000];
        new Random(11).NextBytes(random);
        var report = cohort.Check(Write("secret32.txt", Log("key=" + MoreEncodingWriters.Base32(random, wrap: 72))));
        Assert.Equal(Verdict.Block, report.Verdict);
        var finding = Assert.Single(report.Findings, f => f.Rule == "opaque-content");
        Assert.StartsWith("secret32.txt#base32@", finding.Location);
    }

    [Fact]
    public void Delimited_ascii85_of_random_bytes_is_opaque()
    {
        var random = new byte[3000];
        new Random(12).NextBytes(random);
        var report = cohort.Check(Write("secret85.txt", Log(MoreEncodingWriters.Ascii85(random, wrap: 76))));
        Assert.Equal(Verdict.Block, report.Verdict);
        Assert.Contains(report.Findings, f => f.Rule == "opaque-content" && f.Location.StartsWith("secret85.txt#ascii85@", StringComparison.Ordinal));
    }

    [Fact]
    public void Uuencoded_random_bytes_are_opaque()
    {
        var random = new byte[3000];
        new Random(13).NextBytes(random);
        var report = cohort.Check(Write("secret.uu", MoreEncodingWriters.Uuencode(random, "key.bin")));
        Assert.Equal(Verdict.Block, report.Verdict);
        Assert.Contains(report.Findings, f => f.Rule == "opaque-content" && f.Location.StartsWith("secret.uu#uuencode@", StringComparison.Ordinal));
    }

    /// <summary>Cut short (no closing marker, no "end") or with characters changed: still read or opaque, never released.</summary>
    [Theory]
    [InlineData("ascii85-cut")]
    [InlineData("ascii85-corrupt")]
    [InlineData("btoa-cut")]
    [InlineData("uuencode-cut")]
    [InlineData("uuencode-corrupt")]
    [InlineData("base32-cut")]
    [InlineData("base32-gzip-cut")]
    [InlineData("z85-gzip-corrupt")]
    public void Damaged_runs_are_not_released(string damage)
    {
        var slice = Slice(200);
        var gz = Pack(slice, Packing.Gzip);
        var random = new Random(damage.GetHashCode(StringComparison.Ordinal) & 0xFFFF);
        string Corrupt(string s)
        {
            var chars = s.ToCharArray();
            for (var i = 0; i < 20; i++)
            {
                var at = 40 + random.Next(chars.Length - 80);
                if (chars[at] is > ' ' and < 'u' && chars[at] != '\n') chars[at] = (char)('!' + random.Next(80));
            }
            return new string(chars);
        }
        var text = damage switch
        {
            "ascii85-cut" => MoreEncodingWriters.Ascii85(gz, wrap: 76)[..2000],
            "ascii85-corrupt" => Corrupt(MoreEncodingWriters.Ascii85(gz, wrap: 76)),
            "btoa-cut" => MoreEncodingWriters.Btoa(gz)[..2000],
            "uuencode-cut" => MoreEncodingWriters.Uuencode(gz)[..2000],
            "uuencode-corrupt" => Corrupt(MoreEncodingWriters.Uuencode(gz)),
            "base32-cut" => MoreEncodingWriters.Base32(slice, wrap: 72)[..3001],
            "base32-gzip-cut" => MoreEncodingWriters.Base32(gz, wrap: 72)[..2000],
            _ => Corrupt(MoreEncodingWriters.Z85(gz)),
        };
        var report = cohort.Check(Write($"{damage}.txt", Log(text)));
        Assert.True(report.Verdict != Verdict.Release, $"{damage} released: {string.Join(", ", report.Parts.Select(p => p.Path))}");
    }
}
