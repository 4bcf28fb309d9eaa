using System.IO.Compression;
using System.Text;
using Egress.Cohort.Outputs;
using Egress.Tests.Formats.Containers;
using Egress.Tests.Formats.Data.Support;
using Egress.Tests.Formats.Pdf;
using Egress.Tests.Formats.Pictures;
using Egress.Tests.Support;

namespace Egress.Tests.Fuzz;

/// <summary>A valid input the fuzzer starts from: a leak (must never be released, mutated or not) or a legitimate output.</summary>
public sealed record FuzzSeed(string Name, byte[] Bytes, bool IsLeak);

/// <summary>
/// Seed files of every format the checker reads, each as a leak (a participant slice of project A)
/// and as a legitimate output, built from the generated cohort. Formats add their seeds here.
/// </summary>
public static class FuzzSeeds
{
    public static IReadOnlyList<FuzzSeed> Build(IndexedCohort cohort)
    {
        var (header, rows) = cohort.Extract("A");
        // IDs dropped: the record detector must find it, not the ID detector alone.
        var slice = rows.Take(60).Select(r => r[1..]).Prepend(header[1..]).ToList();
        var leakCsv = Encoding.UTF8.GetBytes(string.Join("\n", slice.Select(r => string.Join(",", r))) + "\n");
        var leakTsv = Encoding.UTF8.GetBytes(string.Join("\n", slice.Select(r => string.Join("\t", r))) + "\n");
        var leakText = Encoding.UTF8.GetBytes(string.Join("\n", slice.Skip(1).Take(20).Select(r => "participant record: " + string.Join(" ", r))) + "\n");
        var idList = Encoding.UTF8.GetBytes(string.Join("\n", rows.Take(200).Select(r => r[0])) + "\n");

        var legitDir = Directory.CreateTempSubdirectory("egress-fuzz-legit-").FullName;
        var legit = LegitimateOutputGenerator.Generate(cohort.Files.Directory, legitDir, 16, 5)
            .Select(o => new FuzzSeed("legit-" + o.FileName, File.ReadAllBytes(o.FullPath), false)).ToList();

        var seeds = new List<FuzzSeed>
        {
            new("leak.csv", leakCsv, true),
            new("leak.tsv", leakTsv, true),
            new("leak.txt", leakText, true),
            new("ids.txt", idList, true),
            new("leak.csv.gz", Gzip(leakCsv), true),
        };
        seeds.AddRange(legit);
        seeds.Add(new FuzzSeed("legit.csv.gz", Gzip(legit[0].Bytes), false));

        // The same leak and a legitimate table in every document and picture format the checker reads.
        var table = DocumentWriters.ParseCsv(Encoding.UTF8.GetString(legit.First(l => l.Name.EndsWith(".csv", StringComparison.Ordinal)).Bytes));
        foreach (var (name, rowsOf, isLeak) in new[] { ("leak", slice, true), ("legit", table, false) })
        {
            var head = rowsOf[0].ToArray();
            var body = rowsOf.Skip(1).Select(r => r.ToArray()).ToList();
            var text = string.Join("\n", rowsOf.Select(r => string.Join(",", r))) + "\n";
            seeds.Add(new($"{name}.xlsx", Xlsx(head, body), isLeak));
            seeds.Add(new($"{name}.json", Encoding.UTF8.GetBytes(DocumentWriters.JsonRecords(head, body)), isLeak));
            seeds.Add(new($"{name}.ndjson", Encoding.UTF8.GetBytes(DocumentWriters.Ndjson(head, body)), isLeak));
            seeds.Add(new($"{name}.html", Encoding.UTF8.GetBytes(DocumentWriters.HtmlPage("results", DocumentWriters.HtmlTable(head, body))), isLeak));
            seeds.Add(new($"{name}.md", Encoding.UTF8.GetBytes("# Results\n\n" + DocumentWriters.PipeTable(head, body)), isLeak));
            seeds.Add(new($"{name}.png", PngFile.Build(before: [PngFile.CompressedText("Comment", text)]), isLeak));
            seeds.Add(new($"{name}.jpg", JpegFile.Build([JpegFile.Comment(text)]), isLeak));
            var pdf = new PdfBuilder();
            pdf.AddTextPage(rowsOf.Select(r => string.Join(" ", r)), flate: true);
            seeds.Add(new($"{name}.pdf", pdf.Build(), isLeak));
            seeds.Add(new($"{name}.zip", Zip(("tables/" + name + ".csv", Encoding.UTF8.GetBytes(text))), isLeak));
            seeds.Add(new($"{name}.npy", NpyWriter.Float64(NumericColumns(body)), isLeak));
            // Formats read since issue 12 (databases, pickles, Arrow, SPSS, document tables).
            var sample = new SampleTable(head, body.Where(r => r.Length == head.Length).ToList());
            seeds.Add(new($"{name}.sqlite", SqliteTestWriter.Write(sample), isLeak));
            seeds.Add(new($"{name}.pkl", PickleWriter.DataFrame(sample), isLeak));
            seeds.Add(new($"{name}.feather", ArrowTestWriter.Write(sample, batchRows: 25, dictionaryStrings: true), isLeak));
            seeds.Add(new($"{name}.sav", SavWriter.Write(sample), isLeak));
            seeds.Add(new($"{name}.avro", AvroTestWriter.Write(sample), isLeak));
            seeds.Add(new($"{name}.nc", NetCdfTestWriter.Write(sample, record: true), isLeak));
            seeds.Add(new($"{name}.docx", DocumentPackageWriter.Docx(head, body), isLeak));
            seeds.Add(new($"{name}.ods", DocumentPackageWriter.OpenDocument(head, body, spreadsheet: true), isLeak));
            // Containers: stored zip, tar, tar.gz, and a zip inside a tar.gz.
            (string, byte[])[] files = [("tables/" + name + ".csv", Encoding.UTF8.GetBytes(text)), ("README.txt", "Tables for the paper.\n"u8.ToArray())];
            seeds.Add(new($"{name}-stored.zip", ContainerEndToEndTests.Zip(files, CompressionLevel.NoCompression), isLeak));
            seeds.Add(new($"{name}.tar", ContainerEndToEndTests.Tar(files), isLeak));
            seeds.Add(new($"{name}.tar.gz", Gzip(ContainerEndToEndTests.Tar(files)), isLeak));
            seeds.Add(new($"{name}-nested.tar.gz", Gzip(ContainerEndToEndTests.Tar([("inner.zip", ContainerEndToEndTests.Zip(files))])), isLeak));
        }
        // Files written by real R, numpy and pandas (the data readers' fixtures).
        foreach (var name in new[] { "df.rds", "results.RData", "df117.dta", "rec.npy", "dates.npy" })
            seeds.Add(new($"tool-{name}", RealToolFiles.Bytes(name), false));
        return seeds;
    }

    /// <summary>The columns that are numbers in every row, as a matrix (what a numpy export of a data frame holds).</summary>
    private static double[][] NumericColumns(List<string[]> rows)
    {
        var width = rows.Min(r => r.Length);
        var numeric = Enumerable.Range(0, width)
            .Where(c => rows.All(r => double.TryParse(r[c], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)))
            .ToList();
        return rows.Select(r => numeric.Select(c => double.Parse(r[c], System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToArray();
    }

    private static byte[] Xlsx(string[] header, List<string[]> rows)
    {
        var book = new XlsxWriter();
        var sheet = book.AddSheet("Results");
        sheet.Row(1, header);
        for (var i = 0; i < rows.Count; i++) sheet.Row(i + 2, rows[i]);
        return book.ToBytes();
    }

    public static byte[] Zip(params (string Name, byte[] Bytes)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in entries)
                using (var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open())
                    entry.Write(bytes);
        return buffer.ToArray();
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(bytes);
        return buffer.ToArray();
    }
}
