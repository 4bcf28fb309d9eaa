using System.Text;
using System.Text.RegularExpressions;

namespace Egress.Checks.Tables;

/// <summary>
/// Finds the tables in console output and other space-aligned text: model summaries first (R
/// summary(), Stata, statsmodels: see <see cref="ModelOutputs"/>), then blocks of aligned lines
/// between blank lines, commands ("&gt; …", ". …"), statements ("X-squared = 3.2, df = 2"), prose
/// and rules. Stata's vertical bars are column boundaries and its "---+---" rules stay inside a
/// table; a line like "$Female" or "sex=Female" names the group of the block below it.
/// </summary>
public static partial class ConsoleTables
{
    private static readonly Regex Statement = StatementPattern();
    [GeneratedRegex(@"(?:\S\s+=\s+\S)|(?:^\s*[A-Za-z][\w .'()-]{1,40}:\s+\S)|(?:,\s*[\w.-]+\s*=\s*\S)",
        RegexOptions.CultureInvariant)]
    private static partial Regex StatementPattern();
    private static readonly Regex GroupTitle = GroupTitlePattern();
    [GeneratedRegex(@"^\s*(?:\$\S.*|`[^`]+`|[\w.]+=\S+(?:\s*,\s*[\w.]+=\S+)*)\s*$",
        RegexOptions.CultureInvariant)]
    private static partial Regex GroupTitlePattern();
    private static readonly Regex TypeTags = TypeTagsPattern();
    [GeneratedRegex(@"^\s*(?:<[a-z0-9_ ]{2,12}>\s*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex TypeTagsPattern();

    public static IEnumerable<Grid> Read(string text, CancellationToken cancel = default)
    {
        var lines = Lines(text);
        var consumed = new bool[lines.Count];
        foreach (var model in ModelOutputs.Find(lines, consumed))
        {
            cancel.ThrowIfCancellationRequested();
            yield return model;
        }
        foreach (var (block, title) in Blocks(lines, consumed))
        {
            cancel.ThrowIfCancellationRequested();
            foreach (var grid in AlignedTable.Parse(block, title)) yield return grid;
        }
    }

    /// <summary>Lines with tabs expanded to stops of eight (alignment is by character position) and line ends trimmed.</summary>
    public static List<string> Lines(string text)
    {
        var lines = new List<string>();
        var sb = new StringBuilder();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r', ' ');
            if (line.IndexOf('\t') < 0) { lines.Add(line); continue; }
            sb.Clear();
            foreach (var c in line)
            {
                if (c != '\t') { sb.Append(c); continue; }
                do sb.Append(' '); while (sb.Length % 8 != 0);
            }
            lines.Add(sb.ToString());
        }
        return lines;
    }

    /// <summary>Runs of table-like lines, each with the 1-based line number of every line, and the group title above it.</summary>
    private static IEnumerable<(List<(string Text, long Line)> Block, string? Title)> Blocks(List<string> lines, bool[] consumed)
    {
        var block = new List<(string, long)>();
        string? title = null;
        for (var i = 0; i <= lines.Count; i++)
        {
            var end = i == lines.Count || consumed[i];
            var line = end ? "" : lines[i];
            var trimmed = line.Trim();
            if (!end)
            {
                if (IsComment(trimmed) || TypeTags.IsMatch(line)) continue;
                // A Stata rule inside a table ("-------+------") or a line of bare bars: keep the table going.
                if (IsRule(trimmed) && trimmed.Contains('+') || trimmed.Length > 0 && trimmed.All(c => c is '|' or ' ')) continue;
            }
            var breaks = end || trimmed.Length == 0 || IsRule(trimmed) || IsCommand(line) || Statement.IsMatch(line) && !IsPipeRow(trimmed)
                || GroupTitle.IsMatch(line) || IsProse(trimmed) || IsCode(trimmed) || IsCaption(trimmed);
            if (!breaks)
            {
                block.Add((line, i + 1));
                continue;
            }
            if (block.Count > 0) yield return (block, title);
            block = [];
            if (!end && GroupTitle.IsMatch(line)) title = trimmed.TrimStart('$').Trim('`');
            else if (trimmed.Length > 0 && !IsRule(trimmed)) title = null;
        }
    }

    private static readonly string[] CodeMarks = ["<-", "%>%", "|>", "==", "!=", "//", "/*", "*/", "{", "}", "=>", "();", "function(", "var ", "def ", "import ", "library("];

    /// <summary>Source code (R, Python, JavaScript) shown in a report: its numbers are no table's.</summary>
    private static bool IsCode(string trimmed) => CodeMarks.Any(m => trimmed.Contains(m, StringComparison.Ordinal)) || trimmed.EndsWith(';');

    /// <summary>"Coefficients:", "Column type frequency:", "── Variable type: numeric ──": a caption over what follows.</summary>
    private static bool IsCaption(string trimmed) =>
        trimmed.EndsWith(':') && !trimmed.Contains('|')
        || trimmed.Length > 4 && trimmed[..2].All(c => c is '-' or '─' or '═' or '=') && trimmed[^2..].All(c => c is '-' or '─' or '═' or '=');

    private static bool IsComment(string trimmed) => trimmed.StartsWith('#');

    private static bool IsCommand(string line) =>
        line.StartsWith("> ", StringComparison.Ordinal) || line.StartsWith("+ ", StringComparison.Ordinal)
        || line.StartsWith(". ", StringComparison.Ordinal) || line == ">" || line.StartsWith(">>> ", StringComparison.Ordinal)
        || line.StartsWith("In [", StringComparison.Ordinal);

    /// <summary>A line of dashes, equals signs, underscores or box-drawing rules (with bars, plus signs and colons).</summary>
    public static bool IsRule(string trimmed)
    {
        if (trimmed.Length < 3) return false;
        var marks = 0;
        foreach (var c in trimmed)
        {
            if (c is '-' or '=' or '_' or '─' or '━' or '═' or '~') marks++;
            else if (c is not ('+' or '|' or ':' or ' ')) return false;
        }
        return marks >= 3;
    }

    private static bool IsPipeRow(string trimmed) => trimmed.StartsWith('|') && trimmed.EndsWith('|');

    /// <summary>Sentences with numbers in them: words keep following the first number ("Loaded 12 rows from 3 files").</summary>
    private static bool IsProse(string trimmed)
    {
        var tokens = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var seenNumber = false;
        var wordsAfter = 0;
        // A leading whole number is a printed row name, not part of a sentence.
        if (tokens.Length > 0 && tokens[0].All(char.IsAsciiDigit)) tokens = tokens[1..];
        foreach (var token in tokens)
        {
            var v = CellValue.Parse(token.TrimEnd(',', ';', '.', ':'));
            if (v.IsNumber && !token.EndsWith('%')) { seenNumber = true; continue; }
            if (!seenNumber || token.Length < 2 || token is "NA" or "NaN" or "Inf" || token.All(c => c is '*' or '.' or '|')) continue;
            if (token.Count(char.IsLetter) >= 2 && !token.Contains('|')) wordsAfter++;
        }
        return wordsAfter >= 3;
    }
}
