using System.IO.Compression;
using System.Text;
using Egress.Formats.Content;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Formats.Documents;

public class XlsxReaderTests
{
    private static byte[] Workbook(Action<XlsxWriter> build)
    {
        var writer = new XlsxWriter();
        build(writer);
        return writer.ToBytes();
    }

    [Fact]
    public void Every_sheet_hidden_or_not_is_a_table_named_by_the_sheet()
    {
        var bytes = Workbook(w =>
        {
            w.AddSheet("Results").Row(1, "n", "mean").Row(2, "120", "4.5");
            w.AddSheet("Hidden", "hidden").Row(1, "secret", "1");
            w.AddSheet("Very", "veryHidden").Row(1, "deeper", "2");
        });
        var parts = DocumentParts.Walk(bytes, "book.xlsx");
        Assert.Equal(["n", "mean"], parts.Single("book.xlsx#Results").Rows![0]);
        Assert.Equal(["secret", "1"], parts.Single("book.xlsx#Hidden").Rows![0]);
        Assert.Equal(["deeper", "2"], parts.Single("book.xlsx#Very").Rows![0]);
        Assert.All(parts.Where(p => p.Part is TablePart), p => Assert.Null(((TablePart)p.Part).Header));
    }

    [Fact]
    public void Values_are_as_stored_numbers_in_full_dates_as_iso()
    {
        var bytes = Workbook(w => w.AddSheet("S").Cells(1,
            new XlsxWriter.Cell("A1", "0.12345678901234567890123", XlsxWriter.Kind.Number),
            new XlsxWriter.Cell("B1", "shared text", XlsxWriter.Kind.Shared),
            new XlsxWriter.Cell("C1", "inline text", XlsxWriter.Kind.Inline),
            new XlsxWriter.Cell("D1", "1", XlsxWriter.Kind.Boolean),
            new XlsxWriter.Cell("E1", XlsxWriter.Serial("2009-03-14"), XlsxWriter.Kind.Date),
            new XlsxWriter.Cell("F1", "1E-7", XlsxWriter.Kind.Number)));
        var row = DocumentParts.Walk(bytes, "b.xlsx").Single("b.xlsx#S").Rows![0];
        Assert.Equal(["0.12345678901234567890123", "shared text", "inline text", "TRUE", "2009-03-14", "1E-7"], row);
    }

    [Fact]
    public void Sparse_rows_and_columns_keep_their_places()
    {
        var bytes = Workbook(w => w.AddSheet("S")
            .Cells(3, new XlsxWriter.Cell("A3", "1", XlsxWriter.Kind.Number), new XlsxWriter.Cell("C3", "3", XlsxWriter.Kind.Number))
            .Cells(6, new XlsxWriter.Cell("AA6", "27", XlsxWriter.Kind.Number)));
        var part = DocumentParts.Walk(bytes, "b.xlsx").Single("b.xlsx#S");
        Assert.Equal(3, ((TablePart)part.Part).FirstRowNumber);
        Assert.Equal(4, part.Rows!.Count);
        Assert.Equal(["1", "", "3"], part.Rows[0]);
        Assert.Empty(part.Rows[1]);
        Assert.Empty(part.Rows[2]);
        Assert.Equal(27, part.Rows[3].Length);
        Assert.Equal("27", part.Rows[3][26]);
    }

    [Fact]
    public void Dates_in_the_1904_system_and_custom_formats()
    {
        var bytes = Workbook(w =>
        {
            w.Date1904 = true;
            w.AddSheet("S").Cells(1, new XlsxWriter.Cell("A1", "0", XlsxWriter.Kind.Date), new XlsxWriter.Cell("B1", "1.5", XlsxWriter.Kind.Date));
        });
        Assert.Equal(["1904-01-01", "1904-01-02 12:00:00"], DocumentParts.Walk(bytes, "b.xlsx").Single("b.xlsx#S").Rows![0]);
    }

    [Fact]
    public void Comments_unused_strings_and_embedded_files_are_read_too()
    {
        var bytes = Workbook(w =>
        {
            var s = w.AddSheet("S").Row(1, "a", "1");
            s.Comments.Add(("A1", "note 1234567"));
            w.UnusedStrings.Add("left over 7654321");
            w.AddPart("xl/embeddings/data.csv", Encoding.UTF8.GetBytes("x,y\n1,2\n3,4\n"));
            w.AddPart("docProps/core.xml", Encoding.UTF8.GetBytes("<cp:coreProperties xmlns:cp=\"urn:x\"><cp:title>Title 42</cp:title></cp:coreProperties>"));
        });
        var parts = DocumentParts.Walk(bytes, "b.xlsx");
        Assert.Contains("note 1234567", parts.Single("b.xlsx#xl/comments1.xml").Text);
        Assert.Contains("left over 7654321", parts.Single("b.xlsx#xl/sharedStrings.xml").Text);
        Assert.DoesNotContain("\na\n", "\n" + parts.Single("b.xlsx#xl/sharedStrings.xml").Text);
        Assert.Contains("1,2", parts.Single("b.xlsx/xl/embeddings/data.csv").Text);
        Assert.Contains("Title 42", parts.Single("b.xlsx#docProps/core.xml").Text);
    }

