using System.Text;
using Egress.Checks;
using Egress.Core;
using Egress.Tests.Formats.Pdf;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Formats.Pictures;

/// <summary>
/// End to end through the engine: a participant slice hidden in a picture or a PDF is blocked, with the
/// finding located in the part it was hidden in; clean plots go to review (or are released when the
/// policy says so); a PDF report of aggregate results is not blocked; damaged files are never released.
/// </summary>
[Collection("indexed-cohort")]
public class PictureLeakTests
{
    private readonly IndexedCohort _cohort;

    public PictureLeakTests(IndexedCohort cohort) => _cohort = cohort;

    /// <summary>Rows of project A's extract with the IDs dropped, as CSV, at most <paramref name="maxBytes"/> long.</summary>
    private string Slice(int rows = 200, int maxBytes = 60_000, char separator = ',')
    {
        var (header, all) = _cohort.Extract("A");
        var text = new StringBuilder(string.Join(separator, header[1..])).Append('\n');
        foreach (var row in all.Take(rows))
        {
            var line = string.Join(separator, row[1..]) + "\n";
            if (text.Length + line.Length > maxBytes) break;
            text.Append(line);
        }
        return text.ToString();
    }

    private CheckReport Check(string name, byte[] bytes, Policy? policy = null)
    {
        var path = _cohort.NewFile(name);
        File.WriteAllBytes(path, bytes);
        return _cohort.Check(path, "A", policy);
    }

    private static void AssertBlockedAt(CheckReport report, string partPath)
    {
        Assert.Equal(Verdict.Block, report.Verdict);
        Assert.Contains(report.Findings, f => f.Rule is ParticipantRecordDetector.Rule or ParticipantIdDetector.Rule
            && f.Location.Contains(partPath, StringComparison.Ordinal));
    }

    [Fact]
    public void A_slice_in_a_png_text_chunk_is_blocked() =>
        AssertBlockedAt(Check("fig.png", PngFile.Build(before: [PngFile.Text("Comment", Slice())])), "fig.png#tEXt:Comment");

    [Fact]
    public void A_slice_in_a_compressed_png_text_chunk_is_blocked() =>
        AssertBlockedAt(Check("fig.png", PngFile.Build(before: [PngFile.InternationalText("Description", Slice(), compress: true)])), "fig.png#iTXt:Description");

    [Fact]
    public void A_slice_after_IEND_is_blocked() =>
        AssertBlockedAt(Check("fig.png", PngFile.Build(trailing: Encoding.UTF8.GetBytes(Slice()))), "fig.png#after-IEND");

    [Fact]
    public void A_slice_in_a_private_png_chunk_is_blocked() =>
        AssertBlockedAt(Check("fig.png", PngFile.Build(before: [PngFile.Chunk("prVt", Encoding.UTF8.GetBytes(Slice()))])), "fig.png#prVt");

    [Fact]
    public void A_gzipped_slice_after_IEND_is_blocked() =>
        AssertBlockedAt(Check("fig.png", PngFile.Build(trailing: Gzip(Encoding.UTF8.GetBytes(Slice())))), "fig.png#after-IEND");

    [Fact]
    public void A_slice_in_a_jpeg_comment_is_blocked() =>
        AssertBlockedAt(Check("fig.jpg", JpegFile.Build([JpegFile.Comment(Slice())])), "fig.jpg#COM");

    [Fact]
    public void A_slice_in_jpeg_exif_is_blocked()
    {
        var exif = ExifData.Build(new Dictionary<ushort, string> { [0x010E] = "Figure 1" }, Slice(maxBytes: 60_000));
        AssertBlockedAt(Check("fig.jpg", JpegFile.Build([JpegFile.Exif(exif)])), "fig.jpg#APP1:Exif");
    }

    [Fact]
    public void A_slice_after_EOI_is_blocked() =>
        AssertBlockedAt(Check("fig.jpg", JpegFile.Build(trailing: Encoding.UTF8.GetBytes(Slice()))), "fig.jpg#after-EOI");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_slice_in_pdf_page_text_is_blocked(bool flate)
    {
        var pdf = new PdfBuilder();
        foreach (var page in Slice(maxBytes: 200_000, separator: ' ').Split('\n', StringSplitOptions.RemoveEmptyEntries).Chunk(60))
            pdf.AddTextPage(page, flate);
        AssertBlockedAt(Check("report.pdf", pdf.Build()), "report.pdf#page");
    }

