using System.Globalization;
using System.Text;
using Egress.Checks;
using Egress.Cohort.Outputs;
using Egress.Core;
using Egress.Formats;
using Egress.Formats.Content;
using Egress.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Egress.Tests.Formats.IndividualLevel;

/// <summary>GWAS summary statistics: checked like any table, and variants below the minimum minor allele count go to review.</summary>
[Collection("indexed-cohort")]
public class GwasMinorAlleleCountTests(IndexedCohort cohort, ITestOutputHelper output)
{
    private const int People = 20_000;
    private static readonly string[] Columns = ["CHR", "BP", "SNP", "A1", "A2", "AF", "BETA", "SE", "P", "N"];

    /// <summary>Variants on chromosome 1 with AF giving a MAC of at least 40, except the rows listed (0-based) whose MAC is 4.</summary>
    private static List<string[]> Variants(int count, params int[] lowRows)
    {
        var rng = new Random(21);
        var rows = new List<string[]>();
        var bp = 12_000_000;
        for (var i = 0; i < count; i++)
        {
            bp += rng.Next(2_000, 40_000);
            var af = lowRows.Contains(i) ? 0.0001 : 0.001 + rng.NextDouble() * 0.498;
            if (rng.Next(2) == 0 && !lowRows.Contains(i)) af = 1 - af;
            var se = 1 / Math.Sqrt(2 * People * af * (1 - af));
            var beta = (rng.NextDouble() - 0.5) * 2 * se;
            rows.Add(["1", bp.ToString(CultureInfo.InvariantCulture), $"rs{rng.Next(10_000, 200_000_000)}", "A", "G", F(af, 4), F(beta, 5), F(se, 5),
                (0.05 + rng.NextDouble() * 0.9).ToString("0.###E+0", CultureInfo.InvariantCulture), People.ToString(CultureInfo.InvariantCulture)]);
        }
        return rows;
    }

    private static string F(double v, int decimals) => v.ToString("F" + decimals, CultureInfo.InvariantCulture);

    private static string Delimited(string[] header, IEnumerable<string[]> rows, char separator) =>
        string.Join(separator, header) + "\n" + string.Concat(rows.Select(r => string.Join(separator, r) + "\n"));

    private static string Aligned(string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        string Line(string[] cells) => string.Join(' ', cells.Select((c, i) => c.PadLeft(widths[i]))) + "\n";
        return Line(header) + string.Concat(rows.Select(Line));
    }

    private string Write(string name, string text, bool gzip = false)
    {
        var path = cohort.NewFile(name);
        var bytes = Encoding.UTF8.GetBytes(text);
        File.WriteAllBytes(path, gzip ? GenomicFileWriter.Gzip(bytes) : bytes);
        return path;
    }

    private static Finding AssertLowCounts(CheckReport report, int low, string location)
    {
        Assert.Equal(Verdict.Review, report.Verdict);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(MinorAlleleCountRule.Rule, finding.Rule);
        Assert.Equal((long)low, finding.Evidence["lowCountVariants"]);
        Assert.Equal(location, finding.Location);
        Assert.Contains($"{low} of ", finding.Message);
        Assert.Contains("MAC", finding.Guidance);
        return finding;
    }

    [Fact]
    public void A_gwas_table_with_every_minor_allele_count_above_the_threshold_is_released()
    {
        var report = cohort.Check(Write("gwas.tsv", Delimited(Columns, Variants(3000), '\t')));
        Assert.True(report.Verdict == Verdict.Release, string.Join("; ", report.Findings.Select(f => f.Message)));
    }

    [Fact]
    public void A_few_low_count_variants_send_a_tsv_to_review_with_their_count_and_rows()
    {
        var finding = AssertLowCounts(cohort.Check(Write("gwas.tsv", Delimited(Columns, Variants(3000, 9, 10, 49), '\t'))), 3, "lines 11–12, 51");
        Assert.Equal(3000L, finding.Evidence["variants"]);
        Assert.Contains("2·N·min(AF, 1 − AF) from 'AF' and N = 'N'", finding.Message);
    }

