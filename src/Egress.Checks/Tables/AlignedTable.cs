namespace Egress.Checks.Tables;

/// <summary>
/// Reads a block of space-aligned lines (a console print: R's data frames, tibbles, tables and named
/// vectors, Stata's tabulate and tabstat, skimr) into grids. Columns are found from the data lines
/// (lines with a number): character positions blank in every data line separate them, a Stata bar is
/// always a boundary, and neighbouring spans of text are one label column ("Never smoker"). Header
/// words above go to the column they overlap or, right-aligned over numbers, to the next column on
/// their right. Lines of pipe tables ("| a | b |") are split at their bars. A line of text after data
/// lines starts a new table (R wraps wide prints into blocks), unless it is a lone label (a section).
/// </summary>
public static class AlignedTable
{
    private const int MaxHeaderLines = 3;

    public static IEnumerable<Grid> Parse(List<(string Text, long Line)> block, string? title)
    {
        if (block.Count < 2) yield break;
        if (block.Count(b => IsPipeRow(b.Text)) * 2 > block.Count)
        {
            if (PipeGrid(block, title) is { } piped) yield return piped;
            yield break;
        }
        // Split into tables: header lines, then data lines, until a header line follows data again.
        var start = 0;
        var firstData = -1;
        for (var i = 0; i <= block.Count; i++)
        {
            if (i < block.Count)
            {
                var sawData = firstData >= 0;
                // Above the data, a "<120" or "<45" names a column or a band; among data lines it is a suppressed count.
                var isData = HasNumber(block[i].Text, strict: !sawData) && !(!sawData && i > start && IsCodeHeader(block[i - 1].Text, block[i].Text));
                if (isData)
                {
                    if (!sawData) firstData = i;
                    continue;
                }
                if (!sawData || IsSectionLine(block[i].Text, block, start, i)) continue;
            }
            if (firstData >= 0 && Build(block.GetRange(start, i - start), firstData - start, title) is { } grid) yield return grid;
            start = i;
            firstData = -1;
        }
    }

    private static bool IsPipeRow(string line)
    {
        var t = line.Trim();
        return t.Length > 1 && t[0] == '|' && t[^1] == '|';
    }

    /// <summary>A Markdown (knitr::kable) table: bars split the cells; the alignment line is dropped.</summary>
    private static Grid? PipeGrid(List<(string Text, long Line)> block, string? title)
    {
        var grid = new Grid { Layout = "pipe table", Title = title, HeaderKnown = true };
        var headerDone = false;
        foreach (var (text, line) in block)
        {
            var t = text.Trim();
            if (!IsPipeRow(t)) continue;
            var cells = t[1..^1].Split('|').Select(c => c.Trim()).ToArray();
            if (cells.All(c => c.Length > 0 && c.All(ch => ch is '-' or ':' or ' '))) continue;
            if (!headerDone && !cells.Any(c => CellValue.Parse(c).IsNumber))
            {
                grid.Header.Add(cells);
                grid.HeaderNumbers.Add(line);
                headerDone = true;
                continue;
            }
            headerDone = true;
            grid.Add(cells, line);
        }
        return grid.Rows.Count == 0 ? null : grid;
    }

    /// <summary>A line holds a number (a count, a statistic, a suppressed value) among its tokens.</summary>
    private static bool HasNumber(string line, bool strict = false)
    {
        foreach (var token in Tokens(line))
        {
            // "95%" in "lower 95% CI" and R's quantile headers "5%  25%  50%" name columns.
            if (token.Text.EndsWith('%')) continue;
            var v = CellValue.Parse(token.Text);
            if (v.IsNumber || !strict && v.Kind == CellKind.Suppressed && token.Text.Any(char.IsDigit)) return true;
        }
        return false;
    }

    /// <summary>
    /// R's print of a two-way table: the column variable's name on a line of its own over the value
    /// columns, then the row variable's name followed by the column codes ("primary care eth   0   1   2"):
    /// that second line is a header even though it holds numbers.
    /// </summary>
    private static bool IsCodeHeader(string above, string line)
    {
        var tokens = Tokens(line).ToList();
        var firstNumber = tokens.FindIndex(t => CellValue.Parse(t.Text).IsNumber);
        if (firstNumber < 1) return false;
        var codes = tokens.Skip(firstNumber).Select(t => CellValue.Parse(t.Text)).ToList();
        if (codes.Count < 2 || !codes.All(v => v.IsNumber && v.IsWhole && v.Number < 2200)) return false;
        for (var k = 1; k < codes.Count; k++)
            if (codes[k].Number <= codes[k - 1].Number) return false;
        var labelEnd = tokens[firstNumber - 1].End;
        var aboveTokens = Tokens(above).ToList();
        return aboveTokens.Count > 0 && aboveTokens[0].Start >= labelEnd && !HasNumber(above, strict: true);
    }

