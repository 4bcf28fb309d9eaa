
using Egress.Formats.Content;

namespace Egress.Formats.Documents;

/// <summary>
/// Excel workbooks (a zip holding [Content_Types].xml and xl/workbook.xml): every sheet as a table —
/// hidden and very hidden ones too, named by the sheet (<c>book.xlsx#Hidden</c>) — then whatever else
/// could hold data: shared strings no cell uses, comments, defined names, document properties, chart
/// and pivot caches as text, and embedded files (pictures, objects, macros) to be read again.
/// Parts are read from the open package as they are yielded: consume each part before asking for the next.
/// </summary>
public sealed class XlsxReader : IContentReader
{
    private const string ContentTypes = "[Content_Types].xml";
    private const string Workbook = "xl/workbook.xml";
    /// <summary>Printer settings (a DEVMODE) are a few kilobytes; a larger one may hide something.</summary>
    private const long PrinterSettingsBytes = 16 << 10;

    public string Format => "xlsx";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source)
    {
        if (head.Length < 4 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) return false;
        if (head.IndexOf("[Content_Types].xml"u8) >= 0 && head.IndexOf("xl/workbook.xml"u8) >= 0) return true;
        return source.Seekable && OfficePackage.HasEntries(source, ContentTypes, Workbook);
    }

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        using var package = OfficePackage.Open(source, context);
        var workbook = XlsxWorkbook.Read(package, context);
        var strings = ReadOptional(package, "xl/sharedStrings.xml", s => XlsxSharedStrings.Read(s, context)) ?? XlsxSharedStrings.None;
        var styles = ReadOptional(package, "xl/styles.xml", s => XlsxStyles.Read(s, context)) ?? XlsxStyles.None;
        var handled = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            // The workbook part is read as text below: sheet names and defined names are strings the author chose.
            ContentTypes, "xl/sharedStrings.xml", "xl/styles.xml", "xl/calcChain.xml",
        };

        foreach (var sheet in workbook.Sheets)
        {
            context.ThrowIfCancelled();
            var where = $"{path}#{sheet.Name}";
            var entry = sheet.PartName is null ? null : package.Entry(sheet.PartName);
            if (entry is null)
            {
                yield return new Notice(where, NoticeKind.Corrupt, "the workbook lists this sheet but its part is missing");
                continue;
            }
            handled.Add(entry.FullName.TrimStart('/'));
            var cells = new XlsxSheet(() => package.OpenPart(entry), strings, styles, workbook.Date1904, context);
            if (cells.FirstRowNumber() is not { } first) continue;
            yield return new TablePart(where, null, cells.Rows(first)) { FirstRowNumber = first, SpreadsheetCells = true };
        }

        var unused = new TextCollector(context);
        foreach (var text in strings.Unused()) unused.Line(text);
        if (!unused.IsEmpty) yield return new TextPart($"{path}#xl/sharedStrings.xml", unused.ToSource());

        foreach (var entry in package.Entries.OrderBy(e => e.FullName, StringComparer.Ordinal))
        {
            context.ThrowIfCancelled();
            var name = entry.FullName.TrimStart('/');
            if (handled.Contains(name) || name.EndsWith('/') || IsStructure(name)) continue;
            if (IsXml(name))
            {
                var text = new TextCollector(context);
                XmlPartText.Extract(package.OpenPart(entry), name, KeepsValuesInAttributes(name) || name.Equals(workbook.PartName.TrimStart('/'), StringComparison.OrdinalIgnoreCase), text, context);
                if (!text.IsEmpty) yield return new TextPart($"{path}#{name}", text.ToSource());
            }
            else if (!(IsPrinterSettings(name) && entry.Length <= PrinterSettingsBytes))
                yield return new EmbeddedFile($"{path}/{name}", package.PartSource(entry));
        }
    }

    private static T? ReadOptional<T>(OfficePackage package, string name, Func<Stream, T> read) where T : class
    {
        var entry = package.Entry(name);
        if (entry is null) return null;
        using var stream = package.OpenPart(entry);
        return read(stream);
    }

    /// <summary>Parts that describe the package or its look, not its content: relationships, themes.</summary>
    private static bool IsStructure(string name) =>
        name.EndsWith(".rels", StringComparison.OrdinalIgnoreCase) || name.StartsWith("xl/theme/", StringComparison.OrdinalIgnoreCase);

    private static bool IsXml(string name) => name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase);

    private static bool IsPrinterSettings(string name) => name.Contains("/printerSettings/", StringComparison.OrdinalIgnoreCase);

    private static bool KeepsValuesInAttributes(string name) =>
        name.Contains("pivotCache", StringComparison.OrdinalIgnoreCase) || name.StartsWith("customXml/", StringComparison.OrdinalIgnoreCase);

}
