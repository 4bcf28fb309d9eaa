using System.Xml;

namespace Egress.Formats.Documents;

/// <summary>
/// How one family of documents writes tables in XML: the table, row and cell elements, paragraph
/// breaks, and how cells span or repeat. Word (w:tbl), DrawingML in slides (a:tbl) and OpenDocument
/// (table:table, for text documents, spreadsheets and presentations alike).
/// </summary>
internal sealed record DocumentTableDialect(string Ns, string Table, string Row, string Cell, string? CoveredCell, string ParagraphNs, string[] Paragraphs)
{
    private const string W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    private const string A = "http://schemas.openxmlformats.org/drawingml/2006/main";
    private const string TableNs = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
    private const string OfficeNs = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
    private const string TextNs = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";

    public static readonly DocumentTableDialect Word = new(W, "tbl", "tr", "tc", null, W, ["p", "tab", "br", "cr"]);
    public static readonly DocumentTableDialect Slides = new(A, "tbl", "tr", "tc", null, A, ["p", "br"]);
    public static readonly DocumentTableDialect OpenDocument = new(TableNs, "table", "table-row", "table-cell", "covered-table-cell", TextNs, ["p", "h", "s", "tab", "line-break"]);

    public bool IsOpenDocument => Ns == TableNs;

    /// <summary>The table's own name (OpenDocument's table:name), or null.</summary>
    public string? TableName(XmlReader xml) => IsOpenDocument ? xml.GetAttribute("name", TableNs) : null;

    /// <summary>How many rows this row stands for (OpenDocument repeats identical rows).</summary>
    public long RowRepeat(XmlReader xml) => IsOpenDocument ? Count(xml.GetAttribute("number-rows-repeated", TableNs)) : 1;

    /// <summary>How many columns this cell stands for: repeated (OpenDocument) or spanned (gridSpan in slides; Word's is a child element).</summary>
    public long CellRepeat(XmlReader xml) =>
        IsOpenDocument ? Count(xml.GetAttribute("number-columns-repeated", TableNs))
        : Ns == A ? Count(xml.GetAttribute("gridSpan")) : 1;

    /// <summary>Word's &lt;w:gridSpan w:val="n"/&gt; inside a cell's properties.</summary>
    public long? WordSpan(XmlReader xml) =>
        Ns == W && xml.LocalName == "gridSpan" && xml.NamespaceURI == W ? Count(xml.GetAttribute("val", W)) : null;

    /// <summary>A cell's typed value where the document keeps one beside the text shown (OpenDocument: office:value, date-value, …).</summary>
    public string? CellValue(XmlReader xml)
    {
        if (!IsOpenDocument) return null;
        return xml.GetAttribute("value", OfficeNs) ?? xml.GetAttribute("date-value", OfficeNs)
            ?? xml.GetAttribute("time-value", OfficeNs) ?? xml.GetAttribute("boolean-value", OfficeNs);
    }

    private static long Count(string? attribute) =>
        long.TryParse(attribute, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;
}
