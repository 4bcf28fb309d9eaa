using System.IO.Compression;
using System.Text;
using Egress.Checks;
using Egress.Core;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Formats.Encodings;

/// <summary>
/// A participant slice hidden in text through every encoding the scanner decodes must be blocked, and the
/// finding must name the encoded run (its encoding and where it lies).
/// </summary>
[Collection("indexed-cohort")]
public class EncodedLeakTests(IndexedCohort cohort)
{
    /// <summary>100 rows of project A's extract as CSV, IDs dropped.</summary>
    private byte[] Slice(int rows = 100, int skip = 0)
    {
        var (header, all) = cohort.Extract("A");
        var text = new StringBuilder();
        text.Append(string.Join(',', header[1..])).Append('\n');
        foreach (var row in all.Skip(skip).Take(rows)) text.Append(string.Join(',', row[1..])).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Optimal)) gz.Write(bytes);
        return output.ToArray();
    }

    private string Write(string name, string text)
    {
        var path = cohort.NewFile(name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Log(string payloadLine) =>
        "2024-03-01 09:12:44 INFO starting job 17\n2024-03-01 09:12:45 DEBUG request body follows\n" + payloadLine +
        "\n2024-03-01 09:12:46 INFO job 17 finished in 1.2 s\n";

    /// <summary>Blocked for participant records, in a part whose path names the encoding.</summary>
    private static Finding AssertBlockedIn(CheckReport report, string encodingFragment)
    {
        Assert.Equal(Verdict.Block, report.Verdict);
        var finding = Assert.Single(report.Findings, f => f.Rule == ParticipantRecordDetector.Rule && f.Projects.Contains("A"));
        Assert.Contains(encodingFragment, finding.Location);
        Assert.True(finding.Participants >= 90, $"{finding.Participants} participants: {finding.Message}");
        Assert.Contains(report.Parts, p => p.Path.Contains(encodingFragment));
        return finding;
    }

    [Theory]
    [InlineData(0, false, true)]
    [InlineData(76, false, true)]
    [InlineData(64, false, true)]
    [InlineData(0, true, false)]
    [InlineData(76, true, false)]
    public void Base64_in_a_log_is_blocked(int wrap, bool urlSafe, bool padding)
    {
        var payload = EncodingWriters.Base64(Slice(), wrap, urlSafe, padding);
        var report = cohort.Check(Write("job.log", Log("payload=" + payload)));
        // Text rarely needs the two characters that tell the alphabets apart: a run without them is named base64.
        var finding = AssertBlockedIn(report, "job.log#base64");
        Assert.DoesNotContain(report.Findings, f => f.Rule == "opaque-content");
        Assert.Matches(@"job\.log#base64(url)?@\d+", finding.Location);
    }

    [Fact]
    public void The_location_is_the_byte_offset_of_the_run()
    {
        var prefix = Log("x").Split('\n')[0] + "\n";
        var text = prefix + EncodingWriters.Base64(Slice(), 76) + "\n";
        var finding = AssertBlockedIn(cohort.Check(Write("notes.txt", text)), "notes.txt#base64@");
        Assert.StartsWith($"notes.txt#base64@{Encoding.UTF8.GetByteCount(prefix)}:", finding.Location);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(0, true)]
    [InlineData(60, false)]
    public void Plain_hex_is_blocked(int wrap, bool upper)
    {
        var report = cohort.Check(Write("dump.txt", Log(EncodingWriters.Hex(Slice(), wrap, upper))));
        AssertBlockedIn(report, "dump.txt#hex@");
    }

    [Fact]
    public void An_xxd_dump_is_blocked() =>
        AssertBlockedIn(cohort.Check(Write("xxd.txt", "$ xxd extract.csv\n" + EncodingWriters.Xxd(Slice()))), "xxd.txt#hexdump@");

    [Fact]
    public void An_od_dump_is_blocked() =>
        AssertBlockedIn(cohort.Check(Write("od.txt", "$ od -x extract.csv\n" + EncodingWriters.OdX(Slice()))), "od.txt#hexdump@");

    [Fact]
    public void A_hexdump_C_dump_is_blocked() =>
        AssertBlockedIn(cohort.Check(Write("hexdump.txt", EncodingWriters.HexdumpC(Slice()))), "hexdump.txt#hexdump@");

    [Fact]
    public void A_url_encoded_query_string_is_blocked()
    {
        var line = "10.0.0.7 - - [01/Mar/2024:09:12:45] \"GET /api/upload?project=A&data=" + EncodingWriters.UrlEncode(Slice()) + "&v=2 HTTP/1.1\" 200 512";
        AssertBlockedIn(cohort.Check(Write("access.log", Log(line))), "access.log#urlencoded@");
    }

    [Fact]
    public void A_url_encoded_link_in_an_html_report_is_blocked()
    {
        var html = "<!DOCTYPE html><html><body><h1>Results</h1><p>See the <a href=\"https://example.org/share?d="
                   + EncodingWriters.UrlEncode(Slice()) + "\">shared table</a>.</p></body></html>\n";
        AssertBlockedIn(cohort.Check(Write("report.html", html)), "report.html#style-and-links#urlencoded@");
    }

    [Fact]
    public void Base64_in_a_style_sheet_of_an_html_report_is_blocked()
    {
        var html = "<!DOCTYPE html><html><head><style>body{font-family:sans-serif}\n.logo{background:url(data:text/plain;base64,"
                   + EncodingWriters.Base64(Slice()) + ")}</style></head><body><p>Table 1</p></body></html>\n";
        var report = cohort.Check(Write("styled.html", html));
        Assert.Equal(Verdict.Block, report.Verdict);
        Assert.Contains(report.Findings, f => f.Rule == ParticipantRecordDetector.Rule && f.Location.StartsWith("styled.html#style-and-links#base64@", StringComparison.Ordinal));
    }

    [Fact]
    public void Quoted_printable_in_an_email_is_blocked()
    {
        var mail = "From: a@example.org\nTo: b@example.org\nSubject: results\nContent-Type: text/csv\nContent-Transfer-Encoding: quoted-printable\n\n"
                   + EncodingWriters.QuotedPrintable(Slice(), escapeAll: true) + "\n";
        AssertBlockedIn(cohort.Check(Write("mail.eml", mail)), "mail.eml#quoted-printable@");
    }

    [Fact]
    public void Quoted_printable_with_soft_breaks_inside_values_is_blocked()
    {
        // Rows joined into one long line: nearly every value lies across a soft break or between escapes.
        var slice = Encoding.UTF8.GetString(Slice()).Replace("\n", ";");
        var mail = "Subject: numbers\nContent-Transfer-Encoding: quoted-printable\n\n" + EncodingWriters.QuotedPrintable(Encoding.UTF8.GetBytes(slice)) + "\n";
        var report = cohort.Check(Write("soft.eml", mail));
        Assert.Equal(Verdict.Block, report.Verdict);
        Assert.Contains(report.Findings, f => f.Rule == ParticipantRecordDetector.Rule && f.Location.Contains("soft.eml#quoted-printable@"));
    }

    [Fact]
    public void Base64_of_gzip_is_blocked() =>
        AssertBlockedIn(cohort.Check(Write("gz.log", Log("blob: " + EncodingWriters.Base64(Gzip(Slice()), 76)))), "gz.log#base64@");

    [Fact]
    public void Double_base64_is_blocked()
    {
        var inner = Encoding.ASCII.GetBytes(EncodingWriters.Base64(Slice()));
        var finding = AssertBlockedIn(cohort.Check(Write("double.txt", Log(EncodingWriters.Base64(inner, 64)))), "double.txt#base64@");
        Assert.Matches(@"double\.txt#base64@\d+#base64@\d+", finding.Location);
    }

    [Fact]
    public void Hex_of_base64_of_gzip_is_blocked()
    {
        var inner = Encoding.ASCII.GetBytes(EncodingWriters.Base64(Gzip(Slice())));
        AssertBlockedIn(cohort.Check(Write("layers.txt", Log(EncodingWriters.Hex(inner)))), "layers.txt#hex@");
    }

    [Fact]
    public void Base64_of_random_bytes_is_opaque_and_blocked_naming_the_encoding_and_size()
    {
        var random = new byte[6000];
        new Random(5).NextBytes(random);
        var report = cohort.Check(Write("secret.log", Log("token=" + EncodingWriters.Base64(random, 76))));
        Assert.Equal(Verdict.Block, report.Verdict);
        var finding = Assert.Single(report.Findings, f => f.Rule == "opaque-content");
        Assert.StartsWith("secret.log#base64@", finding.Location);
        Assert.Contains("base64", finding.Message);
        Assert.Contains("6,000 bytes", finding.Message);
        Assert.Contains("encrypted or random data", finding.Message);
    }

    [Fact]
    public void Base64_of_truncated_gzip_is_blocked_as_damaged()
    {
        var gz = Gzip(Slice(300));
        var report = cohort.Check(Write("cut.log", Log(EncodingWriters.Base64(gz[..(gz.Length / 2)], 76))));
        Assert.Equal(Verdict.Block, report.Verdict);
        Assert.Contains(report.Findings, f => f.Location.StartsWith("cut.log#base64@", StringComparison.Ordinal));
    }

    [Fact]
    public void Encoded_rows_hidden_in_table_cells_are_blocked()
    {
        // One participant's row per cell, base64'd: the table reader yields the cells, the finder decodes them.
        var rows = Encoding.UTF8.GetString(Slice()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var table = new StringBuilder(TestTableReader.Magic + "label\tvalue\n");
        for (var i = 1; i < rows.Length; i++)
            table.Append($"item{i}\t").Append(EncodingWriters.Base64(Encoding.UTF8.GetBytes(rows[0] + "\n" + rows[i] + "\n"))).Append('\n');
        var path = Write("cells.tbl", table.ToString());
        var engine = new CheckEngine(cohort.Index, Policy.Default) { Unpacker = new Egress.Formats.Content.Unpacker([new TestTableReader(), .. Egress.Formats.Content.ContentReaders.All()]) };
        var report = engine.Check(path, "A");
        Assert.Equal(Verdict.Block, report.Verdict);
        var finding = Assert.Single(report.Findings, f => f.Rule == ParticipantRecordDetector.Rule);
        Assert.Matches(@"cells\.tbl#table#base64@row\d+", finding.Location);
    }
}
