using System.Text;
using Egress.Formats.Content;
using Egress.Formats.Pictures;

namespace Egress.Formats.Pdf;

/// <summary>
/// PDF (%PDF- within the first kilobyte): objects found by scanning (not only through the xref
/// table), object streams opened, every stream decoded and read by its role. Each page's text is a
/// part (<c>report.pdf#page3</c>); attachments are files of their own; strings outside pages (title,
/// annotations, form values) and XMP are scanned; pictures are pictures. Whatever cannot be decoded —
/// encryption, an unsupported filter, text in fonts with no Unicode map, bytes outside the document
/// structure — is reported and never released.
/// </summary>
public sealed class PdfReader : IContentReader
{
    /// <summary>A page whose unreadable glyphs are more than this many and this share of its glyphs could hide text.</summary>
    private const int UnmappedGlyphsTolerated = 32;
    private const double UnmappedShareTolerated = 0.1;
    private const int MaxPages = 100_000;
    /// <summary>Bytes a writer may leave after a compressed stream's end (an end of line) before they count as hidden.</summary>
    private const int StreamSlackBytes = 2;

    public string Format => "pdf";

    /// <summary>"%PDF-" first, or within the first kilobyte (after junk some writers add) of content with objects.</summary>
    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) =>
        head.StartsWith("%PDF-"u8) || PdfFile.FindHeader(head) > 0 && head.IndexOf("endobj"u8) > 0;

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var bytes = source.ReadAll(context);
        var file = PdfFile.Scan(bytes, context);
        var damage = new List<string>(file.Damage);
        if (Encryption(file) is not null)
        {
            yield return new EncryptedPart(path, bytes.Length, "pdf");
            yield break;
        }
        foreach (var part in OpenObjectStreams(file, path, context)) yield return part;
        if (Encryption(file) is not null)
        {
            yield return new EncryptedPart(path, bytes.Length, "pdf");
            yield break;
        }
        var roles = PdfStreamRoles.Find(file, context.Limits.MaxNesting);
        var text = new PdfPageText(file, context);
        var contentsRead = new HashSet<int>();
        var pageNumber = 0;
        foreach (var (page, resources) in PdfPageTree.Pages(file, MaxPages))
        {
            context.ThrowIfCancelled();
            pageNumber++;
            var where = $"{path}#page{pageNumber}";
            var content = new MemoryStream();
            var undecodable = new List<string>();
            foreach (var (number, stream) in ContentStreams(file, page["Contents"]))
            {
                if (number >= 0) contentsRead.Add(number);
                var decoded = PdfFilters.Decode(file, stream, context);
                if (decoded.Status != DecodeStatus.Decoded) undecodable.Add(decoded.Problem ?? $"a {decoded.ImageFilter} content stream");
                content.Write(decoded.Bytes);
                content.WriteByte((byte)'\n');
            }
            var result = text.Read(content.ToArray(), resources);
            if (result.Text.Length > 0) yield return Text(where, result.Text);
            if (undecodable.Count > 0)
                yield return new OpaquePart(where, content.Length, $"a page content stream that could not be decoded ({undecodable[0]})");
            if (Unreadable(result) is { } reason) yield return new OpaquePart(where, result.Unmapped, reason);
        }
        foreach (var part in OtherStreams(file, roles, text, contentsRead, path, context, damage)) yield return part;
        var strings = Strings(file);
        if (strings.Length > 0) yield return Text($"{path}#strings", strings);
        foreach (var part in Unexplained(file, bytes, path)) yield return part;
        if (pageNumber == 0) damage.Add("no pages found");
        if (damage.Count > 0)
            yield return new Notice(path, NoticeKind.Corrupt,
                $"pdf structure is damaged: {string.Join("; ", damage.Take(5))}{(damage.Count > 5 ? $" (and {damage.Count - 5} more)" : "")}");
    }

    private static TextPart Text(string path, string text) => new(path, new MemorySource(Encoding.UTF8.GetBytes(text)));

    private static string? Unreadable(PageText page) =>
        page.Unmapped > UnmappedGlyphsTolerated && page.Unmapped > UnmappedShareTolerated * page.Glyphs
            ? $"{page.Unmapped:N0} of {page.Glyphs:N0} characters are shown in fonts with no Unicode map and could not be read"
            : null;

    /// <summary>The /Encrypt entry of any trailer or cross-reference stream.</summary>
    private static PdfObject? Encryption(PdfFile file)
    {
        foreach (var trailer in file.Trailers)
            if (trailer["Encrypt"] is { } e) return e;
        foreach (var value in file.Objects.Values)
            if (value is PdfStream { Dictionary: var d } && d.NameOf("Type") == "XRef" && d["Encrypt"] is { } e) return e;
        return null;
    }

    private static IEnumerable<Part> OpenObjectStreams(PdfFile file, string path, UnpackContext context)
    {
        var streams = file.Objects.Where(o => o.Value is PdfStream s && s.Dictionary.NameOf("Type") == "ObjStm")
            .Select(o => (o.Key, Stream: (PdfStream)o.Value)).OrderBy(o => o.Key).ToList();
        foreach (var (number, stream) in streams)
        {
            context.ThrowIfCancelled();
            var decoded = PdfFilters.Decode(file, stream, context);
            if (decoded.Status != DecodeStatus.Decoded)
            {
                yield return new OpaquePart($"{path}#obj{number}", stream.Raw.Length, $"an object stream that could not be decoded ({decoded.Problem})");
                continue;
            }
            file.AddObjectStream(number, stream.Dictionary, decoded.Bytes);
        }
    }

    private static IEnumerable<(int Number, PdfStream Stream)> ContentStreams(PdfFile file, PdfObject? contents)
    {
        var items = file.Resolve(contents) is PdfArray array ? array.Items : contents is null ? [] : [contents];
        foreach (var item in items)
            if (file.Resolve(item) is PdfStream stream)
                yield return (item is PdfReference r ? r.Number : -1, stream);
    }

    /// <summary>Every stream not read as a page's content, by its role.</summary>
    private static IEnumerable<Part> OtherStreams(PdfFile file, PdfStreamRoles roles, PdfPageText text, HashSet<int> contentsRead,
        string path, UnpackContext context, List<string> damage)
    {
        foreach (var (number, value) in file.Objects.OrderBy(o => o.Key))
        {
            context.ThrowIfCancelled();
            if (value is not PdfStream stream || contentsRead.Contains(number)) continue;
            var role = roles.RoleOf(number, stream);
            var where = $"{path}#obj{number}";
            if (role is StreamRole.Structure or StreamRole.FontProgram or StreamRole.Graphics) continue;
            if (role == StreamRole.Content && text.FormsDrawn.Contains(number)) continue;
            var decoded = PdfFilters.Decode(file, stream, context);
            if (role is StreamRole.Image or StreamRole.Mask)
            {
                foreach (var part in Picture(file, stream, decoded, role, number, path)) yield return part;
                continue;
            }
            if (decoded.Status == DecodeStatus.Damaged)
            {
                damage.Add($"object {number}: {decoded.Problem}");
                if (decoded.Bytes.Length == 0) continue;
            }
            else if (decoded.Status != DecodeStatus.Decoded)
            {
                yield return new OpaquePart(where, stream.Raw.Length, $"a stream that could not be decoded ({decoded.Problem ?? $"{decoded.ImageFilter} outside an image"})");
                continue;
            }
            if (decoded.TrailingBytes > StreamSlackBytes)
                yield return new OpaquePart(where, decoded.TrailingBytes, "bytes hidden after the end of a compressed stream");
            switch (role)
            {
                case StreamRole.CMap:
                    continue;
                case StreamRole.ColourProfile:
                    if (IccProfile.Inspect(decoded.Bytes).Problem is { } problem)
                        yield return new OpaquePart(where, decoded.Bytes.Length, $"a colour profile that is not clean ({problem})");
                    continue;
                case StreamRole.EmbeddedFile:
                    var name = roles.AttachmentNames.TryGetValue(number, out var n) ? Fragment(n) : $"obj{number}";
                    yield return new EmbeddedFile($"{path}#attachment:{name}", new MemorySource(decoded.Bytes));
                    continue;
                case StreamRole.Text:
                    yield return Text(where, Decode(decoded.Bytes));
                    continue;
                case StreamRole.Content:
                    var content = text.Read(decoded.Bytes, file.ResolveDictionary(stream.Dictionary["Resources"]));
                    if (content.Text.Length > 0) yield return Text(where, content.Text);
                    if (Unreadable(content) is { } reason) yield return new OpaquePart(where, content.Unmapped, reason);
                    continue;
            }
            // Unknown: drawing operators are read for text; anything else is a file of its own, sniffed.
            if (LooksLikeContent(decoded.Bytes))
            {
                var content = text.Read(decoded.Bytes, null);
                if (content.Text.Length > 0) yield return Text(where, content.Text);
                continue;
            }
            if (decoded.Bytes.Length > 0) yield return new EmbeddedFile(where, new MemorySource(decoded.Bytes));
        }
    }

    /// <summary>A picture in the PDF: a JPEG is read as one; raw pixels are checked against the size the image dictionary gives.</summary>
    private static IEnumerable<Part> Picture(PdfFile file, PdfStream stream, DecodedStream decoded, StreamRole role, int number, string path)
    {
        var where = $"{path}#image{number}";
        if (decoded.Status == DecodeStatus.ImageCoded && decoded.ImageFilter == "DCTDecode")
        {
            yield return new EmbeddedFile(where, new MemorySource(decoded.Bytes));
            yield break;
        }
        if (decoded.Status == DecodeStatus.ImageCoded)
        {
            yield return new ImagePart(where, $"pdf image ({decoded.ImageFilter})", stream.Raw.Length, Clean: false);
            yield break;
        }
        if (decoded.Status != DecodeStatus.Decoded)
        {
            yield return new OpaquePart(where, stream.Raw.Length, $"an image that could not be decoded ({decoded.Problem})");
            yield break;
        }
        var expected = ExpectedPixelBytes(file, stream.Dictionary);
        var clean = expected is { } e && (decoded.Bytes.Length == e || decoded.Bytes.Length == e + 1 && decoded.Bytes[^1] is 10 or 13)
            && decoded.TrailingBytes <= StreamSlackBytes;
        if (role == StreamRole.Image || !clean) yield return new ImagePart(where, "pdf image", decoded.Bytes.Length, clean);
    }

    private static long? ExpectedPixelBytes(PdfFile file, PdfDictionary image)
    {
        var width = file.ResolveNumber(image["Width"] ?? image["W"]);
        var height = file.ResolveNumber(image["Height"] ?? image["H"]);
        if (width is not (> 0 and < 1 << 20) || height is not (> 0 and < 1 << 20)) return null;
        var mask = file.Resolve(image["ImageMask"]) is PdfKeyword { Value: "true" };
        var bpc = mask ? 1 : (int)(file.ResolveNumber(image["BitsPerComponent"]) ?? 8);
        var components = mask ? 1 : Components(file, file.Resolve(image["ColorSpace"]), 0);
        if (components is null) return null;
        return ((long)width * components.Value * bpc + 7) / 8 * (long)height;
    }

    private static int? Components(PdfFile file, PdfObject? space, int depth)
    {
        if (depth > 4) return null;
        switch (space)
        {
            case PdfName n:
                return n.Value switch
                {
                    "DeviceGray" or "G" or "CalGray" or "Indexed" or "I" or "Separation" or "Pattern" => 1,
                    "DeviceRGB" or "RGB" or "CalRGB" or "Lab" => 3,
                    "DeviceCMYK" or "CMYK" => 4,
                    _ => null,
                };
            case PdfArray { Items.Count: > 0 } a:
                var kind = (file.Resolve(a.Items[0]) as PdfName)?.Value;
                return kind switch
                {
                    "ICCBased" when a.Items.Count > 1 => (int?)file.ResolveNumber(file.ResolveDictionary(a.Items[1])?["N"]),
                    "Indexed" or "I" or "Separation" => 1,
                    "DeviceN" when a.Items.Count > 1 && file.Resolve(a.Items[1]) is PdfArray names => names.Items.Count,
                    "CalRGB" or "Lab" => 3,
                    "CalGray" => 1,
                    _ => Components(file, file.Resolve(a.Items[0]), depth + 1),
                };
            default:
                return null;
        }
    }

    /// <summary>Text strings outside content streams (document information, annotations, bookmarks, form values), one per line.</summary>
    private static string Strings(PdfFile file)
    {
        var text = new StringBuilder();
        foreach (var (_, value) in file.Objects.OrderBy(o => o.Key))
            Collect(value is PdfStream s ? s.Dictionary : value, null, text, 0);
        foreach (var trailer in file.Trailers) Collect(trailer, null, text, 0);
        return text.ToString();
    }

    private static void Collect(PdfObject value, string? key, StringBuilder text, int depth)
    {
        if (depth > 64) return;
        switch (value)
        {
            case PdfString s:
                // Binary strings (document IDs, password hashes, signatures) are not text.
                if (key is "ID" or "O" or "U" or "OE" or "UE" or "Perms") break;
                var str = PdfEncodings.TextString(s.Bytes);
                if (str.Length > 0 && !LooksBinary(str)) text.Append(str.Replace('\n', ' ').Replace('\r', ' ')).Append('\n');
                break;
            case PdfDictionary d:
                foreach (var (k, v) in d.Entries) Collect(v, k, text, depth + 1);
                break;
            case PdfArray a:
                foreach (var item in a.Items) Collect(item, key, text, depth + 1);
                break;
        }
    }

    private static bool LooksBinary(string text)
    {
        var control = text.Count(c => c < 0x20 && c is not ('\t' or '\n' or '\r') || c == '\uFFFD');
        return control > text.Length / 10 + 1;
    }

    /// <summary>Bytes before the header, between objects, or after the last %%EOF that are not part of the document.</summary>
    private static IEnumerable<Part> Unexplained(PdfFile file, ReadOnlyMemory<byte> bytes, string path)
    {
        if (file.HeaderAt > 0 && !IsWhitespace(bytes.Span[..file.HeaderAt]))
            yield return new EmbeddedFile($"{path}#before-header", new MemorySource(bytes[..file.HeaderAt]));
        foreach (var (start, length) in file.Unexplained)
        {
            var slice = bytes.Slice(start, length);
            var fragment = file.EndOfDocument > 0 && start >= file.EndOfDocument ? "after-EOF" : $"bytes@{start}";
            yield return new EmbeddedFile($"{path}#{fragment}", new MemorySource(slice));
        }
    }

    private static bool IsWhitespace(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
            if (!PdfSyntax.IsWhitespace(b)) return false;
        return true;
    }

    /// <summary>Decoded content with text-showing operators inside BT … ET.</summary>
    private static bool LooksLikeContent(byte[] bytes)
    {
        var span = bytes.AsSpan();
        return span.IndexOf("BT"u8) >= 0 && span.IndexOf("ET"u8) >= 0 && (span.IndexOf("Tj"u8) >= 0 || span.IndexOf("TJ"u8) >= 0);
    }

    private static string Decode(byte[] bytes) =>
        System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);

    private static string Fragment(string name)
    {
        var clean = new StringBuilder(name.Length);
        foreach (var c in name) clean.Append(c is '/' or '\\' or '#' || char.IsControl(c) ? '_' : c);
        return clean.ToString();
    }
}

