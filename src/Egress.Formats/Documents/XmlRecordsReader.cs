using System.Text;
using System.Xml;
using Egress.Formats.Content;

namespace Egress.Formats.Documents;

/// <summary>
/// Generic XML (by content: an XML declaration, or a first element that closes). The document is scanned as text as
/// before — every element value and attribute value is there — and its repeated elements become records: an element
/// holding leaf elements or attributes (`&lt;row&gt;&lt;sbp&gt;121&lt;/sbp&gt;…&lt;/row&gt;`, `&lt;rec sbp="121" …/&gt;`), repeated at one place
/// in the tree, is a table row whose columns are its attributes and leaf children (<c>data.xml#data/row</c>). So a
/// record is a row even when the whole document is one line. Malformed XML ends the records there; the text was read.
/// </summary>
public sealed class XmlRecordsReader : IContentReader
{
    /// <summary>Fewest repeated elements, and fewest fields in them, that make a table.</summary>
    public const int MinRecords = 3;
    public const int MinFields = 2;
    private const int MaxValueChars = 4096;
    private const int MaxColumns = 1024;

    public string Format => "xml";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source)
    {
        var s = head;
        if (s.StartsWith("\xEF\xBB\xBF"u8)) s = s[3..];
        s = s.TrimStart(" \t\r\n"u8);
        if (s.StartsWith("<?xml"u8)) return true;
        // A first element whose name is a word and which the head closes somewhere: not "<10" in a table, not prose.
        return s.Length > 2 && s[0] == (byte)'<' && char.IsAsciiLetter((char)s[1]) && (s.IndexOf("</"u8) > 0 || s.IndexOf("/>"u8) > 0);
    }

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        yield return new TextPart(path, source);
        var groups = new Dictionary<string, RecordGroup>(StringComparer.Ordinal);
        string? limit = null;
        try
        {
            Collect(source, groups, context, out limit);
        }
        catch (XmlException)
        {
            // Not (well-formed) XML from here on: what came before was collected; the text part holds it all.
        }
        catch (InvalidDataException)
        {
        }
        foreach (var (where, group) in groups.OrderBy(g => g.Value.FirstSeen))
            if (group.Rows.Count >= MinRecords && group.Columns.Count >= MinFields && group.Repeated)
                yield return new TablePart($"{path}#{where}", group.Columns, group.Rows.Select(r => group.Pad(r))) { RowNoun = "element" };
        if (limit is not null) yield return new Notice(path, NoticeKind.LimitReached, limit);
    }

    private sealed class OpenElement(string name, string path)
    {
        public string Name { get; } = name;
        public string Path { get; } = path;
        public List<(string Name, string Value)> Fields { get; } = [];
        public Dictionary<string, int> ChildCounts { get; } = new(StringComparer.Ordinal);
        public StringBuilder Text { get; } = new();
        public bool HasElementChildren { get; set; }
    }

    private sealed class RecordGroup(int firstSeen)
    {
        private readonly Dictionary<string, int> _columnIndex = new(StringComparer.Ordinal);
        public int FirstSeen { get; } = firstSeen;
        public List<string> Columns { get; } = [];
        public List<string[]> Rows { get; } = [];
        /// <summary>Some parent held two or more of these elements: a list of records, not one element of a document.</summary>
        public bool Repeated { get; set; }

        public long Add(List<(string Name, string Value)> fields)
        {
            long chars = 0;
            var row = new string[Math.Min(MaxColumns, Columns.Count + fields.Count)];
            foreach (var (name, value) in fields)
            {
                if (!_columnIndex.TryGetValue(name, out var c))
                {
                    if (Columns.Count >= MaxColumns) continue;
                    _columnIndex[name] = c = Columns.Count;
                    Columns.Add(name);
                }
                if (c >= row.Length) Array.Resize(ref row, c + 1);
                row[c] = value;
                chars += value.Length;
            }
            Rows.Add(row);
            return chars;
        }

        public IReadOnlyList<string> Pad(string[] row)
        {
            var full = new string[Columns.Count];
            for (var i = 0; i < full.Length; i++) full[i] = i < row.Length ? row[i] ?? "" : "";
            return full;
        }
    }

    private static void Collect(ContentSource source, Dictionary<string, RecordGroup> groups, UnpackContext context, out string? limit)
    {
        limit = null;
        long held = 0;
        var budget = Math.Max(1 << 20, context.Limits.MaxInMemoryBytes / 4);
        using var xml = SafeXml.Open(source.Open());
        var stack = new Stack<OpenElement>();
        while (xml.Read())
        {
            context.ThrowIfCancelled();
            switch (xml.NodeType)
            {
                case XmlNodeType.Element:
                {
                    SafeXml.CheckDepth(xml, context.Limits.MaxNesting);
                    var parent = stack.Count > 0 ? stack.Peek() : null;
                    if (parent is not null) parent.HasElementChildren = true;
                    var element = new OpenElement(xml.LocalName, parent is null ? xml.LocalName : parent.Path + "/" + xml.LocalName);
                    if (xml.MoveToFirstAttribute())
                    {
                        do
                        {
                            if (xml.Prefix == "xmlns" || xml.LocalName == "xmlns") continue;
                            element.Fields.Add((xml.LocalName, Bounded(xml.Value)));
                        } while (xml.MoveToNextAttribute());
                        xml.MoveToElement();
                    }
                    if (xml.IsEmptyElement) Close(element, parent);
                    else stack.Push(element);
                    break;
                }
                case XmlNodeType.Text or XmlNodeType.CDATA:
                    if (stack.Count > 0 && stack.Peek().Text.Length < MaxValueChars) stack.Peek().Text.Append(Bounded(xml.Value));
                    break;
                case XmlNodeType.EndElement:
                {
                    var element = stack.Pop();
                    Close(element, stack.Count > 0 ? stack.Peek() : null);
                    break;
                }
            }
            if (held > budget)
            {
                limit = $"the XML holds more records than {budget / (1 << 20):N0} MiB of values; the rest was read as text only";
                return;
            }
        }

        void Close(OpenElement element, OpenElement? parent)
        {
            if (parent is not null) parent.ChildCounts[element.Name] = parent.ChildCounts.GetValueOrDefault(element.Name) + 1;
            var text = element.HasElementChildren ? "" : element.Text.ToString().Trim();
            if (!element.HasElementChildren && (text.Length > 0 || element.Fields.Count == 0))
            {
                // A leaf with a value: a field of the parent, and so are its attributes (`<w unit="kg">71.2</w>`).
                if (parent is null) return;
                parent.Fields.Add((element.Name, text));
                foreach (var (name, value) in element.Fields) parent.Fields.Add((element.Name + "@" + name, value));
                return;
            }
            // Otherwise a record: its attributes (`<rec sbp="121" …/>`) and leaf children.
            if (element.Fields.Count == 0) return;
            if (!groups.TryGetValue(element.Path, out var group)) groups[element.Path] = group = new RecordGroup(groups.Count);
            if (parent is not null && parent.ChildCounts[element.Name] >= 2) group.Repeated = true;
            held += group.Add(element.Fields) + 16L * element.Fields.Count;
        }
    }

    private static string Bounded(string value) => value.Length <= MaxValueChars ? value : value[..MaxValueChars];
}
