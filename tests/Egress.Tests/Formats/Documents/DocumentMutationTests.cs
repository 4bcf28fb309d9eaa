using System.Text;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Formats.Documents;

/// <summary>
/// Deterministic mutations (bit flips, cuts, inserted and repeated bytes) of a valid file of each
/// document format: every one is read to the end without an exception escaping the readers (damage
/// and limits become notices), so a check always ends in a verdict.
/// </summary>
public class DocumentMutationTests
{
    public static TheoryData<string> Formats => ["xlsx", "json", "ndjson", "ipynb", "html", "svg", "md"];

    private static byte[] Seed(string format)
    {
        string[] header = ["age", "bmi", "date", "sex"];
        var rows = Enumerable.Range(0, 30).Select(i => new[] { (40 + i).ToString(), (20 + i * 0.37).ToString("F2"), $"2009-03-{i % 28 + 1:D2}", i % 2 == 0 ? "F" : "M" }).ToList();
        return format switch
        {
            "xlsx" => Xlsx(header, rows),
            "json" => Encoding.UTF8.GetBytes("{\"meta\": {\"n\": 30}, \"rows\": " + DocumentWriters.JsonRecords(header, rows, indented: true) + ", \"note\": \"" + new string('x', 5000) + "\"}"),
            "ndjson" => Encoding.UTF8.GetBytes(DocumentWriters.Ndjson(header, rows)),
            "ipynb" => Encoding.UTF8.GetBytes(NotebookReaderTests.Notebook(
                NotebookReaderTests.Markdown("# T\n\n" + DocumentWriters.PipeTable(header, rows.Take(3))),
                NotebookReaderTests.Code("df", NotebookReaderTests.Result(new Dictionary<string, object> { ["text/html"] = DocumentWriters.HtmlTable(header, rows) }),
                    NotebookReaderTests.Stream("done")))),
            "html" => Encoding.UTF8.GetBytes(DocumentWriters.HtmlPage("R", DocumentWriters.HtmlTable(header, rows) + "<script>var d = [1,2,3];</script><img src=\"data:text/plain;base64,aGVsbG8=\">")),
            "svg" => Encoding.UTF8.GetBytes(DocumentWriters.SvgScatter(header, rows)),
            _ => Encoding.UTF8.GetBytes("# Notes\n\n" + DocumentWriters.PipeTable(header, rows) + "\nend\n"),
        };
    }

    private static byte[] Xlsx(string[] header, List<string[]> rows)
    {
        var writer = new XlsxWriter();
        var sheet = writer.AddSheet("Data", "hidden").Row(1, header);
        for (var i = 0; i < rows.Count; i++) sheet.Row(i + 2, rows[i]);
        sheet.Comments.Add(("A1", "comment"));
        return writer.ToBytes();
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = seed.ToList();
        var edits = random.Next(1, 6);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes.RemoveRange(at, bytes.Count - at); break;
                case 2: bytes.Insert(at, (byte)"<>{}[]\"'&|,:\n\0"[random.Next(14)]); break;
                case 3: bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 64))); break;
                default:
                    var length = Math.Min(bytes.Count - at, random.Next(1, 32));
                    var chunk = bytes.GetRange(at, length);
                    for (var k = 0; k < random.Next(1, 50); k++) bytes.InsertRange(at, chunk);
                    break;
            }
        }
        return [.. bytes];
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Mutated_files_are_read_without_escaping_exceptions(string format)
    {
        var seed = Seed(format);
        var random = new Random(format.GetHashCode(StringComparison.Ordinal) ^ 20261129);
        for (var i = 0; i < 1000; i++)
        {
            var mutated = Mutate(seed, random);
            try
            {
                DocumentParts.Walk(mutated, "m." + format);
            }
            catch (Exception e)
            {
                var file = Path.Combine(Path.GetTempPath(), $"egress-mutant-{format}-{i}.bin");
                File.WriteAllBytes(file, mutated);
                throw new Xunit.Sdk.XunitException($"mutant {i} of {format} ({file}): {e}");
            }
        }
    }
}
