using Egress.Formats.Content;

namespace Egress.Formats.Documents;

/// <summary>
/// What an SVG figure says, as text: its text and comments (matplotlib writes labels there), and its
/// attribute values — coordinates are the data of a plot (a scatter plot's cx/cy are the points), so
/// path data and point lists are split into their numbers. Presentation (ids, classes, styles, fonts)
/// is left out. Shared by the SVG reader and inline &lt;svg&gt; in HTML.
/// </summary>
internal sealed class SvgText(TextCollector sink)
{
    private static readonly HashSet<string> NumberLists = new(StringComparer.OrdinalIgnoreCase) { "d", "points", "transform", "viewBox", "gradientTransform", "patternTransform" };
    private static readonly HashSet<string> Presentation = new(StringComparer.OrdinalIgnoreCase)
    {
        "id", "class", "style", "version", "clip-path", "mask", "filter", "fill", "stroke", "font-family", "font-weight", "font-style",
        "stroke-linecap", "stroke-linejoin", "text-anchor", "dominant-baseline", "preserveAspectRatio", "xml:space", "display", "visibility",
    };

    /// <summary>Decoded data URIs found in attributes (embedded pictures), for the caller to hand on.</summary>
    public List<byte[]> DataUris { get; } = [];

    /// <summary>The figure's marks, ticks and texts in place, for its points (<see cref="Points"/>).</summary>
    public SvgMarks Plot { get; } = new();

    /// <summary>The plot's marks read back to data coordinates, as tables marked as a plot's points (one per panel with marks).</summary>
    public IEnumerable<TablePart> Points(string path) => SvgPlotPoints.Tables(Plot, path);

    public void Add(MarkupTokenizer token)
    {
        Plot.Add(token);
        switch (token.Kind)
        {
            case MarkupKind.StartTag:
                Attributes(token);
                break;
            case MarkupKind.Text:
                Lines(token.Literal ? token.Text : MarkupTokenizer.Decode(token.Text));
                break;
            case MarkupKind.Comment:
                Lines(token.Text);
                break;
            case MarkupKind.RawText:
                if (!string.IsNullOrWhiteSpace(token.Text)) TokenText.AppendTo(sink, token.Text);
                break;
        }
    }

    /// <summary>Words as they are written: one line per line of the text.</summary>
    private void Lines(string text)
    {
        foreach (var line in text.Split('\n'))
            if (line.Trim() is { Length: > 0 } words)
                sink.Line(words);
    }

    private void Attributes(MarkupTokenizer token)
    {
        var line = new System.Text.StringBuilder();
        foreach (var (name, value) in token.Attributes)
        {
            if (value.Length == 0 || Presentation.Contains(name) || name.StartsWith("xmlns", StringComparison.Ordinal)) continue;
            if (name.EndsWith("href", StringComparison.OrdinalIgnoreCase))
            {
                if (DataUri.Decode(value) is { } bytes) DataUris.Add(bytes);
                continue;
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(NumberLists.Contains(name) ? TokenText.NumbersOf(value) : value);
        }
        if (line.Length > 0) TokenText.AppendTo(sink, line.ToString());
    }
}

/// <summary>SVG figures (XML whose root is &lt;svg&gt;): text, coordinates and data attributes as one text part; embedded pictures as files.</summary>
public sealed class SvgReader : IContentReader
{
    public string Format => "svg";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source)
    {
        var start = MarkupSniff.FirstNonSpace(head);
        if (start < 0 || head[start] != '<') return false;
        var window = head[start..Math.Min(head.Length, start + 8192)];
        return window.IndexOf("<svg"u8) >= 0;
    }

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        using var reader = new StreamReader(source.Open(), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var tokens = new MarkupTokenizer(reader, html: false, MarkupSniff.MaxToken(context));
        var text = new TextCollector(context);
        var svg = new SvgText(text);
        long count = 0;
        var open = 0;
        var closed = false;
        while (tokens.Next())
        {
            if ((++count & 4095) == 0) context.ThrowIfCancelled();
            if (tokens is { Kind: MarkupKind.StartTag, Name: "svg", SelfClosing: false }) open++;
            if (tokens is { Kind: MarkupKind.EndTag, Name: "svg" } && --open == 0) closed = true;
            svg.Add(tokens);
        }
        if (!text.IsEmpty) yield return new TextPart($"{path}#text", text.ToSource()) { FigureText = true };
        foreach (var points in svg.Points($"{path}#points")) yield return points;
        if (svg.Plot.TooDeep) yield return new Notice(path, NoticeKind.LimitReached, $"the SVG nests elements more than {SvgMarks.MaxDepth} deep: its figure was not fully placed");
        if (tokens.Truncated || !closed)
            yield return new Notice(path, NoticeKind.Corrupt, "the SVG ends before its closing </svg> tag (truncated)");
        for (var i = 0; i < svg.DataUris.Count; i++)
        {
            context.CountExpanded(svg.DataUris[i].Length);
            yield return new EmbeddedFile($"{path}#image{i + 1}", new MemorySource(svg.DataUris[i]));
        }
    }
}

/// <summary>What markup readers share to recognise content and bound tokens.</summary>
internal static class MarkupSniff
{
    public static int FirstNonSpace(ReadOnlySpan<byte> head)
    {
        var i = head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        while (i < head.Length && head[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') i++;
        return i < head.Length ? i : -1;
    }

    /// <summary>One attribute value (a data URI), comment or script at most this long, in characters.</summary>
    public static int MaxToken(UnpackContext context) => (int)Math.Min(int.MaxValue / 2, context.Limits.MaxInMemoryBytes / 4);
}