    /// <summary>A lone label at the left among data lines (a section of a Table 1), not a new header.</summary>
    private static bool IsSectionLine(string text, List<(string Text, long Line)> block, int start, int i)
    {
        var tokens = Tokens(text.Replace('|', ' ')).ToList();
        if (tokens.Count == 0) return true;
        // The text sits left of where the data lines' second column begins.
        var dataStarts = block.Skip(start).Take(i - start).Where(b => HasNumber(b.Text))
            .Select(b => Tokens(b.Text).Where(t => CellValue.Parse(t.Text).IsNumber).Select(t => t.Start).DefaultIfEmpty(int.MaxValue).First())
            .DefaultIfEmpty(int.MaxValue).Min();
        return tokens[^1].End <= dataStarts;
    }

    /// <summary>Maximal runs of non-space characters, with their positions.</summary>
    private static IEnumerable<(string Text, int Start, int End)> Tokens(string line)
    {
        var i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && line[i] == ' ') i++;
            if (i >= line.Length) yield break;
            var start = i;
            while (i < line.Length && line[i] != ' ') i++;
            yield return (line[start..i], start, i);
        }
    }

    private static Grid? Build(List<(string Text, long Line)> lines, int firstData, string? title)
    {
        var headerLines = lines.Take(firstData).TakeLast(MaxHeaderLines).ToList();
        var dataLines = lines.Skip(firstData).ToList();
        var pipes = Pipes(lines);
        var texts = dataLines.Select(l => Unpiped(l.Text)).ToList();
        var width = Math.Max(texts.Max(t => t.Length), headerLines.Select(h => h.Text.Length).DefaultIfEmpty(0).Max());

        // Spans of positions used by some data line; blanks in every data line (and Stata's bars) separate columns.
        var used = new bool[width + 1];
        foreach (var t in texts)
            for (var p = 0; p < t.Length; p++)
                if (t[p] != ' ') used[p] = true;
        foreach (var p in pipes) if (p < used.Length) used[p] = false;
        var spans = new List<(int Start, int End)>();
        for (var p = 0; p < width; p++)
        {
            if (!used[p]) continue;
            var s = p;
            while (p < width && used[p]) p++;
            spans.Add((s, p));
        }
        if (spans.Count == 0) return null;
        spans = MergeTextSpans(spans, texts, pipes, headerLines.Count > 0 ? Unpiped(headerLines[^1].Text) : null);
        if (spans.Count < 2) return null;

        if (!LooksTabular(dataLines.Count, headerLines, texts, spans)) return null;
        var grid = new Grid
        {
            Layout = pipes.Count > 0 ? "Stata table" : "space-aligned table", Title = title, HeaderKnown = true,
            // Left of Stata's first bar are the row variable's values (codes 0, 1 under "1 if failure; 0 if censored"): labels.
            StubColumn = pipes.Count > 0 && pipes.Min() >= spans[0].End && pipes.Min() < spans[1].Start,
        };
        if (headerLines.Count > 0)
        {
            foreach (var (text, line) in headerLines)
            {
                grid.Header.Add(HeaderCells(Unpiped(text), spans));
                grid.HeaderNumbers.Add(line);
            }
        }
        var previousWasCounts = false;
        for (var i = 0; i < dataLines.Count; i++)
        {
            var cells = spans.Select(s => Cut(texts[i], s)).ToArray();
            // Stata's tabulate, row: a line of percentages with no label under a line of frequencies
            // ("100.00  0.00" is written with decimals, as counts never are).
            var values = cells.Skip(1).Select(CellValue.Parse).Where(v => v.Kind != CellKind.Empty).ToList();
            var unlabelled = cells[0].Length == 0;
            if (unlabelled && previousWasCounts && values.Count > 0 && values.All(v => v.IsNumber) && values.Any(v => !v.IsWhole || v.Decimals > 0))
                grid.RowStatistics[grid.Rows.Count] = Statistic.Percentage;
            previousWasCounts = values.Count > 0 && values.All(v => v.IsNumber && v.IsWhole);
            grid.Add(cells, dataLines[i].Line);
        }
        return grid;
    }

    /// <summary>
    /// Columns of values, not words that happen to line up: past the first (label) column most columns
    /// hold numbers, and a single line of numbers has a header word over each of them (R's named vectors,
    /// quantile() and summary() prints).
    /// </summary>
    private static bool LooksTabular(int dataLines, List<(string Text, long Line)> headerLines, List<string> texts, List<(int Start, int End)> spans)
    {
        bool Numeric((int Start, int End) span)
        {
            var cells = texts.Select(t => Cut(t, span)).Where(c => c.Length > 0).Select(CellValue.Parse).ToList();
            return cells.Count > 0 && cells.Count(v => v.Kind != CellKind.Text) * 2 > cells.Count;
        }
        // Past the leading label columns (row names, then text).
        var firstValue = Math.Max(1, spans.FindIndex(1, s => Numeric(s)));
        var valueSpans = spans.Skip(firstValue).ToList();
        var numeric = valueSpans.Count(Numeric);
        if (numeric == 0 || numeric * 2 < valueSpans.Count) return false;
        if (dataLines > 1) return true;
        if (headerLines.Count == 0) return false;
        var header = Unpiped(headerLines[^1].Text);
        var words = Tokens(header).ToList();
        return valueSpans.All(span => Cut(texts[0], span) is var c && (c.Length == 0 || CellValue.Parse(c).Kind == CellKind.Text
            || words.Any(w => w.Start < span.End && w.End > span.Start)));
    }

    /// <summary>Positions of Stata's vertical bars (the same in most lines).</summary>
    private static List<int> Pipes(List<(string Text, long Line)> lines)
    {
        var counts = new Dictionary<int, int>();
        foreach (var (text, _) in lines)
            for (var p = 0; p < text.Length; p++)
                if (text[p] == '|' && !(p > 0 && text[p - 1] == '>') && !(p + 2 < text.Length && text[p + 2] == '|'))
                    counts[p] = counts.GetValueOrDefault(p) + 1;
        return counts.Where(kv => kv.Value * 2 >= lines.Count).Select(kv => kv.Key).Order().ToList();
    }

    private static string Unpiped(string text) => text.Replace('|', ' ');

    /// <summary>
    /// Neighbouring spans that hold no number in any data line are one column of text ("Never smoker"),
    /// and a span of bracketed parts one space after another continues its cell ("45 (12.3)", "1.2 (0.9, 1.6)").
    /// </summary>
    private static List<(int Start, int End)> MergeTextSpans(List<(int Start, int End)> spans, List<string> texts, List<int> pipes, string? header)
    {
        var words = header is null ? [] : Tokens(header).ToList();
        // Two text columns each with its own header word ("sex smoking") stay apart; one label's words share one.
        bool OwnWord((int Start, int End) left, (int Start, int End) right) =>
            words.Any(w => w.Start < left.End && w.End > left.Start && w.End <= right.Start) && words.Any(w => w.Start < right.End && w.End > right.Start);
        bool TextOnly((int Start, int End) span) => texts.All(t => Cut(t, span) is var c && (c.Length == 0 || CellValue.Parse(c).Kind == CellKind.Text));
        bool Continues((int Start, int End) previous, (int Start, int End) span) => texts.All(t =>
        {
            var c = Cut(t, span);
            return c.Length == 0 || IsBracketPart(c) && Cut(t, previous).Length > 0 && t[span.Start - 1] == ' ' && (span.Start < 2 || t[span.Start - 2] != ' ');
        }) && texts.Any(t => Cut(t, span).Length > 0);
        var merged = new List<(int Start, int End)> { spans[0] };
        for (var i = 1; i < spans.Count; i++)
        {
            var last = merged[^1];
            var pipeBetween = pipes.Any(p => p >= last.End && p < spans[i].Start);
            if (!pipeBetween && (TextOnly(last) && TextOnly(spans[i]) && spans[i].Start - last.End <= 2 && !OwnWord(last, spans[i]) || Continues(last, spans[i])))
                merged[^1] = (last.Start, spans[i].End);
            else merged.Add(spans[i]);
        }
        return merged;
    }

    /// <summary>"(12.3%)", "(0.9,", "1.6)", "[4.1,", "6.3]": a part of a bracketed statistic.</summary>
    private static bool IsBracketPart(string cell) =>
        cell.Length > 0 && (cell[0] is '(' or '['
            || cell.IndexOfAny(['(', '[']) < 0 && cell[^1] is ')' or ']' or ',' && cell.Any(char.IsAsciiDigit));

    private static string Cut(string text, (int Start, int End) span)
    {
        if (span.Start >= text.Length) return "";
        return text[span.Start..Math.Min(span.End, text.Length)].Trim();
    }

    /// <summary>Each header word goes to the column it overlaps, or (right-aligned over numbers) the next column to its right.</summary>
    private static string[] HeaderCells(string text, List<(int Start, int End)> spans)
    {
        var cells = new List<string>[spans.Count];
        for (var i = 0; i < spans.Count; i++) cells[i] = [];
        foreach (var (word, start, end) in Tokens(text))
        {
            var best = -1;
            var overlap = 0;
            for (var i = 0; i < spans.Count; i++)
            {
                var o = Math.Min(end, spans[i].End) - Math.Max(start, spans[i].Start);
                if (o > overlap) { overlap = o; best = i; }
            }
            if (best < 0)
            {
                best = spans.FindIndex(s => s.Start >= end);
                if (best < 0) best = spans.Count - 1;
            }
            cells[best].Add(word);
        }
        return cells.Select(c => string.Join(' ', c)).ToArray();
    }
}
