using System.Text;
using Egress.Formats.Content;

namespace Egress.Formats.Pdf;

/// <summary>
/// What a page needs of a font to read its text: how codes split (one byte for simple fonts, by the
/// CMap for composite ones), what text each code is (ToUnicode first, then the encoding and glyph
/// names), and how wide each glyph is (to place words on a line).
/// </summary>
public sealed class PdfFont
{
    private const double DefaultWidth = 500;
    private const int MaxWidths = 1 << 16;

    private readonly ToUnicodeMap? _toUnicode;
    private readonly string?[] _simple = new string?[256];
    private readonly bool _composite;
    private readonly bool _unicodeCodes;
    private readonly Dictionary<uint, double> _widths = [];
    private readonly double _defaultWidth;
    private readonly double _widthScale = 1;

    public static readonly PdfFont Fallback = new();

    private PdfFont()
    {
        for (var c = 0x20; c < 0x7F; c++) _simple[c] = ((char)c).ToString();
        _defaultWidth = DefaultWidth;
    }

    public PdfFont(PdfFile file, PdfDictionary font, UnpackContext context)
    {
        var subtype = font.NameOf("Subtype");
        _composite = subtype == "Type0";
        if (file.Resolve(font["ToUnicode"]) is PdfStream toUnicode)
        {
            var decoded = PdfFilters.Decode(file, toUnicode, context);
            if (decoded.Status == DecodeStatus.Decoded) _toUnicode = ToUnicodeMap.Parse(decoded.Bytes, context.Limits.MaxNesting);
        }
        if (_composite)
        {
            var encoding = (file.Resolve(font["Encoding"]) as PdfName)?.Value ?? "";
            _unicodeCodes = encoding.Contains("UCS2", StringComparison.Ordinal) || encoding.Contains("UTF16", StringComparison.Ordinal);
            var descendant = file.Resolve(font["DescendantFonts"]) is PdfArray { Items.Count: > 0 } d ? file.ResolveDictionary(d.Items[0]) : null;
            _defaultWidth = file.ResolveNumber(descendant?["DW"]) ?? 1000;
            if (file.Resolve(descendant?["W"]) is PdfArray w) ReadCidWidths(file, w);
            return;
        }
        var baseEncoding = subtype == "Type1" && (font.NameOf("BaseFont") ?? "").Contains("Symbol", StringComparison.Ordinal) ? "Symbol" : "WinAnsiEncoding";
        var encodingValue = file.Resolve(font["Encoding"]);
        PdfArray? differences = null;
        if (encodingValue is PdfName named) baseEncoding = named.Value;
        else if (encodingValue is PdfDictionary encodingDictionary)
        {
            baseEncoding = encodingDictionary.NameOf("BaseEncoding") ?? baseEncoding;
            differences = file.Resolve(encodingDictionary["Differences"]) as PdfArray;
        }
        for (var c = 0; c < 256; c++) _simple[c] = baseEncoding == "Symbol" ? null : PdfEncodings.Base(baseEncoding, (byte)c);
        if (differences is not null)
        {
            var code = 0;
            foreach (var item in differences.Items)
            {
                switch (file.Resolve(item))
                {
                    case PdfNumber n: code = n.Int; break;
                    case PdfName name when code is >= 0 and < 256:
                        _simple[code++] = PdfEncodings.Glyph(name.Value);
                        break;
                }
            }
        }
        if (subtype == "Type3" && file.Resolve(font["FontMatrix"]) is PdfArray { Items.Count: >= 1 } matrix && file.ResolveNumber(matrix.Items[0]) is { } scale)
            _widthScale = scale * 1000;
        var descriptor = file.ResolveDictionary(font["FontDescriptor"]);
        _defaultWidth = file.ResolveNumber(descriptor?["MissingWidth"]) is { } missing and > 0 ? missing : DefaultWidth;
        var first = (int)(file.ResolveNumber(font["FirstChar"]) ?? 0);
        if (file.Resolve(font["Widths"]) is PdfArray widths)
            for (var i = 0; i < widths.Items.Count && i < 256; i++)
                if (file.ResolveNumber(widths.Items[i]) is { } width) _widths[(uint)(first + i)] = width;
    }

    private void ReadCidWidths(PdfFile file, PdfArray w)
    {
        var items = w.Items;
        for (var i = 0; i < items.Count && _widths.Count < MaxWidths;)
        {
            if (file.ResolveNumber(items[i]) is not { } first) break;
            if (i + 1 < items.Count && file.Resolve(items[i + 1]) is PdfArray each)
            {
                for (var k = 0; k < each.Items.Count && _widths.Count < MaxWidths; k++)
                    if (file.ResolveNumber(each.Items[k]) is { } width) _widths[(uint)(first + k)] = width;
                i += 2;
            }
            else if (i + 2 < items.Count && file.ResolveNumber(items[i + 1]) is { } last && file.ResolveNumber(items[i + 2]) is { } width)
            {
                for (var c = first; c <= last && _widths.Count < MaxWidths; c++) _widths[(uint)c] = width;
                i += 3;
            }
            else break;
        }
    }

    /// <summary>Decodes a shown string: its text, how many codes had no known text, the glyphs' total width (1/1000 em) and the count of single-byte spaces (word spacing applies to those).</summary>
    public (string Text, int Unmapped, int Glyphs, double Width, int Spaces) Decode(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        int unmapped = 0, glyphs = 0, spaces = 0;
        double width = 0;
        var at = 0;
        while (at < bytes.Length)
        {
            var length = _toUnicode is { HasCodespaces: true } ? _toUnicode.CodeLength(bytes[at..]) : 0;
            if (length == 0) length = _composite ? Math.Min(2, bytes.Length - at) : 1;
            var code = ToUnicodeMap.Code(bytes.Slice(at, length));
            at += length;
            glyphs++;
            var mapped = _toUnicode?.Map(length, code);
            if (mapped is null)
            {
                if (_composite) mapped = _unicodeCodes ? ((char)code).ToString() : null;
                else mapped = _simple[code & 0xFF];
            }
            if (mapped is null) unmapped++;
            else text.Append(mapped);
            width += (_widths.TryGetValue(code, out var w) ? w : _defaultWidth) * _widthScale;
            if (length == 1 && code == 32) spaces++;
        }
        return (text.ToString(), unmapped, glyphs, width, spaces);
    }
}