    [Fact]
    public void A_workbook_whose_central_directory_lies_past_the_head_is_still_recognised()
    {
        var bytes = Workbook(w =>
        {
            w.AddSheet("S").Row(1, "a", "1");
            // Entries before the workbook part push its name out of the first 64 KB.
            w.AddPart("aaa/padding.bin", RandomBytes(80_000));
        });
        var reordered = Reorder(bytes, "aaa/padding.bin");
        var parts = DocumentParts.Walk(reordered, "b.xlsx");
        Assert.Equal(["a", "1"], parts.Single("b.xlsx#S").Rows![0]);
    }

    [Fact]
    public void A_dtd_in_a_sheet_is_refused_as_damage()
    {
        var bytes = Workbook(w => w.AddSheet("S").Row(1, "a", "1"));
        var hostile = ReplaceEntry(bytes, "xl/worksheets/sheet1.xml",
            """<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>""");
        var parts = DocumentParts.Walk(hostile, "b.xlsx");
        Assert.Contains(parts, p => p.Part is Notice { Kind: NoticeKind.Corrupt });
        Assert.DoesNotContain(parts, p => p.Rows is not null);
    }

    [Fact]
    public void Deep_nesting_reaches_the_limit()
    {
        var bytes = Workbook(w => w.AddSheet("S").Row(1, "a", "1"));
        var deep = new StringBuilder("""<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">""");
        for (var i = 0; i < 5000; i++) deep.Append("<x>");
        var hostile = ReplaceEntry(bytes, "xl/worksheets/sheet1.xml", deep.ToString());
        var parts = DocumentParts.Walk(hostile, "b.xlsx");
        Assert.Contains(parts, p => p.Part is Notice { Kind: NoticeKind.LimitReached or NoticeKind.Corrupt });
    }

    [Fact]
    public void A_part_that_inflates_like_a_bomb_is_stopped()
    {
        var bytes = Workbook(w => w.AddSheet("S").Row(1, "a", "1"));
        var bomb = """<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c><v>1</v></c></row>"""
                   + new string(' ', 20 << 20) + "</sheetData></worksheet>";
        var hostile = ReplaceEntry(bytes, "xl/worksheets/sheet1.xml", bomb);
        var parts = DocumentParts.Walk(hostile, "b.xlsx", new UnpackLimits { MaxExpansionRatio = 100 });
        Assert.Contains(parts, p => p.Part is Notice { Kind: NoticeKind.LimitReached });
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.6)]
    [InlineData(0.9)]
    public void Truncated_workbooks_end_in_a_notice(double keep)
    {
        var bytes = Workbook(w => w.AddSheet("S").Row(1, "a", "1").Row(2, "b", "2"));
        var parts = DocumentParts.Walk(bytes[..(int)(bytes.Length * keep)], "b.xlsx");
        Assert.Contains(parts, p => p.Part is Notice or OpaquePart);
    }

    [Fact]
    public void A_malformed_sheet_ends_in_a_corrupt_notice()
    {
        var bytes = Workbook(w => w.AddSheet("S").Row(1, "a", "1"));
        var hostile = ReplaceEntry(bytes, "xl/worksheets/sheet1.xml", """<worksheet><sheetData><row r="1"><c><v>1</v></c></row><row r="2"><c><v>2</oops>""");
        var parts = DocumentParts.Walk(hostile, "b.xlsx");
        Assert.Contains(parts, p => p.Part is Notice { Kind: NoticeKind.Corrupt });
    }

    private static byte[] RandomBytes(int n)
    {
        var b = new byte[n];
        new Random(1).NextBytes(b);
        return b;
    }

    internal static byte[] ReplaceEntry(byte[] zip, string name, string content) => Rewrite(zip, (n, b) => n == name ? Encoding.UTF8.GetBytes(content) : b);

    /// <summary>The same entries with <paramref name="first"/> written first.</summary>
    private static byte[] Reorder(byte[] zip, string first)
    {
        var entries = Entries(zip);
        return Build(entries.OrderBy(e => e.Name == first ? 0 : 1).ToList());
    }

    private static byte[] Rewrite(byte[] zip, Func<string, byte[], byte[]> change) =>
        Build(Entries(zip).Select(e => (e.Name, change(e.Name, e.Bytes))).ToList());

    private static List<(string Name, byte[] Bytes)> Entries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.Select(e =>
        {
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return (e.FullName, m.ToArray());
        }).ToList();
    }

    private static byte[] Build(List<(string Name, byte[] Bytes)> entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in entries)
                using (var s = archive.CreateEntry(name).Open())
                    s.Write(bytes);
        return buffer.ToArray();
    }
}
