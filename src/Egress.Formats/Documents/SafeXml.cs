using System.Xml;

namespace Egress.Formats.Documents;

/// <summary>
/// XmlReader settings for untrusted documents: no DTD (so no entity expansion bombs), no external
/// resolution, and element nesting checked against the context's bound as the reader walks.
/// </summary>
internal static class SafeXml
{
    /// <summary>Office parts never carry a DTD: one is refused outright.</summary>
    public static XmlReaderSettings Strict() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 0,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    public static XmlReader Open(Stream stream) => XmlReader.Create(stream, Strict());

    /// <summary>Throws when an element lies deeper than the nesting bound (a deeply nested part is hostile, not data).</summary>
    public static void CheckDepth(XmlReader reader, int maxNesting)
    {
        if (reader.Depth > maxNesting)
            throw new InputLimitException($"XML nested more than {maxNesting} elements deep");
    }

    /// <summary>
    /// The text inside the element the reader is on (its descendants' text, concatenated), read in
    /// chunks so one huge text node cannot take unbounded memory. Leaves the reader on the end element.
    /// </summary>
    public static string ReadElementText(XmlReader xml, int maxChars)
    {
        if (xml.IsEmptyElement) return "";
        var depth = xml.Depth;
        var text = new System.Text.StringBuilder();
        var chunk = new char[4096];
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth) return text.ToString();
            if (xml.NodeType is not (XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)) continue;
            if (xml.CanReadValueChunk)
            {
                int n;
                while ((n = xml.ReadValueChunk(chunk, 0, chunk.Length)) > 0)
                {
                    text.Append(chunk, 0, n);
                    if (text.Length > maxChars) throw TextTooLong(maxChars);
                }
            }
            else
            {
                text.Append(xml.Value);
                if (text.Length > maxChars) throw TextTooLong(maxChars);
            }
        }
        throw new XmlException("the document ends inside an element");
    }

    private static InputLimitException TextTooLong(int maxChars) => new($"a text in an XML part is longer than {maxChars:N0} characters");

    /// <summary>Malformed XML is damage: the walker reports it as corrupt content.</summary>
    public static InvalidDataException Damaged(string what, XmlException e) => new($"{what} is not well-formed XML ({e.Message})");
}
