using System.IO.Compression;
using System.Text;
using Egress.Checks;
using Egress.Core;
using Egress.Tests.Support;
using Xunit;
using static Egress.Tests.Formats.Encodings.MoreEncodingWriters;

namespace Egress.Tests.Formats.Encodings;

/// <summary>
/// An encoded extract cut into string literals too short to decode alone, joined as the language joins them, is
/// blocked in a part named <c>file#literals@offset</c>; a list of short codes in a script is not taken for one.
/// </summary>
[Collection("indexed-cohort")]
public class StringLiteralLeakTests(IndexedCohort cohort)
{
    private byte[] Slice(int rows = 100)
    {
        var (header, all) = cohort.Extract("A");
        var text = new StringBuilder(string.Join(',', header[1..])).Append('\n');
        foreach (var row in all.Take(rows)) text.Append(string.Join(',', row[1..])).Append('\n');
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

    private static string Describe(CheckReport report) => string.Join("; ", report.Findings.Select(f => $"{f.Rule} {f.Location}: {f.Message}"));

    [Theory]
    [InlineData(Joining.PythonAdjacent, "script.py", 24)]
    [InlineData(Joining.PythonJoin, "script.py", 30)]
    [InlineData(Joining.JavaScriptPlus, "app.js", 20)]
    [InlineData(Joining.CSharpPlus, "Program.cs", 16)]
    [InlineData(Joining.RPaste0, "analysis.R", 28)]
    [InlineData(Joining.RPasteSep, "analysis.R", 31)]
    [InlineData(Joining.ContinuationLines, "run.sh", 25)]
    [InlineData(Joining.JavaScriptArrayJoin, "app.js", 12)]
    public void Base64_of_gzip_in_short_literals_is_blocked(Joining joining, string name, int piece)
    {
        var code = "# generated\nimport sys\n" + InLiterals(EncodingWriters.Base64(Gzip(Slice())), piece, joining);
        var report = cohort.Check(Write(name, code));
        Assert.True(report.Verdict == Verdict.Block, Describe(report));
        Assert.Contains(report.Findings, f => f.Rule == ParticipantRecordDetector.Rule && f.Location.StartsWith(name + "#literals@", StringComparison.Ordinal) && f.Participants >= 90);
    }

    [Theory]
    [InlineData("base64")]
    [InlineData("base32")]
    [InlineData("hex")]
    [InlineData("z85")]
    public void Each_encoding_in_literals_is_blocked(string encoding)
    {
        var slice = Slice();
        var run = encoding switch
        {
            "base64" => EncodingWriters.Base64(slice),
            "base32" => Base32(Gzip(slice)),
            "hex" => EncodingWriters.Hex(Gzip(slice)),
            _ => Z85(Gzip(slice)),
        };
        var report = cohort.Check(Write("enc.py", "DATA = (\n" + string.Join("\n", run.Chunk(20).Select(c => $"    \"{new string(c)}\"")) + "\n)\n"));
        Assert.True(report.Verdict == Verdict.Block, Describe(report));
        Assert.Contains(report.Findings, f => f.Rule == ParticipantRecordDetector.Rule && f.Location.StartsWith("enc.py#literals@", StringComparison.Ordinal));
    }

    [Fact]
    public void Random_bytes_in_concatenated_literals_are_opaque()
    {
        var random = new byte[2000];
        new Random(21).NextBytes(random);
        var report = cohort.Check(Write("key.js", InLiterals(Convert.ToBase64String(random), 24, Joining.JavaScriptPlus)));
        Assert.Equal(Verdict.Block, report.Verdict);
        Assert.Contains(report.Findings, f => f.Rule == "opaque-content" && f.Location.StartsWith("key.js#literals@", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Code_lists_and_printed_vectors_are_released(int seed)
    {
        var random = new Random(seed);
        string Code() => $"{(char)('A' + random.Next(26))}{random.Next(10, 99)}{(random.Next(2) == 0 ? random.Next(0, 9).ToString() : "")}";
        var text = new StringBuilder("library(dplyr)\n# ICD-10 code lists\n");
        text.Append("cvd_codes <- c(\n").Append(string.Join(",\n", Enumerable.Range(0, 60).Select(_ => $"  \"{Code()}\""))).Append("\n)\n");
        text.Append("diabetes <- c(").Append(string.Join(", ", Enumerable.Range(0, 40).Select(_ => $"\"{Code()}\""))).Append(")\n");
        text.Append("codes = [").Append(string.Join(", ", Enumerable.Range(0, 40).Select(_ => $"'{Code()}'"))).Append("]\n");
        text.Append("> print(cvd_codes)\n");
        for (var line = 0; line < 8; line++)
            text.Append($"[{line * 10 + 1,2}] ").Append(string.Join(" ", Enumerable.Range(0, 10).Select(_ => $"\"{Code()}\""))).Append('\n');
        text.Append("write.table(df)\n");
        for (var row = 0; row < 30; row++)
            text.Append($"\"{row + 1}\" ").Append(string.Join(" ", Enumerable.Range(0, 12).Select(_ => $"\"{Code()}\""))).Append('\n');
        text.Append("label <- paste(\"Table\", \"1\", \"Results\", \"by\", \"region\", \"and\", \"sex\", \"2020\")\n");
        text.Append("path <- paste0(\"output/\", \"tables/\", \"table_1_by_region_and_sex\", \".csv\")\n");
        var report = cohort.Check(Write("codes.R", text.ToString()));
        Assert.True(report.Verdict == Verdict.Release, Describe(report));
    }
}