    [Fact]
    public void Space_aligned_and_gzipped_tables_are_counted_too()
    {
        AssertLowCounts(cohort.Check(Write("gwas.txt", Aligned(Columns, Variants(2000, 100, 1500)))), 2, "lines 102, 1502");
        AssertLowCounts(cohort.Check(Write("gwas.tsv.gz", Delimited(Columns, Variants(2000, 7), '\t'), gzip: true)), 1, "gwas.tsv.gz/gwas.tsv: line 9");
        AssertLowCounts(cohort.Check(Write("gwas.csv", Delimited(Columns, Variants(500, 0, 1, 2, 3), ','))), 4, "lines 2–5");
    }

    [Fact]
    public void Count_columns_and_case_control_sizes_are_used_when_given()
    {
        // SAIGE: an allele count column, MAC = min(AC, 2N − AC).
        var saige = new StringBuilder("CHR\tPOS\tMarkerID\tAllele1\tAllele2\tAC_Allele2\tAF_Allele2\tN\tBETA\tSE\tp.value\n");
        for (var i = 0; i < 300; i++)
            saige.Append($"2\t{50_000_000 + i * 977}\trs{7_000_000 + i}\tC\tT\t{(i == 5 ? 39_995 : 400 + i)}\t0.01\t{People}\t0.01\t0.02\t0.5\n");
        var saigeFinding = AssertLowCounts(cohort.Check(Write("saige.txt", saige.ToString())), 1, "line 7");
        Assert.Contains("min(AC, 2N − AC)", saigeFinding.Message);
        // PLINK 2 --glm with case and control counts and a frequency.
        var plink = new StringBuilder("#CHROM\tPOS\tID\tA1\tA1_FREQ\tN_CASES\tN_CONTROLS\tOR\tLOG(OR)_SE\tP\n");
        for (var i = 0; i < 300; i++)
            plink.Append($"3\t{60_000_000 + i * 991}\trs{8_000_000 + i}\tG\t{(i < 2 ? "0.0002" : "0.0300")}\t1500\t8500\t1.02\t0.03\t0.4\n");
        AssertLowCounts(cohort.Check(Write("plink2.glm.logistic", plink.ToString())), 2, "lines 2–3");
        // A minor allele count column is taken as it is.
        var mac = new StringBuilder("SNP,CHR,BP,BETA,SE,P,MAC\n");
        for (var i = 0; i < 200; i++) mac.Append($"rs{9_000_000 + i},4,{70_000_000 + i * 1013},0.1,0.05,0.04,{(i % 40 == 0 ? 3 : 250)}\n");
        AssertLowCounts(cohort.Check(Write("mac.csv", mac.ToString())), 5, "lines 2, 42, 82, 122 and 1 more ranges");
    }

    [Fact]
    public void The_threshold_comes_from_the_policy_and_zero_turns_the_rule_off()
    {
        var path = Write("gwas.tsv", Delimited(Columns, Variants(1000, 3), '\t'));
        Assert.Equal(Verdict.Release, cohort.Check(path, policy: new Policy { Gwas = new GwasPolicy { MinMinorAlleleCount = 0 } }).Verdict);
        var strict = cohort.Check(Write("gwas2.tsv", Delimited(Columns, Variants(1000), '\t')), policy: new Policy { Gwas = new GwasPolicy { MinMinorAlleleCount = 1_000_000 } });
        Assert.Equal(1000L, Assert.Single(strict.Findings).Evidence["lowCountVariants"]);
    }

    [Fact]
    public void Tables_that_are_not_gwas_are_not_counted()
    {
        var text = "country,AF,N,share\nUK,0.0001,100,0.5\nFR,0.0002,120,0.5\nDE,0.0003,90,0.4\n";
        Assert.Equal(Verdict.Release, cohort.Check(Write("not_gwas.csv", text)).Verdict);
    }

    [Fact]
    public void Tables_from_other_readers_are_counted_with_their_row_numbers()
    {
        var rows = Variants(400, 20, 21);
        var path = Write("sheet.tbl", "TESTTABLE\n" + Delimited(Columns, rows, '\t'));
        var engine = new CheckEngine(cohort.Index, Policy.Default) { Unpacker = new Unpacker([new TestTableReader(), .. ContentReaders.All()]) };
        // The header is the sheet's row 1, so the 21st and 22nd variants are rows 22 and 23.
        AssertLowCounts(engine.Check(path, "A"), 2, "sheet.tbl#Sheet1: rows 22–23");
    }

