using System.Globalization;
using System.Text.RegularExpressions;
using Egress.Core;
using Egress.Web.Html;

namespace Egress.Web.Pages;

/// <summary>
/// A checker's view of a small text or CSV file under review: the header and only the lines a finding
/// points at, each flagged line and cell highlighted, numbered as the findings number them. When no
/// finding names a line, the first lines are shown. Values are never longer than a cell's width.
/// Only findings about the file itself (no part prefix such as "out.zip/t.csv: ") are placed.
/// </summary>
public static partial class FileTableView
{
    private const int MaxRowsShown = 60;
    private const int FirstLinesWhenNothingFlagged = 20;
    private const int MaxCellChars = 60;

    public static void Write(HtmlWriter w, string text, bool truncated, IReadOnlyList<Finding> findings)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (truncated && lines.Count > 1) lines.RemoveAt(lines.Count - 1); // the last line may be cut mid-way
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        var flags = Flags.From(findings);
        var delimiter = GuessDelimiter(lines);
        var shown = LinesToShow(lines.Count, flags, delimiter is not null);

        w.Open("div", ("class", "scroll"), ("tabindex", "0"), ("role", "region"), ("aria-labelledby", "preview-caption"));
        w.Open("table", ("class", "preview"), ("id", "file-preview"));
        w.Element("caption", flags.Lines.Count > 0
            ? $"Lines the findings point at ({flags.Lines.Count:N0} flagged; {shown.Count:N0} of {lines.Count:N0}{(truncated ? "+" : "")} lines shown)"
            : $"The first lines ({shown.Count:N0} of {lines.Count:N0}{(truncated ? "+" : "")})", ("id", "preview-caption"));
        w.Open("tbody");
        foreach (var number in shown)
        {
            var flagged = flags.Lines.Contains(number);
            w.Open("tr", ("class", flagged ? "flagged" : null), ("id", $"line-{number}"));
            w.Element("th", number.ToString(CultureInfo.InvariantCulture), ("scope", "row"), ("title", $"line {number}"));
            var cells = delimiter is { } d ? SplitRow(lines[number - 1], d) : [lines[number - 1]];
            for (var c = 0; c < cells.Count; c++)
            {
                var cellFlagged = flags.Cells.Contains((number, c + 1));
                w.Element("td", Clip(cells[c]), ("class", cellFlagged ? "flagged" : null),
                    ("aria-label", cellFlagged ? $"flagged cell, line {number}, column {c + 1}: {Clip(cells[c])}" : null));
            }
            w.Close();
        }
        w.Close().Close().Close();
        if (shown.Count < lines.Count) w.Element("p", "Lines no finding points at are not shown.", ("class", "hint"));
    }

    private static List<int> LinesToShow(int count, Flags flags, bool hasHeader)
    {
        var set = new SortedSet<int>();
        if (hasHeader && count > 0) set.Add(1);
        foreach (var line in flags.Lines)
            if (line >= 1 && line <= count) set.Add(line);
        if (set.Count <= (hasHeader ? 1 : 0))
            for (var i = 1; i <= Math.Min(count, FirstLinesWhenNothingFlagged); i++) set.Add(i);
        return set.Take(MaxRowsShown).ToList();
    }

    private static string Clip(string value) => value.Length <= MaxCellChars ? value : value[..MaxCellChars] + "…";

    private static char? GuessDelimiter(IReadOnlyList<string> lines)
    {
        var sample = lines.Take(10).Where(l => l.Length > 0).ToList();
        if (sample.Count == 0) return null;
        char? best = null;
        var bestCount = 0;
        foreach (var d in new[] { ',', '\t', ';', '|' })
        {
            var counts = sample.Select(l => SplitRow(l, d).Count - 1).ToList();
            if (counts[0] >= 1 && counts.All(c => c == counts[0]) && counts[0] > bestCount)
            {
                best = d;
                bestCount = counts[0];
            }
        }
        return best;
    }

    /// <summary>Splits one delimited line, honouring double quotes.</summary>
    public static List<string> SplitRow(string line, char delimiter)
    {
        var cells = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else current.Append(ch);
            }
            else if (ch == '"' && current.Length == 0) quoted = true;
            else if (ch == delimiter) { cells.Add(current.ToString()); current.Clear(); }
            else current.Append(ch);
        }
        cells.Add(current.ToString());
        return cells;
    }

    /// <summary>The lines and cells findings point at, read from their locations ("line 7, column 3 'n'", "lines 2–5").</summary>
    public sealed partial class Flags
    {
        public HashSet<int> Lines { get; } = [];
        public HashSet<(int Line, int Column)> Cells { get; } = [];

        public static Flags From(IEnumerable<Finding> findings)
        {
            var flags = new Flags();
            foreach (var f in findings)
            {
                foreach (var location in Locations(f))
                    flags.Add(location);
            }
            return flags;
        }

        /// <summary>The finding's location and, for table rules, each failed cell's location from the evidence.</summary>
        private static IEnumerable<string> Locations(Finding f)
        {
            yield return f.Location;
            if (!f.Evidence.TryGetValue("cells", out var cells)) yield break;
            if (cells is System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Array } array)
            {
                foreach (var cell in array.EnumerateArray())
                    if (cell.ValueKind == System.Text.Json.JsonValueKind.Object && cell.TryGetProperty("location", out var l) && l.ValueKind == System.Text.Json.JsonValueKind.String)
                        yield return l.GetString()!;
            }
            else if (cells is System.Collections.IEnumerable list)
            {
                foreach (var cell in list)
                    if (cell is IReadOnlyDictionary<string, object> d && d.TryGetValue("location", out var l) && l is string s)
                        yield return s;
            }
        }

        private void Add(string location)
        {
            foreach (var part in location.Split(';'))
            {
                // Locations inside a part of a container ("out.zip/t.csv: line 3") are not lines of this file.
                if (part.Contains(": ", StringComparison.Ordinal) || part.Contains('#')) continue;
                var cell = CellPattern().Match(part);
                if (cell.Success)
                {
                    var line = int.Parse(cell.Groups[1].Value, CultureInfo.InvariantCulture);
                    Lines.Add(line);
                    Cells.Add((line, int.Parse(cell.Groups[2].Value, CultureInfo.InvariantCulture)));
                    continue;
                }
                foreach (Match range in RangePattern().Matches(part))
                {
                    var first = int.Parse(range.Groups[1].Value, CultureInfo.InvariantCulture);
                    var last = range.Groups[2].Success ? int.Parse(range.Groups[2].Value, CultureInfo.InvariantCulture) : first;
                    for (var line = first; line <= last && line - first < MaxRowsShown; line++) Lines.Add(line);
                }
            }
        }

        [GeneratedRegex(@"\bline (\d{1,9}), column (\d{1,6})")]
        private static partial Regex CellPattern();

        [GeneratedRegex(@"(?:\blines? |, )(\d{1,9})(?:–(\d{1,9}))?")]
        private static partial Regex RangePattern();
    }
}
