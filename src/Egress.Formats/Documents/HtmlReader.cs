using System.Text;
using Egress.Formats.Content;

namespace Egress.Formats.Documents;

/// <summary>
/// HTML pages and reports: every &lt;table&gt; as a table (<c>report.html#table3</c>, header from its
/// &lt;th&gt; row), all other visible text, comments and descriptive attributes (title, alt, data-*) as
/// one text part (<c>#text</c>), scripts as text (data is often inlined in JavaScript; JSON scripts
/// are read as JSON, and so are the data literals in code: <see cref="ScriptDataLiterals"/>), style sheets and URL attributes as another (<c>#style-and-links</c>: encoded runs
/// in them are decoded), inline &lt;svg&gt; as figures, and data URIs as files of their own.
/// Tokenized as a stream (no DOM), so size and nesting cost no more than the text they hold.
/// </summary>
public sealed class HtmlReader : IContentReader
{
    private static readonly string[] CommonTags = ["<html", "<head", "<body", "<div", "<table", "<p>", "<p ", "<h1", "<h2", "<meta", "<title", "<span", "<br", "<ul", "<li", "<pre", "<style", "<script"];

    private static readonly HashSet<string> BlockTags =
    [
        "p", "div", "br", "li", "ul", "ol", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "caption", "section", "article", "pre",
        "blockquote", "hr", "title", "option", "header", "footer", "nav", "main", "figure", "figcaption", "table", "thead", "tbody", "tfoot", "details", "summary",
    ];

    private static readonly HashSet<string> TextAttributes = ["title", "alt", "value", "content", "label", "placeholder", "summary", "aria-label", "abbr"];

    /// <summary>Attributes holding URLs or styles: not visible text, but a query string or url(...) can carry anything.</summary>
    private static readonly HashSet<string> LinkAttributes = ["href", "src", "action", "formaction", "poster", "cite", "background", "srcset", "data", "style", "xlink:href"];