/// <summary>The pages in order, from the catalog's page tree (inherited resources applied); every /Type /Page when the tree is broken.</summary>
public static class PdfPageTree
{
    public static IEnumerable<(PdfDictionary Page, PdfDictionary? Resources)> Pages(PdfFile file, int maxPages)
    {
        var found = new List<(PdfDictionary, PdfDictionary?)>();
        var visited = new HashSet<PdfDictionary>(ReferenceEqualityComparer.Instance);
        var root = Catalog(file) is { } catalog ? file.ResolveDictionary(catalog["Pages"]) : null;
        if (root is not null) Walk(file, root, null, visited, found, maxPages, 0);
        if (found.Count == 0)
        {
            foreach (var (_, value) in file.Objects.OrderBy(o => o.Key))
                if (value is PdfDictionary d && d.NameOf("Type") == "Page" && found.Count < maxPages)
                    found.Add((d, Inherited(file, d)));
        }
        return found;
    }

    private static PdfDictionary? Catalog(PdfFile file)
    {
        foreach (var trailer in Enumerable.Reverse(file.Trailers))
            if (file.ResolveDictionary(trailer["Root"]) is { } root) return root;
        foreach (var value in file.Objects.Values)
            if (value is PdfStream { Dictionary: var x } && x.NameOf("Type") == "XRef" && file.ResolveDictionary(x["Root"]) is { } root) return root;
        foreach (var value in file.Objects.Values)
            if (value is PdfDictionary d && d.NameOf("Type") == "Catalog") return d;
        return null;
    }

    private static void Walk(PdfFile file, PdfDictionary node, PdfDictionary? resources, HashSet<PdfDictionary> visited,
        List<(PdfDictionary, PdfDictionary?)> found, int maxPages, int depth)
    {
        if (depth > 64 || found.Count >= maxPages || !visited.Add(node)) return;
        resources = file.ResolveDictionary(node["Resources"]) ?? resources;
        if (file.Resolve(node["Kids"]) is PdfArray kids && node.NameOf("Type") != "Page")
        {
            foreach (var kid in kids.Items)
                if (file.ResolveDictionary(kid) is { } child) Walk(file, child, resources, visited, found, maxPages, depth + 1);
            return;
        }
        found.Add((node, resources));
    }

    private static PdfDictionary? Inherited(PdfFile file, PdfDictionary page)
    {
        var node = page;
        for (var i = 0; i < 64 && node is not null; i++)
        {
            if (file.ResolveDictionary(node["Resources"]) is { } r) return r;
            node = file.ResolveDictionary(node["Parent"]);
        }
        return null;
    }
}