    [Fact]
    public void A_slice_in_a_pdf_with_a_composite_font_is_blocked()
    {
        var pdf = new PdfBuilder();
        foreach (var page in Slice(maxBytes: 200_000, separator: ' ').Split('\n', StringSplitOptions.RemoveEmptyEntries).Chunk(60))
            pdf.AddCompositeFontPage(page);
        AssertBlockedAt(Check("report.pdf", pdf.Build()), "report.pdf#page");
    }

    [Fact]
    public void A_slice_in_a_pdf_attachment_is_blocked()
    {
        var pdf = new PdfBuilder();
        pdf.AddTextPage(["Results: see the attached table."]);
        pdf.Attach("table.csv", Encoding.UTF8.GetBytes(Slice(maxBytes: 200_000)));
        AssertBlockedAt(Check("report.pdf", pdf.Build()), "report.pdf#attachment:table.csv");
    }

    [Fact]
    public void A_clean_plot_goes_to_review_by_default_and_is_released_when_the_policy_says_so()
    {
        var png = PngFile.Build(320, 240, before: [PngFile.Text("Software", "matplotlib version3.1.3, http://matplotlib.org/")]);
        var jpeg = JpegFile.Build([JpegFile.Exif(ExifData.Build(new Dictionary<ushort, string> { [0x0131] = "R 4.3" }))]);
        var release = new Policy { Images = new ImagePolicy { ReleaseCleanPlots = true } };
        foreach (var (name, bytes) in new[] { ("plot.png", png), ("plot.jpg", jpeg) })
        {
            var review = Check(name, bytes);
            Assert.Equal(Verdict.Review, review.Verdict);
            Assert.Contains(review.Findings, f => f.Rule == ContentFindings.ImageRule);
            Assert.Equal(Verdict.Release, Check(name, bytes, release).Verdict);
        }
    }

    [Fact]
    public void A_picture_with_something_hidden_is_not_released_even_when_clean_plots_are()
    {
        var release = new Policy { Images = new ImagePolicy { ReleaseCleanPlots = true } };
        var noise = new byte[256];
        new Random(2).NextBytes(noise);
        Assert.NotEqual(Verdict.Release, Check("plot.png", PngFile.Build(trailing: noise), release).Verdict);
        Assert.NotEqual(Verdict.Release, Check("plot.png", PngFile.Build(before: [PngFile.Chunk("prVt", [1, 2, 3])]), release).Verdict);
        Assert.NotEqual(Verdict.Release, Check("plot.jpg", JpegFile.Build(trailing: noise), release).Verdict);
    }

    [Fact]
    public void A_pdf_report_of_aggregate_results_is_not_blocked()
    {
        var outDir = Directory.CreateTempSubdirectory("egress-pdf-legit-").FullName;
        var outputs = Egress.Cohort.Outputs.LegitimateOutputGenerator.Generate(_cohort.Files.Directory, outDir, 24, 3);
        var picked = outputs.Where(o => o.Kind is Egress.Cohort.Outputs.OutputKind.FrequencyTable or Egress.Cohort.Outputs.OutputKind.RegressionTable
            or Egress.Cohort.Outputs.OutputKind.SummaryStatistics).Take(4).ToList();
        Assert.NotEmpty(picked);
        var pdf = new PdfBuilder();
        foreach (var output in picked)
            foreach (var page in File.ReadAllLines(output.FullPath).Chunk(60))
                pdf.AddTextPage(page, flate: true);
        var report = Check("report.pdf", pdf.Build(info: "/Title (Results) /Producer (R 4.3.1)"));
        Assert.True(report.Verdict != Verdict.Block, string.Join("; ", report.Findings.Select(f => $"{f.Rule} {f.Location}: {f.Message}")));
        Directory.Delete(outDir, recursive: true);
    }

    [Fact]
    public void Truncated_and_corrupt_pictures_and_pdfs_are_never_released()
    {
        var release = new Policy { Images = new ImagePolicy { ReleaseCleanPlots = true } };
        var pdf = new PdfBuilder();
        pdf.AddTextPage(["Table 1", "n 1234"], flate: true);
        var files = new[] { ("fig.png", PngFile.Build()), ("fig.jpg", JpegFile.Build()), ("report.pdf", pdf.Build()) };
        foreach (var (name, bytes) in files)
        {
            foreach (var cut in new[] { bytes.Length / 3, bytes.Length / 2, bytes.Length - 10 })
                Assert.NotEqual(Verdict.Release, Check(name, bytes[..cut], release).Verdict);
            var corrupt = (byte[])bytes.Clone();
            for (var i = 40; i < corrupt.Length - 40; i += 23) corrupt[i] ^= 0x5A;
            Assert.NotEqual(Verdict.Release, Check(name, corrupt, release).Verdict);
        }
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gz = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true)) gz.Write(data);
        return output.ToArray();
    }
}
