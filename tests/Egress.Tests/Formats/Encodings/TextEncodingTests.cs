using System.Text;
using Egress.Checks;
using Egress.Core;
using Egress.Formats.Content;
using Egress.Formats.TextEncodings;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Formats.Encodings;

/// <summary>Whole files in UTF-16, UTF-32 and 8-bit code pages are text: transcoded and checked, not called binary.</summary>
[Collection("indexed-cohort")]
public class TextEncodingTests(IndexedCohort cohort)
{
    private static readonly UnpackLimits Limits = new();

    private static List<Part> Walk(byte[] bytes, string name) =>
        ContentReaders.Unpacker().Walk(new MemorySource(bytes), name, new UnpackContext(Limits, CancellationToken.None)).ToList();

    private static string ReadText(Part part) =>
        new StreamReader(Assert.IsType<TextPart>(part).Source.Open(), Encoding.UTF8).ReadToEnd();

    public static TheoryData<string, string> Encodings => new()
    {
        { "utf-16le", "utf-16le" }, { "utf-16le-nobom", "utf-16le" }, { "utf-16be", "utf-16be" }, { "utf-16be-nobom", "utf-16be" },
        { "utf-32le", "utf-32le" }, { "utf-32le-nobom", "utf-32le" }, { "utf-32be", "utf-32be" },
    };

