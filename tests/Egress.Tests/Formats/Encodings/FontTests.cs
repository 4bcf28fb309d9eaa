using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using Egress.Core;
using Egress.Formats.Content;
using Egress.Formats.Fonts;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Formats.Encodings;

/// <summary>Fonts embedded in HTML reports: known public fonts pass, other well-formed fonts are reviewed, fonts with unexplained bytes are blocked.</summary>
[Collection("indexed-cohort")]
public class FontTests(IndexedCohort cohort)
{
    /// <summary>A minimal TrueType file: a table directory and the tables it lists, each padded to four bytes.</summary>
    private static byte[] TrueType(params (string Tag, byte[] Data)[] tables)
    {
        using var font = new MemoryStream();
        var header = new byte[12 + 16 * tables.Length];
        BinaryPrimitives.WriteUInt32BigEndian(header, 0x00010000);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), (ushort)tables.Length);
        var offset = header.Length;
        for (var i = 0; i < tables.Length; i++)
        {
            var entry = header.AsSpan(12 + 16 * i);
            Encoding.ASCII.GetBytes(tables[i].Tag).CopyTo(entry);
            BinaryPrimitives.WriteUInt32BigEndian(entry[8..], (uint)offset);
            BinaryPrimitives.WriteUInt32BigEndian(entry[12..], (uint)tables[i].Data.Length);
            offset += (tables[i].Data.Length + 3) / 4 * 4;
        }
        font.Write(header);
        foreach (var (_, data) in tables)
        {
            font.Write(data);
            font.Write(new byte[(4 - data.Length % 4) % 4]);
        }
        return font.ToArray();
    }

    private static byte[] Table(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private string Html(string name, byte[] font, string mime = "application/x-font-truetype")
    {
        var path = cohort.NewFile(name);
        File.WriteAllText(path, "<html><head><style>@font-face{font-family:'X';src:url(data:" + mime + ";base64," + Convert.ToBase64String(font)
                                + ") format('truetype');}</style></head><body><p>Table 1</p></body></html>\n");
        return path;
    }

    [Fact]
    public void A_well_formed_unknown_font_is_reviewed()
    {
        var font = TrueType(("cmap", Table(300, 1)), ("glyf", Table(2000, 2)), ("head", Table(54, 3)));
        var part = Assert.Single(ContentReaders.Unpacker().Walk(new MemorySource(font), "f.ttf", new UnpackContext(new UnpackLimits(), CancellationToken.None)));
        Assert.Null(Assert.IsType<FontPart>(part).KnownAs);
        var report = cohort.Check(Html("report.html", font));
        Assert.Equal(Verdict.Review, report.Verdict);
        Assert.Equal("font-content", Assert.Single(report.Findings).Rule);
    }

    [Fact]
    public void A_font_with_bytes_no_table_explains_is_blocked()
    {
        var font = TrueType(("cmap", Table(300, 1)), ("glyf", Table(2000, 2)));
        var padded = font.Concat(Table(5000, 9)).ToArray();
        var report = cohort.Check(Html("hidden.html", padded));
        Assert.Equal(Verdict.Block, report.Verdict);
        var finding = Assert.Single(report.Findings);
        Assert.Equal("opaque-content", finding.Rule);
        Assert.Contains("5,000 bytes no table explains", finding.Message);
    }

    [Fact]
    public void A_truncated_font_is_blocked()
    {
        var font = TrueType(("cmap", Table(300, 1)), ("glyf", Table(2000, 2)));
        Assert.Equal(Verdict.Block, cohort.Check(Html("cut.html", font[..1500])).Verdict);
    }

    [RealCorpusFact]
    public void The_fonts_r_markdown_embeds_are_known()
    {
        var corpus = RealCorpus.Find()!;
        var html = Directory.EnumerateFiles(corpus, "*.html", SearchOption.AllDirectories)
            .Select(File.ReadAllText).FirstOrDefault(t => t.Contains("data:application/font-woff;base64,"));
        if (html is null) return;
        var woff = Convert.FromBase64String(Regex.Match(html, "data:application/font-woff;base64,([A-Za-z0-9+/=]+)").Groups[1].Value);
        Assert.StartsWith("GLYPHICONS", KnownFonts.Name(woff));
        var report = cohort.Check(Html("glyphicons.html", woff, "application/font-woff"));
        Assert.Equal(Verdict.Release, report.Verdict);
        Assert.Contains(report.Parts, p => p.Format.Contains("GLYPHICONS"));
    }
}
