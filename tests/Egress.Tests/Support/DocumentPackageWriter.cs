using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

namespace Egress.Tests.Support;

/// <summary>Writes minimal DOCX, PPTX, ODT and ODS files holding one table (and a paragraph of text), as Word, PowerPoint and LibreOffice lay them out.</summary>
public static class DocumentPackageWriter
{
    private const string OfficeNs = "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"";

    private static string X(string s) => SecurityElement.Escape(s);

    private static IEnumerable<string[]> All(string[] header, IEnumerable<string[]> rows) => rows.Prepend(header);

    public static byte[] Docx(string[] header, IEnumerable<string[]> rows, string paragraph = "Table 1: results")
    {
        var body = new StringBuilder($"<w:p><w:r><w:t>{X(paragraph)}</w:t></w:r></w:p><w:tbl><w:tblPr/>");
        foreach (var row in All(header, rows))
        {
            body.Append("<w:tr>");
            foreach (var cell in row) body.Append($"<w:tc><w:tcPr><w:tcW w:w=\"1000\"/></w:tcPr><w:p><w:r><w:t xml:space=\"preserve\">{X(cell)}</w:t></w:r></w:p></w:tc>");
            body.Append("</w:tr>");
        }
        body.Append("</w:tbl><w:p/>");
        return Zip(
            ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"),
            ("_rels/.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"/>"),
            ("word/document.xml", $"<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"));
    }

    public static byte[] Pptx(string[] header, IEnumerable<string[]> rows)
    {
        var table = new StringBuilder("<a:tbl><a:tblGrid/>");
        foreach (var row in All(header, rows))
        {
            table.Append("<a:tr h=\"370840\">");
            foreach (var cell in row) table.Append($"<a:tc><a:txBody><a:bodyPr/><a:p><a:r><a:t>{X(cell)}</a:t></a:r></a:p></a:txBody><a:tcPr/></a:tc>");
            table.Append("</a:tr>");
        }
        table.Append("</a:tbl>");
        return Zip(
            ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
            ("ppt/presentation.xml", "<?xml version=\"1.0\"?><p:presentation xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\"/>"),
            ("ppt/slides/slide1.xml", "<?xml version=\"1.0\"?><p:sld xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>Results</a:t></a:r></a:p></p:txBody></p:sp><p:graphicFrame><a:graphic><a:graphicData>"
                + table + "</a:graphicData></a:graphic></p:graphicFrame></p:spTree></p:cSld></p:sld>"));
    }

    /// <summary>An OpenDocument spreadsheet (numbers as office:value, empty cells and rows repeated to the sheet's edge) or text document.</summary>
    public static byte[] OpenDocument(string[] header, IEnumerable<string[]> rows, bool spreadsheet)
    {
        var table = new StringBuilder($"<table:table table:name=\"{(spreadsheet ? "Results" : "Table1")}\"><table:table-column table:number-columns-repeated=\"{header.Length}\"/>");
        foreach (var row in All(header, rows))
        {
            table.Append("<table:table-row>");
            foreach (var cell in row)
            {
                if (cell.Length == 0) table.Append("<table:table-cell/>");
                else if (spreadsheet && double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                    table.Append($"<table:table-cell office:value-type=\"float\" office:value=\"{X(cell)}\"><text:p>{v.ToString("0.##", CultureInfo.InvariantCulture)}</text:p></table:table-cell>");
                else table.Append($"<table:table-cell office:value-type=\"string\"><text:p>{X(cell)}</text:p></table:table-cell>");
            }
            if (spreadsheet) table.Append("<table:table-cell table:number-columns-repeated=\"16000\"/>");
            table.Append("</table:table-row>");
        }
        if (spreadsheet) table.Append("<table:table-row table:number-rows-repeated=\"1048000\"><table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>");
        table.Append("</table:table>");
        var kind = spreadsheet ? "spreadsheet" : "text";
        var content = $"<?xml version=\"1.0\"?><office:document-content {OfficeNs}><office:body><office:{kind}>"
            + (spreadsheet ? "" : "<text:p>Table 1: results</text:p>") + table + $"</office:{kind}></office:body></office:document-content>";
        return Zip(("mimetype", "application/vnd.oasis.opendocument." + kind), ("content.xml", content),
            ("META-INF/manifest.xml", "<?xml version=\"1.0\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"/>"));
    }

    private static byte[] Zip(params (string Name, string Text)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, text) in entries)
            {
                var entry = zip.CreateEntry(name, name == "mimetype" ? CompressionLevel.NoCompression : CompressionLevel.Optimal);
                using var s = entry.Open();
                s.Write(Encoding.UTF8.GetBytes(text));
            }
        return buffer.ToArray();
    }
}