    private static byte[] Encode(string text, string how)
    {
        Encoding encoding = how switch
        {
            "utf-16le" or "utf-16le-nobom" => new UnicodeEncoding(false, true),
            "utf-16be" or "utf-16be-nobom" => new UnicodeEncoding(true, true),
            "utf-32le" or "utf-32le-nobom" => new UTF32Encoding(false, true),
            _ => new UTF32Encoding(true, true),
        };
        var body = encoding.GetBytes(text);
        return how.EndsWith("nobom", StringComparison.Ordinal) ? body : [.. encoding.GetPreamble(), .. body];
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Unicode_text_is_transcoded_to_utf8(string how, string name)
    {
        const string text = "eid,name,bmi\n1000086,Zoë Brontë,28.1275\n1000105,Łukasz,21.5331\n";
        var parts = Walk(Encode(text, how), "table.csv");
        var part = Assert.Single(parts);
        Assert.Equal($"table.csv#{name}", part.Path);
        Assert.Equal(text, ReadText(part));
    }

    [Fact]
    public void Latin1_text_is_transcoded_to_utf8()
    {
        var bytes = Encoding.Latin1.GetBytes("région;café;taille\nÎle-de-France;crème;1,5\n");
        bytes = [.. bytes, 0x80, (byte)'\n']; // the euro sign in Windows-1252
        var part = Assert.Single(Walk(bytes, "regions.csv"));
        Assert.Equal("regions.csv#windows-1252", part.Path);
        Assert.Equal("région;café;taille\nÎle-de-France;crème;1,5\n€\n", ReadText(part));
    }

    [Fact]
    public void Binary_with_nuls_or_many_control_bytes_is_not_text()
    {
        var random = new byte[4096];
        new Random(3).NextBytes(random);
        Assert.IsType<OpaquePart>(Assert.Single(Walk(random, "blob.bin")));
        // Little-endian 16-bit integers: a NUL in every other byte, but control characters once decoded.
        var shorts = Enumerable.Range(0, 2048).SelectMany(i => new[] { (byte)(i % 20), (byte)0 }).ToArray();
        Assert.IsType<OpaquePart>(Assert.Single(Walk(shorts, "shorts.bin")));
        Assert.False(new UnicodeTextReader().Recognizes(shorts, new MemorySource(shorts)));
        Assert.False(new EightBitTextReader().Recognizes(random, new MemorySource(random)));
    }

    [Fact]
    public void A_truncated_utf16_file_still_reads()
    {
        var bytes = Encode("eid,bmi\n1000086,28.1275\n", "utf-16le");
        var part = Assert.Single(Walk(bytes[..^1], "cut.csv"));
        Assert.StartsWith("eid,bmi\n1000086,28.127", ReadText(part));
    }

    [Fact]
    public void A_utf16_csv_leak_is_blocked()
    {
        var (header, rows) = cohort.Extract("A");
        var text = string.Join("\r\n", new[] { header[1..] }.Concat(rows.Take(100).Select(r => r[1..])).Select(r => string.Join('\t', r))) + "\r\n";
        var path = cohort.NewFile("export.csv");
        File.WriteAllBytes(path, Encode(text, "utf-16le"));
        var report = cohort.Check(path);
        Assert.Equal(Verdict.Block, report.Verdict);
        var finding = Assert.Single(report.Findings, f => f.Rule == ParticipantRecordDetector.Rule && f.Projects.Contains("A"));
        Assert.StartsWith("export.csv#utf-16le", finding.Location);
        Assert.True(finding.Participants >= 90);
    }

    [Fact]
    public void A_utf32_csv_leak_without_a_bom_is_blocked()
    {
        var (header, rows) = cohort.Extract("A");
        var text = string.Join("\n", new[] { header[1..] }.Concat(rows.Take(100).Select(r => r[1..])).Select(r => string.Join(',', r))) + "\n";
        var path = cohort.NewFile("export32.csv");
        File.WriteAllBytes(path, Encode(text, "utf-32le-nobom"));
        var report = cohort.Check(path);
        Assert.Equal(Verdict.Block, report.Verdict);
        Assert.Contains(report.Findings, f => f.Rule == ParticipantRecordDetector.Rule && f.Location.StartsWith("export32.csv#utf-32le", StringComparison.Ordinal));
    }

    [Fact]
    public void Legitimate_outputs_saved_as_utf16_are_not_blocked()
    {
        var outDir = Directory.CreateTempSubdirectory("egress-legit-utf16-").FullName;
        foreach (var output in Egress.Cohort.Outputs.LegitimateOutputGenerator.Generate(cohort.Files.Directory, outDir, 8, 5))
        {
            var path = cohort.NewFile(output.FileName);
            File.WriteAllBytes(path, Encode(File.ReadAllText(output.FullPath), "utf-16le"));
            var report = cohort.Check(path);
            Assert.True(report.Verdict != Verdict.Block, $"{output.FileName}: " + string.Join("; ", report.Findings.Select(f => f.Message)));
            Assert.DoesNotContain(report.Findings, f => f.Rule == "opaque-content");
        }
        Directory.Delete(outDir, recursive: true);
    }

    [Fact]
    public void A_legitimate_latin1_csv_is_not_blocked()
    {
        var text = new StringBuilder("Région;Catégorie;Effectif;Âge moyen;Écart-type\n");
        string[] regions = ["Île-de-France", "Provence-Alpes-Côte d'Azur", "Hauts-de-France", "Bourgogne-Franche-Comté", "Centre-Val de Loire"];
        string[] categories = ["Hommes", "Femmes", "Non précisé"];
        var n = 0;
        foreach (var region in regions)
            foreach (var category in categories)
            {
                n++;
                text.Append($"{region};{category};{120 + 37 * n};{(52.3 + n * 0.71).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture).Replace('.', ',')};{(8.1 + n * 0.13).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture).Replace('.', ',')}\n");
            }
        text.Append("Total;;2 340;56,1;9,02\n");
        var path = cohort.NewFile("effectifs.csv");
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes(text.ToString()));
        var report = cohort.Check(path);
        Assert.True(report.Verdict != Verdict.Block, string.Join("; ", report.Findings.Select(f => f.Message)));
        Assert.DoesNotContain(report.Findings, f => f.Rule == "opaque-content");
        Assert.Contains(report.Parts, p => p.Path == "effectifs.csv#windows-1252" && p.Format.Contains("delimited"));
    }
}
