using System.Text;
using System.Text.RegularExpressions;
using Egress.Formats.Content;

namespace Egress.Formats.Documents;

/// <summary>
/// Markdown with pipe tables (a `| a | b |` row over a `|---|---|` separator): each table as a table
/// (<c>notes.md#table2</c>, rows numbered by their lines in the file), the rest as text with the table
/// lines blanked so its line numbers stay the file's. Recognised only when a pipe table is present:
/// other markdown is plain text and scanned as such.
/// </summary>
public sealed partial class MarkdownReader : IContentReader
{
    public string Format => "markdown";

    [GeneratedRegex(@"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")]
    private static partial Regex Separator();

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source)
    {
        if (head.IndexOf((byte)'|') < 0 || LayoutSniffer.LooksBinary(head)) return false;
        var lines = Encoding.UTF8.GetString(head).Split('\n');
        for (var i = 0; i + 1 < lines.Length - 1; i++)
            if (IsTableStart(lines, i))
                return true;
        return false;
    }

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var lines = Encoding.UTF8.GetString(source.ReadAll(context).Span).Split('\n');
        var text = new StringBuilder();
        var tables = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (i % 4096 == 0) context.ThrowIfCancelled();
            if (!IsTableStart(lines, i))
            {
                text.Append(lines[i].TrimEnd('\r')).Append('\n');
                continue;
            }
            var header = Cells(lines[i]);
            var rows = new List<IReadOnlyList<string>>();
            var firstDataLine = i + 3; // 1-based line of the first row under the separator
            text.Append("\n\n");
            for (i += 2; i < lines.Length && lines[i].Contains('|') && lines[i].Trim().Length > 0; i++)
            {
                rows.Add(Cells(lines[i]));
                text.Append('\n');
            }
            i--;
            yield return new TablePart($"{path}#table{++tables}", header, rows) { FirstRowNumber = firstDataLine - 1, RowNoun = "line" };
        }
        if (text.ToString().Trim().Length > 0) yield return new TextPart($"{path}#text", new MemorySource(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static bool IsTableStart(string[] lines, int i) =>
        i + 1 < lines.Length && lines[i].Contains('|') && lines[i + 1].Contains('-') && lines[i + 1].Contains('|') && Separator().IsMatch(lines[i + 1].TrimEnd('\r'));

    /// <summary>The cells of a pipe row: split on pipes not escaped with a backslash, the outer pipes dropped, trimmed.</summary>
    private static List<string> Cells(string line)
    {
        var s = line.TrimEnd('\r').Trim();
        if (s.StartsWith('|')) s = s[1..];
        if (s.EndsWith('|') && !s.EndsWith("\\|", StringComparison.Ordinal)) s = s[..^1];
        var cells = new List<string>();
        var cell = new StringBuilder();
        for (var k = 0; k < s.Length; k++)
        {
            if (s[k] == '\\' && k + 1 < s.Length && s[k + 1] == '|')
            {
                cell.Append('|');
                k++;
            }
            else if (s[k] == '|')
            {
                cells.Add(cell.ToString().Trim());
                cell.Clear();
            }
            else cell.Append(s[k]);
        }
        cells.Add(cell.ToString().Trim());
        return cells;
    }
}
