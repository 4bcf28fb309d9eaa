using System.Diagnostics;
using System.Text;
using Egress.Checks;
using Egress.Core;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Formats.Encodings;

/// <summary>Encodings used against the checker: nesting, bombs, floods and offsets chosen to slip past. Each ends in a clear verdict.</summary>
[Collection("indexed-cohort")]
public class EncodedHostileTests(IndexedCohort cohort)
{
    private byte[] Slice(int rows = 100)
    {
        var (header, all) = cohort.Extract("A");
        return Encoding.UTF8.GetBytes(string.Join("\n", new[] { header[1..] }.Concat(all.Take(rows).Select(r => r[1..])).Select(r => string.Join(',', r))) + "\n");
    }

    private string Write(string name, string text)
    {
        var path = cohort.NewFile(name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Base64_nested_deeper_than_the_limit_is_blocked()
    {
        var bytes = Slice(20);
        for (var i = 0; i < 12; i++) bytes = Encoding.ASCII.GetBytes(EncodingWriters.Base64(bytes, 76));
        var report = cohort.Check(Write("deep.txt", Encoding.ASCII.GetString(bytes)));
        Assert.Equal(Verdict.Block, report.Verdict);
        Assert.Contains(report.Findings, f => f.Rule == ContentFindings.UnpackLimitRule && f.Message.Contains("layers deep"));
    }

    [Fact]
    public void Nesting_within_the_limit_is_read_to_the_bottom()
    {
        var bytes = Slice();
        for (var i = 0; i < 5; i++) bytes = Encoding.ASCII.GetBytes(EncodingWriters.Base64(bytes, 76));
        var report = cohort.Check(Write("five.txt", Encoding.ASCII.GetString(bytes)));
        Assert.Equal(Verdict.Block, report.Verdict);
        var finding = Assert.Single(report.Findings, f => f.Rule == ParticipantRecordDetector.Rule && f.Projects.Contains("A"));
        Assert.Equal(5, finding.Location.Split("#base64@").Length - 1);
    }

    [Fact]
    public void A_dump_at_a_high_offset_is_read()
    {
        // xxd -o 0x7f000000: the offsets do not start with zeros.
        var dump = EncodingWriters.Xxd(Slice());
        var shifted = string.Join("\n", dump.Split('\n').Select(l => l.Length > 8 ? (Convert.ToInt64(l[..8], 16) + 0x7f000000).ToString("x8") + l[8..] : l));
        var report = cohort.Check(Write("high.txt", "dump follows\n" + shifted));
        Assert.Equal(Verdict.Block, report.Verdict);
        Assert.Contains(report.Findings, f => f.Rule == ParticipantRecordDetector.Rule && f.Location.StartsWith("high.txt#hexdump@", StringComparison.Ordinal));
    }

    [Fact]
    public void A_dump_whose_repeat_stands_for_gigabytes_is_not_expanded_and_not_released()
    {
        const string bomb = "0000000 0000 0000 0000 0000 0000 0000 0000 0000\n*\n7777777760 6569 642c 6167 652c 7365 780a 3132 3334\n7777777800\n";
        var clock = Stopwatch.StartNew();
        var report = cohort.Check(Write("bomb.txt", bomb));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Equal(Verdict.Block, report.Verdict);
        Assert.Contains(report.Findings, f => f.Rule == ContentFindings.UnpackLimitRule && f.Message.Contains("repeated lines"));
    }

    [Fact]
    public void A_flood_of_distinct_encoded_runs_stops_at_the_bound_and_blocks()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 4200; i++)
            text.Append("note ").Append(EncodingWriters.Base64(Encoding.ASCII.GetBytes($"this is note number {i:D6} of the flood, padded"))).Append('\n');
        var report = cohort.Check(Write("flood.txt", text.ToString()));
        Assert.Equal(Verdict.Block, report.Verdict);
        Assert.Contains(report.Findings, f => f.Rule == ContentFindings.UnpackLimitRule && f.Message.Contains("encoded runs"));
    }

    [Fact]
    public void One_long_line_of_base64_is_read()
    {
        var big = Enumerable.Repeat(Slice(2000), 3).SelectMany(b => b).ToArray();
        var report = cohort.Check(Write("big.txt", "x=" + EncodingWriters.Base64(big) + "\n"));
        Assert.Equal(Verdict.Block, report.Verdict);
        Assert.Contains(report.Findings, f => f.Rule == ParticipantRecordDetector.Rule && f.Location.StartsWith("big.txt#base64@2", StringComparison.Ordinal));
    }

    [Fact]
    public void Decoded_bytes_count_towards_the_expansion_limit()
    {
        var policy = Policy.Default;
        policy.Limits.MaxExpandedBytes = 50_000;
        var report = cohort.Check(Write("limit.txt", "x=" + EncodingWriters.Base64(Slice(1000)) + "\n"), "A", policy);
        Assert.Equal(Verdict.Block, report.Verdict);
        Assert.Contains(report.Findings, f => f.Rule == ContentFindings.UnpackLimitRule);
    }

    [Fact]
    public void Damaged_encodings_get_a_verdict()
    {
        var b64 = EncodingWriters.Base64(Slice(), 76);
        var damaged = new[]
        {
            b64[..(b64.Length / 2)] + "!!!!" + b64[(b64.Length / 2)..],   // a break in the middle
            b64.Replace('A', '*'),                                          // characters outside the alphabet
            EncodingWriters.Xxd(Slice()).Replace("0000010:", "00000l0:"),   // a corrupt offset
            EncodingWriters.OdX(Slice())[..5000],                           // cut mid-line
            EncodingWriters.QuotedPrintable(Slice(), escapeAll: true)[..3001], // cut inside an escape
            "%" + EncodingWriters.UrlEncode(Slice())[..4000] + "%G",
        };
        var verdicts = damaged.Select(text => cohort.Check(Write("damaged.txt", text))).ToList();
        Assert.All(verdicts, r => Assert.DoesNotContain(r.Findings, f => f.Rule == "internal-error"));
        // Whatever of the slice still decodes is still a slice.
        Assert.Equal(Verdict.Block, verdicts[0].Verdict);
        Assert.Equal(Verdict.Block, verdicts[2].Verdict);
        Assert.Equal(Verdict.Block, verdicts[3].Verdict);
    }
}
