using System.Collections;
using System.Text;
using System.Xml;
using Egress.Formats.Content;

namespace Egress.Formats.Documents;

/// <summary>
/// The workbook's shared string table (xl/sharedStrings.xml), held in memory within the in-memory cap,
/// and which strings cells use: strings no cell uses are data too, and are scanned on their own.
/// </summary>
internal sealed class XlsxSharedStrings
{
    private const int StringOverhead = 32;
    private readonly List<string> _strings = [];
    private BitArray _used = new(0);

    public static readonly XlsxSharedStrings None = new();

    public int Count => _strings.Count;

    /// <summary>The string at an index (marked used); an index out of range is damage.</summary>
    public string Get(string indexText)
    {
        if (!int.TryParse(indexText, out var index) || index < 0 || index >= _strings.Count)
            throw new InvalidDataException("a cell refers to a shared string the workbook does not have");
        _used[index] = true;
        return _strings[index];
    }

    public IEnumerable<string> Unused()
    {
        for (var i = 0; i < _strings.Count; i++)
            if (!_used[i] && _strings[i].Length > 0)
                yield return _strings[i];
    }

    public static XlsxSharedStrings Read(Stream part, UnpackContext context)
    {
        var table = new XlsxSharedStrings();
        var budget = context.Limits.MaxInMemoryBytes;
        using var xml = SafeXml.Open(part);
        try
        {
            while (xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "si") continue;
                SafeXml.CheckDepth(xml, context.Limits.MaxNesting);
                var item = ReadRichText(xml, context.Limits.MaxNesting);
                budget -= StringOverhead + item.Length * 2L;
                if (budget < 0) throw TooLarge(context);
                table._strings.Add(item);
                if ((table._strings.Count & 4095) == 0) context.ThrowIfCancelled();
            }
        }
        catch (XmlException e)
        {
            throw SafeXml.Damaged("xl/sharedStrings.xml", e);
        }
        table._used = new BitArray(table._strings.Count);
        return table;
    }

    /// <summary>
    /// The text of a string item (a shared string's &lt;si&gt; or an inline &lt;is&gt;): its &lt;t&gt; runs concatenated,
    /// phonetic guides (&lt;rPh&gt;) left out. Leaves the reader on the item's end element.
    /// </summary>
    public static string ReadRichText(XmlReader xml, int maxNesting)
    {
        if (xml.IsEmptyElement) return "";
        var depth = xml.Depth;
        var text = new StringBuilder();
        var phoneticDepth = -1;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.EndElement)
            {
                if (xml.Depth == depth) return text.ToString();
                if (xml.Depth == phoneticDepth) phoneticDepth = -1;
                continue;
            }
            if (xml.NodeType != XmlNodeType.Element) continue;
            SafeXml.CheckDepth(xml, maxNesting);
            if (phoneticDepth >= 0) continue;
            if (xml.LocalName == "rPh" && !xml.IsEmptyElement) phoneticDepth = xml.Depth;
            else if (xml.LocalName == "t")
            {
                text.Append(SafeXml.ReadElementText(xml, XlsxSheet.MaxCellChars));
                if (text.Length > XlsxSheet.MaxCellChars) throw new InputLimitException($"a string in a workbook is longer than {XlsxSheet.MaxCellChars:N0} characters");
            }
        }
        throw new XmlException("the part ends inside a string item");
    }

    private static InputLimitException TooLarge(UnpackContext context) =>
        new($"the shared strings of a workbook take more than the {context.Limits.MaxInMemoryBytes:N0} bytes a part may take in memory");
}
