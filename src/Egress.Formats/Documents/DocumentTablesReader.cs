using System.Text;
using Egress.Formats.Content;

namespace Egress.Formats.Documents;

/// <summary>
/// Word (DOCX), PowerPoint (PPTX) and OpenDocument (ODT, ODS, ODP) files: their tables are read as tables
/// — <c>paper.docx#table2</c>, <c>talk.pptx#slide3/table1</c>, <c>data.ods#Sheet1</c> — so a participant
/// record laid out in a table is matched as a record, not as loose words; the text outside tables, every
/// other XML part (headers, notes, comments, properties) as text, and embedded files (pictures, embedded
/// workbooks) are read again. Recognised by the package's parts (Office) or its stored mimetype entry (OpenDocument).
/// </summary>
public sealed class DocumentTablesReader : IContentReader
{
    private enum Kind { Word, Slides, OpenDocument }

    public string Format => "document";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) => Sniff(head, source) is not null;

    private static Kind? Sniff(ReadOnlySpan<byte> head, ContentSource source)
    {
        if (head.Length < 4 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) return null;
        // OpenDocument: a first, stored entry "mimetype" holding the media type.
        if (head.Length > 38 && head[30..].StartsWith("mimetype"u8) && head[38..].StartsWith("application/vnd.oasis.opendocument."u8))
            return Kind.OpenDocument;
        if (head.IndexOf("[Content_Types].xml"u8) >= 0 && head.IndexOf("word/document.xml"u8) >= 0) return Kind.Word;
        if (head.IndexOf("[Content_Types].xml"u8) >= 0 && head.IndexOf("ppt/presentation.xml"u8) >= 0) return Kind.Slides;
        if (!source.Seekable) return null;
        if (OfficePackage.HasEntries(source, "[Content_Types].xml", "word/document.xml")) return Kind.Word;
        if (OfficePackage.HasEntries(source, "[Content_Types].xml", "ppt/presentation.xml")) return Kind.Slides;
        return null;
    }

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var kind = Sniff(source.Head(Unpacker.HeadBytes), source) ?? throw new InvalidDataException("not a Word, PowerPoint or OpenDocument package");
        var dialect = kind switch
        {
            Kind.Word => DocumentTableDialect.Word,
            Kind.Slides => DocumentTableDialect.Slides,
            _ => DocumentTableDialect.OpenDocument,
        };
        using var package = OfficePackage.Open(source, context);
        foreach (var entry in package.Entries.OrderBy(e => Order(e.FullName), StringComparer.Ordinal))
        {
            context.ThrowIfCancelled();
            var name = entry.FullName.TrimStart('/');
            if (name.EndsWith('/') || IsStructure(name)) continue;
            if (!name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            {
                yield return new EmbeddedFile($"{path}/{name}", package.PartSource(entry));
                continue;
            }
            var where = $"{path}#{PartName(kind, name)}";
            var outside = new TextCollector(context);
            var extractor = new DocumentTableExtractor(dialect, context);
            extractor.Read(package.OpenPart(entry), name, outside);
            var number = 0;
            foreach (var table in extractor.Tables)
            {
                number++;
                var tableName = table.Name is { Length: > 0 } named ? named : $"table{number}";
                var at = where.EndsWith('#') ? where + tableName : $"{where}/{tableName}";
                yield return new TablePart(at, null, table.Rows);
            }
            if (!outside.IsEmpty) yield return new TextPart(where.EndsWith('#') ? where + "text" : where, outside.ToSource());
        }
    }

    /// <summary>The main content first (document, slides in order, content.xml), so findings name it before the rest.</summary>
    private static string Order(string name) =>
        name is "word/document.xml" or "content.xml" ? "0" + name
        : name.StartsWith("ppt/slides/slide", StringComparison.Ordinal) ? "1" + name.Length.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) + name
        : "2" + name;

    /// <summary>How a part is named in locations: the main content by its tables alone (<c>x.docx#table1</c>), slides by number, others by path.</summary>
    private static string PartName(Kind kind, string name)
    {
        if (name is "word/document.xml" or "content.xml") return "";
        if (kind == Kind.Slides && name.StartsWith("ppt/slides/slide", StringComparison.Ordinal) && name.EndsWith(".xml", StringComparison.Ordinal))
            return "slide" + name["ppt/slides/slide".Length..^4];
        return name;
    }

    /// <summary>Parts that describe the package or its look, not its content.</summary>
    private static bool IsStructure(string name) =>
        name.EndsWith(".rels", StringComparison.OrdinalIgnoreCase) || name == "[Content_Types].xml" || name == "mimetype"
        || name.Contains("/theme/", StringComparison.OrdinalIgnoreCase) || name.Equals("META-INF/manifest.xml", StringComparison.OrdinalIgnoreCase);
}