    /// <summary>Splits in any way the counter must not notice: byte by byte, and with CRLF line ends.</summary>
    [Fact]
    public void The_counter_gives_the_same_answer_however_the_bytes_arrive()
    {
        var text = Encoding.UTF8.GetBytes(Delimited(Columns, Variants(3000, 5, 6, 7, 100, 2999), '\t').Replace("\n", "\r\n"));
        var whole = new MinorAlleleCounter(10, null);
        whole.Feed(text);
        whole.Complete();
        var pieces = new MinorAlleleCounter(10, null);
        var rng = new Random(3);
        for (var at = 0; at < text.Length;)
        {
            var n = Math.Min(text.Length - at, rng.Next(1, 300));
            pieces.Feed(text.AsSpan(at, n));
            at += n;
        }
        pieces.Complete();
        foreach (var counter in new[] { whole, pieces })
        {
            Assert.True(counter.IsGwas);
            Assert.Equal(3000, counter.Variants);
            Assert.Equal(5, counter.LowVariants);
            Assert.Equal(3, counter.LowRangeCount);
            Assert.Equal([(7L, 9L), (102L, 102L), (3001L, 3001L)], counter.LowRanges);
        }
    }

    [Fact]
    public void Legitimate_gwas_outputs_of_the_generator_are_not_blocked()
    {
        var outDir = Directory.CreateTempSubdirectory("egress-gwas-").FullName;
        var outputs = LegitimateOutputGenerator.Generate(cohort.Files.Directory, outDir, 96, 5)
            .Where(o => o.Kind == OutputKind.GwasSummaryStatistics).ToList();
        Assert.True(outputs.Count >= 10);
        var reports = outputs.Select(o => (o, Report: cohort.Check(o.FullPath))).ToList();
        var review = reports.Count(r => r.Report.Verdict == Verdict.Review);
        output.WriteLine($"generator GWAS outputs: {outputs.Count}; review {review}, block {reports.Count(r => r.Report.Verdict == Verdict.Block)}");
        foreach (var (o, report) in reports)
        {
            Assert.True(report.Verdict != Verdict.Block, $"{o.FileName}: {string.Join("; ", report.Findings.Select(f => f.Message))}");
            Assert.DoesNotContain(report.Findings, f => f.Rule == MinorAlleleCountRule.Rule);
        }
        Directory.Delete(outDir, recursive: true);
    }

    [Fact]
    public void The_generator_filters_rare_variants_in_a_small_cohort_as_released_sumstats_are()
    {
        using var folder = new Egress.Tests.Outputs.TempFolder();
        var cohortDir = folder.Sub("cohort");
        Egress.Tests.Outputs.TestCohort.Write(cohortDir, 400, seed: 3);
        var outputs = LegitimateOutputGenerator.Generate(cohortDir, folder.Sub("out"), 64, 9).Where(o => o.Kind == OutputKind.GwasSummaryStatistics).ToList();
        Assert.NotEmpty(outputs);
        foreach (var o in outputs)
        {
            var counter = new MinorAlleleCounter(10, null);
            counter.Feed(File.ReadAllBytes(o.FullPath));
            counter.Complete();
            Assert.True(counter.IsGwas, o.FileName);
            Assert.True(counter.LowVariants == 0, $"{o.FileName}: {counter.LowVariants} of {counter.Variants} variants below MAC 10");
        }
    }

    /// <summary>A stand-in for the sheet and JSON readers: "TESTTABLE" then tab-separated rows become a table part with a header.</summary>
    private sealed class TestTableReader : IContentReader
    {
        public string Format => "test-table";

        public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) => head.StartsWith("TESTTABLE\n"u8);

        public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
        {
            using var reader = new StreamReader(source.Open());
            var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split('\t')).ToList();
            yield return new TablePart(path + "#Sheet1", lines[0], lines.Skip(1).Select(r => (IReadOnlyList<string>)r)) { FirstRowNumber = 1 };
        }
    }
}
