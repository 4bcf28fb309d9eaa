using Egress.Cohort.Outputs;
using Egress.Formats.Content;
using Egress.Formats.Documents;
using Egress.Tests.Formats.Data.Support;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Formats.Documents;

public class DocumentTablesTests
{
    private static readonly string[] Header = ["bmi", "code", "sbp"];
    private static readonly List<string[]> Rows = [["27.1234", "I10", "130"], ["", "E11 & more", "-117"]];

    public static TheoryData<string> Kinds => new() { "docx", "pptx", "odt", "ods" };

    public static byte[] Write(string kind, string[] header, IEnumerable<string[]> rows) => kind switch
    {
        "docx" => DocumentPackageWriter.Docx(header, rows),
        "pptx" => DocumentPackageWriter.Pptx(header, rows),
        "odt" => DocumentPackageWriter.OpenDocument(header, rows, spreadsheet: false),
        _ => DocumentPackageWriter.OpenDocument(header, rows, spreadsheet: true),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_table_in_a_document_is_a_table_part(string kind)
    {
        var bytes = Write(kind, Header, Rows);
        Assert.True(new DocumentTablesReader().Recognizes(bytes, new MemorySource(bytes)));
        var parts = DataVerdicts.WalkReadingRows(bytes, "d." + kind);
        Assert.DoesNotContain(parts, p => p is Notice or OpaquePart);
        var table = Assert.Single(parts.OfType<TablePart>());
        var expected = kind switch { "docx" => "d.docx#table1", "pptx" => "d.pptx#slide1/table1", "odt" => "d.odt#Table1", _ => "d.ods#Results" };
        Assert.Equal(expected, table.Path);
        var rows = table.Rows.Select(r => r.ToArray()).ToArray();
        Assert.Equal([Header, ["27.1234", "I10", "130"], ["", "E11 & more", "-117"]], rows);
    }

    [Fact]
    public void Nested_tables_and_spans_are_read()
    {
        var xml = "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:tbl><w:tr>"
            + "<w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p><w:r><w:t>wide</w:t></w:r></w:p></w:tc>"
            + "<w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>inner</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:r><w:t>a</w:t></w:r></w:p><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc>"
            + "</w:tr></w:tbl></w:body></w:document>";
        var extractor = new DocumentTableExtractorProbe(xml);
        Assert.Equal([["inner"]], extractor.Tables[0]);
        Assert.Equal([["wide", "wide", "a b"]], extractor.Tables[1]);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_truncation_ends_without_an_exception_and_is_reported(string kind)
    {
        var bytes = Write(kind, Header, Rows);
        for (var cut = 0; cut < bytes.Length; cut += 5)
        {
            var parts = DataVerdicts.WalkReadingRows(bytes[..cut], "cut." + kind);
            if (cut > 4) Assert.Contains(parts, p => p is Notice or OpaquePart);
        }
    }
}

/// <summary>Runs the extractor over one Word XML part, for tests of its table shapes.</summary>
internal sealed class DocumentTableExtractorProbe
{
    public List<string[][]> Tables { get; } = [];

    public DocumentTableExtractorProbe(string wordXml)
    {
        var bytes = DocumentPackageWriterProbe.Docx(wordXml);
        foreach (var part in DataVerdicts.WalkReadingRows(bytes, "p.docx").OfType<TablePart>())
            Tables.Add(part.Rows.Select(r => r.ToArray()).ToArray());
    }
}

internal static class DocumentPackageWriterProbe
{
    public static byte[] Docx(string documentXml)
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, text) in new[] { ("[Content_Types].xml", "<Types/>"), ("word/document.xml", documentXml) })
            {
                using var s = zip.CreateEntry(name).Open();
                s.Write(System.Text.Encoding.UTF8.GetBytes(text));
            }
        return buffer.ToArray();
    }
}

[Collection("indexed-cohort")]
public class DocumentTablesCheckTests(IndexedCohort cohort)
{
    [Theory]
    [MemberData(nameof(DocumentTablesTests.Kinds), MemberType = typeof(DocumentTablesTests))]
    public void A_participant_slice_in_a_document_table_is_blocked(string kind)
    {
        var slice = SampleTable.Slice(cohort, skip: 6000);
        var path = cohort.NewFile("paper." + kind);
        File.WriteAllBytes(path, DocumentTablesTests.Write(kind, slice.Header, slice.Rows));
        DataVerdicts.AssertLeakFound(cohort.Check(path), "paper." + kind + "#");
    }

    [Theory]
    [MemberData(nameof(DocumentTablesTests.Kinds), MemberType = typeof(DocumentTablesTests))]
    public void Legitimate_aggregates_in_document_tables_are_not_blocked(string kind)
    {
        foreach (var output in new[] { OutputKind.GwasSummaryStatistics, OutputKind.SurvivalTable, OutputKind.FrequencyTable })
        {
            var table = SampleTable.Aggregate(cohort, output);
            var path = cohort.NewFile($"{output}.{kind}");
            File.WriteAllBytes(path, DocumentTablesTests.Write(kind, table.Header, table.Rows));
            DataVerdicts.AssertNotBlocked(cohort.Check(path));
        }
    }

    [Theory]
    [MemberData(nameof(DocumentTablesTests.Kinds), MemberType = typeof(DocumentTablesTests))]
    public void Truncated_documents_are_not_released(string kind)
    {
        var table = SampleTable.Aggregate(cohort, OutputKind.SurvivalTable);
        var bytes = DocumentTablesTests.Write(kind, table.Header, table.Rows);
        foreach (var cut in new[] { 40, bytes.Length / 2, bytes.Length - 30 })
        {
            var path = cohort.NewFile($"cut{cut}.{kind}");
            File.WriteAllBytes(path, bytes[..cut]);
            DataVerdicts.AssertNotReleased(cohort.Check(path));
        }
    }
}
