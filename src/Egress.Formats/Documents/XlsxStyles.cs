using System.Xml;
using Egress.Formats.Content;

namespace Egress.Formats.Documents;

/// <summary>Which cell styles (the `s` index of a cell) show numbers as dates, read from xl/styles.xml.</summary>
internal sealed class XlsxStyles
{
    /// <summary>More cell formats than Excel allows (64,000) is not a workbook.</summary>
    private const int MaxCellFormats = 1 << 17;

    private readonly List<bool> _isDate = [];

    public static readonly XlsxStyles None = new();

    public bool IsDate(int style) => style >= 0 && style < _isDate.Count && _isDate[style];

    public static XlsxStyles Read(Stream part, UnpackContext context)
    {
        var styles = new XlsxStyles();
        var codes = new Dictionary<int, string>();
        var formatIds = new List<int>();
        using var xml = SafeXml.Open(part);
        var inCellFormats = false;
        var cellFormatsDepth = -1;
        try
        {
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.EndElement && xml.Depth == cellFormatsDepth)
                {
                    inCellFormats = false;
                    cellFormatsDepth = -1;
                }
                if (xml.NodeType != XmlNodeType.Element) continue;
                SafeXml.CheckDepth(xml, context.Limits.MaxNesting);
                switch (xml.LocalName)
                {
                    case "numFmt" when codes.Count < MaxCellFormats:
                        if (int.TryParse(xml.GetAttribute("numFmtId"), out var id)) codes[id] = xml.GetAttribute("formatCode") ?? "";
                        break;
                    case "cellXfs" when !xml.IsEmptyElement:
                        inCellFormats = true;
                        cellFormatsDepth = xml.Depth;
                        break;
                    case "xf" when inCellFormats && xml.Depth == cellFormatsDepth + 1:
                        if (formatIds.Count >= MaxCellFormats) throw new InputLimitException($"more than {MaxCellFormats:N0} cell formats");
                        formatIds.Add(int.TryParse(xml.GetAttribute("numFmtId"), out var f) ? f : 0);
                        break;
                }
                if ((formatIds.Count & 1023) == 0) context.ThrowIfCancelled();
            }
        }
        catch (XmlException e)
        {
            throw SafeXml.Damaged("xl/styles.xml", e);
        }
        foreach (var id in formatIds) styles._isDate.Add(ExcelDates.IsDateFormat(id, codes.GetValueOrDefault(id)));
        return styles;
    }
}
