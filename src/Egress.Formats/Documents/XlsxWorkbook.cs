using System.Xml;
using Egress.Formats.Content;

namespace Egress.Formats.Documents;

/// <summary>One sheet as the workbook lists it: its name (hidden and very hidden sheets too) and its part in the package.</summary>
internal sealed record XlsxSheetEntry(string Name, string? PartName);

/// <summary>xl/workbook.xml and its relationships: the sheets in order, where their parts are, and the date system.</summary>
internal sealed class XlsxWorkbook
{
    private const int MaxSheets = 1 << 16;

    public required string PartName { get; init; }
    public required IReadOnlyList<XlsxSheetEntry> Sheets { get; init; }
    public bool Date1904 { get; init; }

    public static XlsxWorkbook Read(OfficePackage package, UnpackContext context)
    {
        var partName = OfficeDocumentPart(package, context) ?? "xl/workbook.xml";
        var entry = package.Entry(partName) ?? throw new InvalidDataException($"the workbook part {partName} is missing");
        var sheets = new List<(string Name, string? RelationId)>();
        var date1904 = false;
        using (var xml = SafeXml.Open(package.OpenPart(entry)))
        {
            try
            {
                while (xml.Read())
                {
                    if (xml.NodeType != XmlNodeType.Element) continue;
                    SafeXml.CheckDepth(xml, context.Limits.MaxNesting);
                    if (xml.LocalName == "workbookPr") date1904 = xml.GetAttribute("date1904") is "1" or "true";
                    else if (xml.LocalName == "sheet")
                    {
                        if (sheets.Count >= MaxSheets) throw new InputLimitException($"more than {MaxSheets:N0} sheets");
                        sheets.Add((xml.GetAttribute("name") ?? $"sheet{sheets.Count + 1}", RelationId(xml)));
                    }
                }
            }
            catch (XmlException e)
            {
                throw SafeXml.Damaged(partName, e);
            }
        }
        var targets = Relationships(package, partName, context);
        return new XlsxWorkbook
        {
            PartName = partName,
            Date1904 = date1904,
            Sheets = sheets.Select(s => new XlsxSheetEntry(s.Name, s.RelationId is null ? null : targets.GetValueOrDefault(s.RelationId))).ToList(),
        };
    }

    /// <summary>The r:id attribute, whatever prefix the relationships namespace has.</summary>
    private static string? RelationId(XmlReader xml)
    {
        if (!xml.MoveToFirstAttribute()) return null;
        string? id = null;
        do
        {
            if (xml.LocalName == "id" && xml.NamespaceURI.Contains("relationships", StringComparison.Ordinal)) id = xml.Value;
        } while (id is null && xml.MoveToNextAttribute());
        xml.MoveToElement();
        return id;
    }

    /// <summary>The main part named by the package's root relationships (_rels/.rels), if it says.</summary>
    private static string? OfficeDocumentPart(OfficePackage package, UnpackContext context)
    {
        foreach (var (type, target) in ReadRelationships(package, "_rels/.rels", "", context))
            if (type.EndsWith("/officeDocument", StringComparison.Ordinal))
                return target;
        return null;
    }

    /// <summary>Relationship id → part name, for the relationships of <paramref name="partName"/>.</summary>
    private static Dictionary<string, string> Relationships(OfficePackage package, string partName, UnpackContext context)
    {
        var folder = partName.Contains('/') ? partName[..(partName.LastIndexOf('/') + 1)] : "";
        var rels = folder + "_rels/" + partName[folder.Length..] + ".rels";
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, target) in ReadRelationships(package, rels, folder, context, byId: true)) result.TryAdd(id, target);
        return result;
    }

    /// <summary>(type or id, resolved target) of each relationship in a .rels part; none when the part is missing.</summary>
    private static List<(string Key, string Target)> ReadRelationships(OfficePackage package, string relsName, string folder, UnpackContext context,
        bool byId = false)
    {
        var result = new List<(string, string)>();
        var entry = package.Entry(relsName);
        if (entry is null) return result;
        using var xml = SafeXml.Open(package.OpenPart(entry));
        try
        {
            while (xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "Relationship") continue;
                SafeXml.CheckDepth(xml, context.Limits.MaxNesting);
                if (xml.GetAttribute("TargetMode") == "External") continue;
                var key = byId ? xml.GetAttribute("Id") : xml.GetAttribute("Type");
                var target = xml.GetAttribute("Target");
                if (key is null || target is null) continue;
                if (result.Count >= MaxSheets * 4) throw new InputLimitException("too many relationships in a workbook");
                result.Add((key, Resolve(folder, target)));
            }
        }
        catch (XmlException e)
        {
            throw SafeXml.Damaged(relsName, e);
        }
        return result;
    }

    /// <summary>A relationship target as a part name: absolute ("/xl/…") or relative to the source part's folder, "../" resolved.</summary>
    public static string Resolve(string folder, string target)
    {
        var path = target.StartsWith('/') ? target.TrimStart('/') : folder + target;
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or ".") continue;
            if (segment == "..")
            {
                if (segments.Count > 0) segments.RemoveAt(segments.Count - 1);
                continue;
            }
            segments.Add(segment);
        }
        return string.Join('/', segments);
    }
}
