using System.Buffers.Binary;
using Egress.Formats.Content;

namespace Egress.Formats.Fonts;

/// <summary>
/// Fonts (TrueType, OpenType, WOFF, WOFF2, EOT, SVG fonts), as HTML reports embed them in data: URIs.
/// Their glyph outlines hold no checkable numbers, so a font is judged by what it is: a known public
/// font (by content hash) is fine; another binary font whose tables account for all its bytes is looked
/// at by a person; one with bytes no table explains (a private block, trailing data) cannot be
/// inspected. An SVG font is text: unless it is a known one, it is scanned as text.
/// </summary>
public sealed class FontReader : IContentReader
{
    /// <summary>Fonts larger than this are not what a report embeds.</summary>
    private const int MaxFontBytes = 32 << 20;

    public string Format => "font";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) => Kind(head) is not null;

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        yield return Inspect(source, path, context);
    }

    private static Part Inspect(ContentSource source, string path, UnpackContext context)
    {
        if (source.Length > MaxFontBytes) return new OpaquePart(path, source.Length.Value, $"a font of more than {MaxFontBytes:N0} bytes");
        var bytes = source.ReadAll(context).Span;
        var kind = Kind(bytes) ?? "font";
        if (KnownFonts.Name(bytes) is { } name) return new FontPart(path, kind, bytes.Length, name);
        if (kind == SvgFont) return new TextPart(path, source);
        var problem = kind switch
        {
            "WOFF" => CheckWoff(bytes),
            "WOFF2" => CheckWoff2(bytes),
            "EOT" => CheckEot(bytes),
            _ => CheckSfnt(bytes),
        };
        return problem is null
            ? new FontPart(path, kind, bytes.Length, null)
            : new OpaquePart(path, bytes.Length, $"a {kind} font with {problem}");
    }

    private const string SvgFont = "SVG";

    private static string? Kind(ReadOnlySpan<byte> s)
    {
        if (s.Length < 12) return null;
        if (IsSvgFont(s)) return SvgFont;
        if (s.StartsWith("wOFF"u8)) return "WOFF";
        if (s.StartsWith("wOF2"u8)) return "WOFF2";
        if (s.StartsWith("OTTO"u8)) return "OpenType";
        if ((s.StartsWith((ReadOnlySpan<byte>)[0, 1, 0, 0]) || s.StartsWith("true"u8)) && BinaryPrimitives.ReadUInt16BigEndian(s[4..]) is >= 1 and <= 64)
            return "TrueType";
        if (s.Length >= 36 && s[34] == 0x4C && s[35] == 0x50 && BinaryPrimitives.ReadUInt32LittleEndian(s[8..]) is 0x00010000 or 0x00020001 or 0x00020002)
            return "EOT";
        return null;
    }

    /// <summary>An SVG document that defines a font: &lt;svg&gt;, &lt;font&gt; and &lt;glyph&gt; elements in its first kilobytes.</summary>
    private static bool IsSvgFont(ReadOnlySpan<byte> s)
    {
        var window = s[..Math.Min(s.Length, 4096)];
        return window.TrimStart(" \t\r\n\uFEFF"u8).StartsWith("<"u8) && window.IndexOf("<svg"u8) >= 0 && window.IndexOf("<font"u8) >= 0
               && window.IndexOf("<glyph"u8) >= 0;
    }

    /// <summary>TrueType/OpenType: every table inside the file, and no more than padding outside them.</summary>
    private static string? CheckSfnt(ReadOnlySpan<byte> s)
    {
        int tables = BinaryPrimitives.ReadUInt16BigEndian(s[4..]);
        var directory = 12 + 16 * tables;
        if (directory > s.Length) return "a table directory beyond its end";
        var ranges = new List<(long Start, long End)> { (0, directory) };
        for (var i = 0; i < tables; i++)
        {
            var entry = s.Slice(12 + 16 * i, 16);
            long offset = BinaryPrimitives.ReadUInt32BigEndian(entry[8..]), length = BinaryPrimitives.ReadUInt32BigEndian(entry[12..]);
            if (offset + length > s.Length) return "a table beyond its end";
            ranges.Add((offset, offset + length));
        }
        return Unexplained(ranges, s.Length, tables);
    }

    /// <summary>WOFF: its declared length, tables inside it, and no private data block (a place for anything).</summary>
    private static string? CheckWoff(ReadOnlySpan<byte> s)
    {
        if (s.Length < 44) return "a header cut short";
        if (BinaryPrimitives.ReadUInt32BigEndian(s[8..]) != s.Length) return "a length other than its header declares";
        int tables = BinaryPrimitives.ReadUInt16BigEndian(s[12..]);
        if (BinaryPrimitives.ReadUInt32BigEndian(s[40..]) != 0) return "a private data block";
        var directory = 44 + 20 * tables;
        if (directory > s.Length) return "a table directory beyond its end";
        var ranges = new List<(long Start, long End)> { (0, directory) };
        long metaOffset = BinaryPrimitives.ReadUInt32BigEndian(s[24..]), metaLength = BinaryPrimitives.ReadUInt32BigEndian(s[28..]);
        if (metaLength > 0) ranges.Add((metaOffset, metaOffset + metaLength));
        for (var i = 0; i < tables; i++)
        {
            var entry = s.Slice(44 + 20 * i, 20);
            long offset = BinaryPrimitives.ReadUInt32BigEndian(entry[4..]), length = BinaryPrimitives.ReadUInt32BigEndian(entry[8..]);
            if (offset + length > s.Length) return "a table beyond its end";
            ranges.Add((offset, offset + length));
        }
        return Unexplained(ranges, s.Length, tables);
    }

    /// <summary>WOFF2 keeps its tables in one compressed stream: its declared length and no private block.</summary>
    private static string? CheckWoff2(ReadOnlySpan<byte> s)
    {
        if (s.Length < 48) return "a header cut short";
        if (BinaryPrimitives.ReadUInt32BigEndian(s[8..]) != s.Length) return "a length other than its header declares";
        return BinaryPrimitives.ReadUInt32BigEndian(s[44..]) != 0 ? "a private data block" : null;
    }

    /// <summary>EOT: the size its header declares, and the font data inside it.</summary>
    private static string? CheckEot(ReadOnlySpan<byte> s)
    {
        if (BinaryPrimitives.ReadUInt32LittleEndian(s) != s.Length) return "a length other than its header declares";
        return BinaryPrimitives.ReadUInt32LittleEndian(s[4..]) > s.Length ? "font data beyond its end" : null;
    }

    private static string? Unexplained(List<(long Start, long End)> ranges, long length, int tables)
    {
        ranges.Sort();
        long covered = 0, reach = 0;
        foreach (var (start, end) in ranges)
        {
            if (end <= reach) continue;
            covered += end - Math.Max(start, reach);
            reach = end;
        }
        // Tables are padded to four bytes.
        var unexplained = length - covered;
        return unexplained > 3L * tables + 4 ? $"{unexplained:N0} bytes no table explains" : null;
    }
}
