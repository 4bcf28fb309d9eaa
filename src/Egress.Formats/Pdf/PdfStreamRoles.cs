namespace Egress.Formats.Pdf;

/// <summary>What a stream is for, which decides how it is read.</summary>
public enum StreamRole
{
    Unknown,
    /// <summary>Drawing operators: page contents, forms, patterns, Type 3 glyphs. Read for text.</summary>
    Content,
    Image,
    /// <summary>An image used as another image's mask or alpha channel.</summary>
    Mask,
    FontProgram,
    CMap,
    ColourProfile,
    EmbeddedFile,
    /// <summary>XML or script text (XMP metadata, XFA forms, JavaScript).</summary>
    Text,
    /// <summary>Sampled functions and shadings: drawing data, not text.</summary>
    Graphics,
    /// <summary>Cross-reference and object streams: the file's own structure.</summary>
    Structure,
}

/// <summary>
/// Gives each stream its role, from its own dictionary (/Subtype /Image, /Type /EmbeddedFile…) and
/// from what refers to it (a font descriptor's /FontFile2, a /ToUnicode, an [/ICCBased …] colour
/// space, a filespec's /EF, a page's /Contents). Also keeps attachments' file names.
/// </summary>
public sealed class PdfStreamRoles
{
    private readonly Dictionary<int, StreamRole> _byReference = [];
    private readonly int _maxNesting;

    public Dictionary<int, string> AttachmentNames { get; } = [];

    private PdfStreamRoles(int maxNesting) => _maxNesting = maxNesting;

    public static PdfStreamRoles Find(PdfFile file, int maxNesting)
    {
        var roles = new PdfStreamRoles(maxNesting);
        foreach (var value in file.Objects.Values)
        {
            if (value is PdfStream stream) roles.Walk(file, stream.Dictionary, 0);
            else roles.Walk(file, value, 0);
        }
        return roles;
    }

    public StreamRole RoleOf(int number, PdfStream stream)
    {
        var d = stream.Dictionary;
        var type = d.NameOf("Type");
        var subtype = d.NameOf("Subtype");
        if (type is "XRef" or "ObjStm") return StreamRole.Structure;
        if (type == "EmbeddedFile") return StreamRole.EmbeddedFile;
        if (_byReference.TryGetValue(number, out var role)) return role;
        if (subtype == "Image") return StreamRole.Image;
        if (subtype is "Form" or "PS" || d["PatternType"] is not null) return StreamRole.Content;
        if (type == "Metadata" || subtype == "XML") return StreamRole.Text;
        if (type == "CMap" || d["CMapName"] is not null) return StreamRole.CMap;
        if (d["Length1"] is not null || d["Length2"] is not null || subtype is "Type1C" or "CIDFontType0C" or "OpenType") return StreamRole.FontProgram;
        if (d["FunctionType"] is not null || d["ShadingType"] is not null || d["HalftoneType"] is not null) return StreamRole.Graphics;
        return StreamRole.Unknown;
    }

    private void Walk(PdfFile file, PdfObject value, int depth)
    {
        if (depth > _maxNesting) return;
        switch (value)
        {
            case PdfDictionary d:
                foreach (var (key, item) in d.Entries)
                {
                    switch (key)
                    {
                        case "FontFile" or "FontFile2" or "FontFile3" or "CIDToGIDMap" or "CIDSet": Mark(item, StreamRole.FontProgram); break;
                        case "ToUnicode": Mark(item, StreamRole.CMap); break;
                        case "Encoding" when d.NameOf("Subtype") == "Type0": Mark(item, StreamRole.CMap); break;
                        case "Contents" when d.NameOf("Type") == "Page" || d["MediaBox"] is not null: MarkAll(file, item, StreamRole.Content); break;
                        case "CharProcs": MarkValues(file, item, StreamRole.Content); break;
                        case "EF":
                            MarkValues(file, item, StreamRole.EmbeddedFile);
                            Name(file, d, item);
                            break;
                        case "Metadata" or "JS" or "XFA": MarkAll(file, item, StreamRole.Text); break;
                        case "Thumb": Mark(item, StreamRole.Image); break;
                        case "SMask" or "Mask": Mark(item, StreamRole.Mask); break;
                    }
                    Walk(file, item, depth + 1);
                }
                break;
            case PdfArray a:
                if (a.Items.Count == 2 && a.Items[0] is PdfName { Value: "ICCBased" }) Mark(a.Items[1], StreamRole.ColourProfile);
                foreach (var item in a.Items) Walk(file, item, depth + 1);
                break;
        }
    }

    private void Mark(PdfObject item, StreamRole role)
    {
        if (item is PdfReference r) _byReference.TryAdd(r.Number, role);
    }

    private void MarkAll(PdfFile file, PdfObject item, StreamRole role)
    {
        Mark(item, role);
        if (file.Resolve(item) is PdfArray a)
            foreach (var element in a.Items) Mark(element, role);
    }

    private void MarkValues(PdfFile file, PdfObject item, StreamRole role)
    {
        if (file.ResolveDictionary(item) is { } d)
            foreach (var value in d.Entries.Values) Mark(value, role);
    }

    /// <summary>A filespec's name (/UF, else /F) for the streams its /EF holds.</summary>
    private void Name(PdfFile file, PdfDictionary filespec, PdfObject ef)
    {
        var name = (file.Resolve(filespec["UF"]) ?? file.Resolve(filespec["F"])) is PdfString s ? PdfEncodings.TextString(s.Bytes) : null;
        if (string.IsNullOrWhiteSpace(name) || file.ResolveDictionary(ef) is not { } d) return;
        foreach (var value in d.Entries.Values)
            if (value is PdfReference r) AttachmentNames.TryAdd(r.Number, name);
    }
}
