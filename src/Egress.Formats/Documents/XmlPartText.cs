using System.Xml;
using Egress.Formats.Content;

namespace Egress.Formats.Documents;

/// <summary>
/// The text of an XML part that is not a sheet (comments, document properties, chart caches, pivot
/// caches, custom XML): one line per text node, and for parts that keep values in attributes (pivot
/// cache records: &lt;n v="57.2"/&gt;) one line per element with its attribute values.
/// </summary>
internal static class XmlPartText
{
    public static void Extract(Stream part, string name, bool attributes, TextCollector sink, UnpackContext context)
    {
        using var xml = SafeXml.Open(part);
        long nodes = 0;
        try
        {
            while (xml.Read())
            {
                if ((++nodes & 4095) == 0) context.ThrowIfCancelled();
                switch (xml.NodeType)
                {
                    case XmlNodeType.Element:
                        SafeXml.CheckDepth(xml, context.Limits.MaxNesting);
                        if (attributes && xml.HasAttributes) AppendAttributes(xml, sink);
                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA:
                        var text = xml.Value.Trim();
                        if (text.Length > 0) sink.Line(text);
                        break;
                }
            }
        }
        catch (XmlException e)
        {
            throw SafeXml.Damaged(name, e);
        }
    }

    private static void AppendAttributes(XmlReader xml, TextCollector sink)
    {
        var any = false;
        sink.EndLine();
        while (xml.MoveToNextAttribute())
        {
            if (xml.Prefix == "xmlns" || xml.LocalName == "xmlns" || xml.NamespaceURI.Contains("relationships", StringComparison.Ordinal)) continue;
            if (xml.Value.Length == 0) continue;
            if (any) sink.Append(' ');
            sink.Append(xml.Value);
            any = true;
        }
        xml.MoveToElement();
        if (any) sink.Append('\n');
    }
}