    public string Format => "html";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source)
    {
        var start = MarkupSniff.FirstNonSpace(head);
        if (start < 0 || head[start] != '<') return false;
        var window = Encoding.UTF8.GetString(head[start..Math.Min(head.Length, start + 4096)]);
        if (window.StartsWith("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase) || window.Contains("<html", StringComparison.OrdinalIgnoreCase)) return true;
        // An SVG document is the SVG reader's; other markup is HTML when several common tags appear early.
        if (window.Contains("<svg", StringComparison.Ordinal) && !window.Contains("<body", StringComparison.OrdinalIgnoreCase)) return false;
        return CommonTags.Count(t => window.Contains(t, StringComparison.OrdinalIgnoreCase)) >= 3;
    }

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        using var reader = new StreamReader(source.Open(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var tokens = new MarkupTokenizer(reader, html: true, MarkupSniff.MaxToken(context));
        var text = new TextCollector(context);
        // Style sheets and links are not shown, but they are where data URIs and query strings go: scanned apart.
        var hidden = new TextCollector(context);
        var tables = new Stack<HtmlTableBuilder>();
        var tableCount = 0;
        var scripts = 0;
        var files = 0;
        var figures = 0;
        var pre = 0;
        TextCollector? figureText = null;
        SvgText? figure = null;
        var svgDepth = 0;
        string? scriptType = null;
        long count = 0;
        var htmlOpen = false;
        var htmlClosed = false;

        while (tokens.Next())
        {
            if ((++count & 4095) == 0) context.ThrowIfCancelled();
            if (tokens.Name == "html") (htmlOpen, htmlClosed) = tokens.Kind == MarkupKind.StartTag ? (true, htmlClosed) : tokens.Kind == MarkupKind.EndTag ? (htmlOpen, true) : (htmlOpen, htmlClosed);
            // Inside inline SVG: the figure's own reading, until its end tag.
            if (figure is not null)
            {
                if (tokens.Kind == MarkupKind.StartTag && tokens.Name == "svg" && !tokens.SelfClosing) svgDepth++;
                if (tokens.Kind == MarkupKind.EndTag && tokens.Name == "svg" && --svgDepth == 0)
                {
                    if (!figureText!.IsEmpty) yield return new TextPart($"{path}#svg{figures}", figureText.ToSource()) { FigureText = true };
                    foreach (var points in figure.Points($"{path}#svg{figures}-points")) yield return points;
                    if (figure.Plot.TooDeep) yield return new Notice(path, NoticeKind.LimitReached, $"an inline SVG nests elements more than {SvgMarks.MaxDepth} deep: its figure was not fully placed");
                    foreach (var bytes in figure.DataUris) yield return DataFile(path, ++files, bytes, context);
                    figure = null;
                    figureText = null;
                    continue;
                }
                figure.Add(tokens);
                continue;
            }
            switch (tokens.Kind)
            {
                case MarkupKind.StartTag:
                {
                    var name = tokens.Name;
                    foreach (var (attribute, value) in tokens.Attributes)
                    {
                        if (DataUri.Decode(value) is { } bytes)
                        {
                            yield return DataFile(path, ++files, bytes, context);
                            continue;
                        }
                        if (value.Length > 0 && (TextAttributes.Contains(attribute) || attribute.StartsWith("data-", StringComparison.Ordinal)))
                            Write(tables, text, value, line: true);
                        else if (value.Length > 0 && LinkAttributes.Contains(attribute)) hidden.Line(value);
                    }
                    if (name == "svg" && !tokens.SelfClosing)
                    {
                        figures++;
                        svgDepth = 1;
                        figureText = new TextCollector(context);
                        figure = new SvgText(figureText);
                        figure.Add(tokens);
                        continue;
                    }
                    if (name == "script") scriptType = tokens.Attribute("type") ?? "";
                    if (name == "pre") pre++;
                    if (name == "table") tables.Push(new HtmlTableBuilder(++tableCount, text));
                    else if (tables.TryPeek(out var table))
                    {
                        if (name == "tr") table.StartRow();
                        else if (name is "td" or "th") table.StartCell(name == "th", tokens.Attribute("colspan"));
                    }
                    if (BlockTags.Contains(name)) LineBreak(tables, text);
                    break;
                }
                case MarkupKind.EndTag:
                {
                    var name = tokens.Name;
                    if (name == "pre" && pre > 0) pre--;
                    if (name == "table" && tables.Count > 0)
                    {
                        if (TablePartOf(path, tables.Pop()) is { } table) yield return table;
                    }
                    else if (tables.TryPeek(out var table))
                    {
                        if (name == "tr") table.EndRow();
                        else if (name is "td" or "th") table.EndCell();
                    }
                    if (BlockTags.Contains(name)) LineBreak(tables, text);
                    break;
                }
                case MarkupKind.RawText when scriptType is not null:
                {
                    var type = scriptType;
                    scriptType = null;
                    if (string.IsNullOrWhiteSpace(tokens.Text)) break;
                    scripts++;
                    var bytes = Encoding.UTF8.GetBytes(tokens.Text);
                    if (type.Contains("json", StringComparison.OrdinalIgnoreCase))
                        yield return new EmbeddedFile($"{path}#script{scripts}", new MemorySource(bytes));
                    else
                    {
                        var code = new TextCollector(context);
                        TokenText.AppendTo(code, tokens.Text);
                        yield return new TextPart($"{path}#script{scripts}", code.ToSource());
                        // Data literals in the code (var data = {...}, Plotly.newPlot(…, [...])) are read as JSON: tables, not only text.
                        var literals = 0;
                        foreach (var json in ScriptDataLiterals.Find(tokens.Text))
                        {
                            context.CountExpanded(json.Length);
                            yield return new EmbeddedFile($"{path}#script{scripts}/data{++literals}", new MemorySource(json));
                        }
                    }
                    break;
                }
                case MarkupKind.RawText:
                    // Style sheets: no data of their own, but url(data:…) and comments can carry it.
                    if (!string.IsNullOrWhiteSpace(tokens.Text)) hidden.Line(tokens.Text);
                    break;
                case MarkupKind.Comment:
                    if (!string.IsNullOrWhiteSpace(tokens.Text)) Write(tables, text, tokens.Text.Trim(), line: true);
                    break;
                case MarkupKind.Text:
                {
                    var value = tokens.Literal ? tokens.Text : MarkupTokenizer.Decode(tokens.Text);
                    if (pre > 0 && !(tables.TryPeek(out var t) && t.InCell)) text.Append(value);
                    else Write(tables, text, Collapse(value), line: false);
                    break;
                }
            }
        }
        while (tables.Count > 0)
            if (TablePartOf(path, tables.Pop()) is { } table)
                yield return table;
        if (figure is not null && !figureText!.IsEmpty) yield return new TextPart($"{path}#svg{figures}", figureText.ToSource()) { FigureText = true };
        if (!text.IsEmpty) yield return new TextPart($"{path}#text", text.ToSource());
        if (!hidden.IsEmpty) yield return new TextPart($"{path}#style-and-links", hidden.ToSource());
        // A page cut short: it ends inside a tag, or opened <html> and never closed it.
        if (tokens.Truncated || htmlOpen && !htmlClosed)
            yield return new Notice(path, NoticeKind.Corrupt, "the page ends before its end (inside a tag, or without </html>): it may be truncated");
    }

    private static TablePart? TablePartOf(string path, HtmlTableBuilder table)
    {
        var (header, rows) = table.Finish();
        if (header is null && rows.Count == 0) return null;
        // Rows numbered from 1 after the header (line 1 of the rendered table), or from line 1 without one.
        return new TablePart($"{path}#table{table.Number}", header, rows) { FirstRowNumber = header is null ? 1 : 0 };
    }

    private static EmbeddedFile DataFile(string path, int number, byte[] bytes, UnpackContext context)
    {
        context.CountExpanded(bytes.Length);
        return new EmbeddedFile($"{path}#data{number}", new MemorySource(bytes));
    }

    /// <summary>Text goes to the open table cell, if any, else to the page's text.</summary>
    private static void Write(Stack<HtmlTableBuilder> tables, TextCollector text, string value, bool line)
    {
        if (tables.TryPeek(out var table) && table.InCell)
        {
            table.Append(line ? " " + value + " " : value);
            return;
        }
        if (line) text.Line(value);
        else if (value.Length > 0) text.Append(value);
    }

    private static void LineBreak(Stack<HtmlTableBuilder> tables, TextCollector text)
    {
        if (tables.TryPeek(out var table) && table.InCell) table.Append(" ");
        else text.EndLine();
    }

    /// <summary>Source line breaks and runs of spaces are one space in HTML.</summary>
    private static string Collapse(string s)
    {
        if (s.Length == 0) return s;
        var result = new StringBuilder(s.Length);
        var space = false;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c)) { space = true; continue; }
            if (space) result.Append(' ');
            space = false;
            result.Append(c);
        }
        if (space) result.Append(' ');
        return result.ToString();
    }
}
