using System.Text;
using System.Xml;
using Egress.Formats.Content;

namespace Egress.Formats.Documents;

/// <summary>
/// Reads one XML part of a document into its tables (rows of cell texts, nested tables as tables of
/// their own) and the text outside them. A cell's text is all its text nodes, paragraphs joined by a
/// space (tracked deletions and field codes too: they are in the file); a typed value (OpenDocument)
/// wins over the text shown. Repeats are expanded up to a bound; empty rows and trailing empty cells are dropped.
/// </summary>
internal sealed class DocumentTableExtractor(DocumentTableDialect dialect, UnpackContext context)
{
    /// <summary>Cells in one row and rows in one table: past these, the part is not read further.</summary>
    private const long MaxCells = 20_000, MaxRows = 1_048_576;

    public sealed record Table(string? Name, List<string[]> Rows);

    private sealed class Open(string? name)
    {
        public readonly Table Table = new(name, []);
        public List<string>? Row;
        public long RowRepeat;
        public StringBuilder? Cell;
        public long CellRepeat;
        public string? CellValue;
    }

    public List<Table> Tables { get; } = [];

    public void Read(Stream part, string name, TextCollector outside)
    {
        using var xml = SafeXml.Open(part);
        var open = new Stack<Open>();
        long nodes = 0;
        try
        {
            while (xml.Read())
            {
                if ((++nodes & 4095) == 0) context.ThrowIfCancelled();
                var top = open.Count > 0 ? open.Peek() : null;
                switch (xml.NodeType)
                {
                    case XmlNodeType.Element:
                        SafeXml.CheckDepth(xml, context.Limits.MaxNesting);
                        Start(xml, open, top, outside);
                        break;
                    case XmlNodeType.EndElement:
                        End(xml, open, top);
                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace:
                        if (top?.Cell is { } cell)
                        {
                            outside.Reserve(xml.Value.Length);
                            cell.Append(xml.Value);
                        }
                        else if (xml.NodeType != XmlNodeType.SignificantWhitespace) outside.Append(xml.Value);
                        break;
                }
            }
        }
        catch (XmlException e)
        {
            throw SafeXml.Damaged(name, e);
        }
    }

    private void Start(XmlReader xml, Stack<Open> open, Open? top, TextCollector outside)
    {
        var ns = xml.NamespaceURI;
        var local = xml.LocalName;
        var empty = xml.IsEmptyElement;
        if (ns == dialect.Ns && local == dialect.Table)
        {
            var table = new Open(dialect.TableName(xml));
            open.Push(table);
            if (empty) End(open);
        }
        else if (ns == dialect.Ns && local == dialect.Row && top is not null)
        {
            top.Row = [];
            top.RowRepeat = dialect.RowRepeat(xml);
            if (empty) EndRow(top);
        }
        else if (ns == dialect.Ns && (local == dialect.Cell || local == dialect.CoveredCell) && top?.Row is not null)
        {
            top.Cell = new StringBuilder();
            top.CellRepeat = dialect.CellRepeat(xml);
            top.CellValue = dialect.CellValue(xml);
            if (empty) EndCell(top);
        }
        else if (dialect.WordSpan(xml) is { } span && top?.Cell is not null) top.CellRepeat = span;
        else if (ns == dialect.ParagraphNs && dialect.Paragraphs.Contains(local))
        {
            if (top?.Cell is { Length: > 0 } cell && cell[^1] != ' ') cell.Append(' ');
            else if (top?.Cell is null) outside.EndLine();
        }
    }

    private void End(XmlReader xml, Stack<Open> open, Open? top)
    {
        if (top is null || xml.NamespaceURI != dialect.Ns) return;
        if (xml.LocalName == dialect.Table) End(open);
        else if (xml.LocalName == dialect.Row && top.Row is not null) EndRow(top);
        else if ((xml.LocalName == dialect.Cell || xml.LocalName == dialect.CoveredCell) && top.Cell is not null) EndCell(top);
    }

    private void End(Stack<Open> open)
    {
        var done = open.Pop();
        if (done.Table.Rows.Count > 0) Tables.Add(done.Table);
    }

    private static void EndCell(Open top)
    {
        var text = top.CellValue ?? top.Cell!.ToString().Trim();
        top.Cell = null;
        if (top.Row!.Count + top.CellRepeat > MaxCells)
        {
            // Trailing empty cells repeated to the sheet's edge are common and hold nothing.
            if (text.Length == 0) return;
            throw new InputLimitException($"a document table row with more than {MaxCells:N0} cells");
        }
        for (var i = 0; i < top.CellRepeat; i++) top.Row.Add(text);
    }

    private static void EndRow(Open top)
    {
        var row = top.Row!;
        top.Row = null;
        var end = row.Count;
        while (end > 0 && row[end - 1].Length == 0) end--;
        if (end == 0) return;
        var cells = row.GetRange(0, end).ToArray();
        if (top.Table.Rows.Count + top.RowRepeat > MaxRows) throw new InputLimitException($"a document table with more than {MaxRows:N0} rows");
        for (var i = 0; i < top.RowRepeat; i++) top.Table.Rows.Add(cells);
    }
}
