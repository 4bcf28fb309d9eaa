using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Egress.Tests.Formats.Pdf;

/// <summary>
/// Writes PDF files for tests: numbered objects, streams (plain or Flate), a cross-reference table with
/// true offsets and a trailer. Helpers build pages of text in a standard font, a composite font with a
/// ToUnicode map, and attachments.
/// </summary>
public sealed class PdfBuilder
{
    private readonly List<byte[]?> _objects = [];
    private readonly List<int> _pages = [];
    private readonly List<(string Name, int Spec)> _attachments = [];
    private readonly int _pagesObject;

    public PdfBuilder() => _pagesObject = Reserve();

    public int Reserve()
    {
        _objects.Add(null);
        return _objects.Count;
    }

    public int Add(string body) => Set(Reserve(), body);

    public int Set(int number, string body)
    {
        _objects[number - 1] = Encoding.Latin1.GetBytes(body);
        return number;
    }

    public int AddStream(string dictionary, byte[] data, bool flate = false)
    {
        var encoded = flate ? Zlib(data) : data;
        var filter = flate ? " /Filter /FlateDecode" : "";
        var head = Encoding.Latin1.GetBytes($"<< {dictionary}{filter} /Length {encoded.Length} >>\nstream\n");
        _objects.Add([.. head, .. encoded, .. "\nendstream"u8]);
        return _objects.Count;
    }

    /// <summary>A page drawing <paramref name="content"/> with the fonts given as "/F1 n 0 R …".</summary>
    public int AddPage(string content, string fonts, bool flate = false, string extra = "")
    {
        var contents = AddStream("", Encoding.Latin1.GetBytes(content), flate);
        var page = Add($"<< /Type /Page /Parent {_pagesObject} 0 R /MediaBox [0 0 595 842] /Resources << /Font << {fonts} >> >> /Contents {contents} 0 R {extra}>>");
        _pages.Add(page);
        return page;
    }

    /// <summary>A page of lines of text in Helvetica (a standard font: WinAnsi codes, no embedded font).</summary>
    public int AddTextPage(IEnumerable<string> lines, bool flate = false)
    {
        var font = Add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
        var content = new StringBuilder("BT /F1 9 Tf 40 800 Td 11 TL\n");
        foreach (var line in lines) content.Append('(').Append(Escape(line)).Append(") Tj T*\n");
        content.Append("ET\n");
        return AddPage(content.ToString(), $"/F1 {font} 0 R", flate);
    }

    /// <summary>
    /// A page whose text is shown in a composite (Type0, Identity-H) font: two-byte glyph ids with no
    /// relation to the characters, readable only through the ToUnicode map (when there is one).
    /// </summary>
    public int AddCompositeFontPage(IEnumerable<string> lines, bool withToUnicode = true, bool flate = true)
    {
        var all = lines.ToList();
        var glyphs = new Dictionary<char, int>();
        foreach (var c in string.Concat(all).Distinct()) glyphs[c] = 3 + glyphs.Count * 7;
        var cmap = new StringBuilder("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /Test-UCS def\n/CMapType 2 def\n");
        cmap.Append("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
        foreach (var chunk in glyphs.Chunk(100))
        {
            cmap.Append(chunk.Length).Append(" beginbfchar\n");
            foreach (var (c, g) in chunk) cmap.Append($"<{g:X4}> <{(int)c:X4}>\n");
            cmap.Append("endbfchar\n");
        }
        cmap.Append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        var toUnicode = withToUnicode ? $" /ToUnicode {AddStream("", Encoding.ASCII.GetBytes(cmap.ToString()), flate)} 0 R" : "";
        var descendant = Add("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Arial /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 >>");
        var font = Add($"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Arial /Encoding /Identity-H /DescendantFonts [{descendant} 0 R]{toUnicode} >>");
        var content = new StringBuilder("BT /F1 9 Tf\n");
        var y = 800;
        foreach (var line in all)
        {
            content.Append($"1 0 0 1 40 {y} Tm <");
            foreach (var c in line) content.Append(glyphs[c].ToString("X4", CultureInfo.InvariantCulture));
            content.Append("> Tj\n");
            y -= 11;
        }
        content.Append("ET\n");
        return AddPage(content.ToString(), $"/F1 {font} 0 R", flate);
    }

    public void Attach(string name, byte[] data, bool flate = true)
    {
        var file = AddStream("/Type /EmbeddedFile", data, flate);
        var spec = Add($"<< /Type /Filespec /F ({Escape(name)}) /UF ({Escape(name)}) /EF << /F {file} 0 R >> >>");
        _attachments.Add((name, spec));
    }

    public byte[] Build(string info = "", byte[]? trailing = null, string trailerExtra = "")
    {
        var pages = _pagesObject;
        var names = _attachments.Count == 0 ? ""
            : $" /Names << /EmbeddedFiles << /Names [{string.Join(" ", _attachments.Select(a => $"({Escape(a.Name)}) {a.Spec} 0 R"))}] >> >>";
        var catalog = Add($"<< /Type /Catalog /Pages {pages} 0 R{names} >>");
        Set(pages, $"<< /Type /Pages /Kids [{string.Join(" ", _pages.Select(p => $"{p} 0 R"))}] /Count {_pages.Count} >>");
        var infoObject = info.Length > 0 ? Add($"<< {info} >>") : 0;
        var output = new MemoryStream();
        output.Write("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"u8);
        var offsets = new List<long>();
        for (var i = 0; i < _objects.Count; i++)
        {
            offsets.Add(output.Position);
            var body = _objects[i] ?? "null"u8.ToArray();
            output.Write(Encoding.Latin1.GetBytes($"{i + 1} 0 obj\n"));
            output.Write(body);
            output.Write("\nendobj\n"u8);
        }
        var xref = output.Position;
        var table = new StringBuilder($"xref\n0 {_objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) table.Append($"{offset:D10} 00000 n \n");
        table.Append($"trailer\n<< /Size {_objects.Count + 1} /Root {catalog} 0 R{(infoObject > 0 ? $" /Info {infoObject} 0 R" : "")}{trailerExtra} >>\nstartxref\n{xref}\n%%EOF\n");
        output.Write(Encoding.Latin1.GetBytes(table.ToString()));
        if (trailing is not null) output.Write(trailing);
        return output.ToArray();
    }

    public static string Escape(string text) => text.Replace("\\", "\\\\").Replace("(", "\\(").Replace(")", "\\)");

    public static byte[] Zlib(byte[] data)
    {
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true)) z.Write(data);
        return output.ToArray();
    }
}
