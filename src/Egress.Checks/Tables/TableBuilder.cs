namespace Egress.Checks.Tables;

/// <summary>
/// Turns a <see cref="Grid"/> into a <see cref="TableModel"/>: sizes the rows, finds the header rows
/// (stated by the source, or the text rows above the first row of numbers; a title line above them is
/// set aside), joins two header levels into one name per column ("Female" over "n" → "Female n"),
/// finds the leading label columns, then has <see cref="ColumnLabeller"/> name each column's
/// statistic and <see cref="TableClassifier"/> the table's kind.
/// </summary>
public static class TableBuilder
{
    public const int MaxColumns = 512;
    private const int MaxHeaderRows = 3;

    /// <summary>The table, or null when the grid holds no table (no rows, or a single column of text).</summary>
    public static TableModel? Build(Grid grid, string source, Func<IReadOnlyList<long>, CellLocator> locator)
    {
        var rows = new List<string[]>();
        var numbers = new List<long>();
        for (var i = 0; i < grid.Rows.Count; i++)
        {
            if (grid.Rows[i].All(string.IsNullOrWhiteSpace)) continue;
            rows.Add(grid.Rows[i]);
            numbers.Add(grid.Numbers[i]);
        }
        var rowStatistics = new Dictionary<int, Statistic>();
        var width = Math.Min(MaxColumns, Math.Max(grid.Header.Select(h => h.Length).DefaultIfEmpty(0).Max(), rows.Select(r => r.Length).DefaultIfEmpty(0).Max()));
        if (width == 0 || rows.Count == 0) return null;

        var header = grid.Header.Select(h => Sized(h, width)).ToList();
        var data = rows.Select(r => Sized(r, width)).ToList();
        // Row statistics the grid gives are by grid row: carry them over to the non-empty rows.
        var kept = 0;
        for (var i = 0; i < grid.Rows.Count; i++)
        {
            if (grid.Rows[i].All(string.IsNullOrWhiteSpace)) continue;
            if (grid.RowStatistics.TryGetValue(i, out var s)) rowStatistics[kept] = s;
            kept++;
        }

        var parsed = data.Select(r => r.Select(CellValue.Parse).ToArray()).ToList();
        var taken = grid.HeaderKnown ? MoreHeaderRows(data, parsed, header.Count) : FindHeaderRows(data, parsed);
        for (var i = 0; i < taken; i++) header.Add(data[i]);
        if (!grid.HeaderKnown && taken > 0 && IsTitle(header[0], width)) header.RemoveAt(0);
        data.RemoveRange(0, taken);
        parsed.RemoveRange(0, taken);
        numbers.RemoveRange(0, taken);
        rowStatistics = rowStatistics.Where(kv => kv.Key >= taken).ToDictionary(kv => kv.Key - taken, kv => kv.Value);
        if (data.Count == 0) return null;

        // Trailing columns empty everywhere are layout, not data.
        while (width > 1 && data.All(r => string.IsNullOrWhiteSpace(r[width - 1])) && header.All(h => string.IsNullOrWhiteSpace(h[width - 1])))
        {
            width--;
            header = header.Select(h => h[..width]).ToList();
            data = data.Select(r => r[..width]).ToList();
            parsed = parsed.Select(r => r[..width]).ToList();
        }

        var names = Names(header, width);
        var labelled = ColumnLabeller.Label(names, header, data, parsed, rowStatistics, grid.StubColumn);
        var model = new TableModel
        {
            Source = source,
            Layout = grid.Layout,
            HeaderRows = header,
            Header = names,
            Rows = data,
            LabelColumns = labelled.LabelColumns,
            Columns = labelled.Columns,
            RowStatistics = labelled.RowStatistics,
            Kind = TableKind.Unknown,
            Model = grid.Model,
            Locator = locator(numbers),
        };
        var kind = TableClassifier.Classify(model, parsed, labelled, grid.KindHint);
        // In a correlation table, value columns of numbers in [-1, 1] are correlations whatever their names ("Platelet count").
        var columns = kind != TableKind.Correlation ? model.Columns : model.Columns.Select(c =>
            c.Index >= model.LabelColumns && parsed.All(r => r[c.Index].Kind == CellKind.Empty || r[c.Index].IsNumber && Math.Abs(r[c.Index].Number) <= 1)
                && parsed.Any(r => r[c.Index].IsNumber)
                ? c with { Statistic = Statistic.Correlation, Inferred = false } : c).ToList();
        return new TableModel
        {
            Source = model.Source,
            Layout = model.Layout,
            HeaderRows = model.HeaderRows,
            Header = model.Header,
            Rows = model.Rows,
            LabelColumns = model.LabelColumns,
            Columns = columns,
            RowStatistics = model.RowStatistics,
            Kind = kind,
            Model = model.Model,
            Locator = model.Locator,
            Values = [.. parsed],
        };
    }

    private static string[] Sized(string[] cells, int width)
    {
        if (cells.Length == width) return cells.Select(c => (c ?? "").Trim()).ToArray();
        var sized = new string[width];
        for (var i = 0; i < width; i++) sized[i] = i < cells.Length ? (cells[i] ?? "").Trim() : "";
        return sized;
    }

    /// <summary>A single text cell across a wider table: a caption ("Table 2: …"), not a header.</summary>
    private static bool IsTitle(string[] row, int width) => width > 1 && row.Count(c => c.Length > 0) == 1 && row[0].Length > 0;

    /// <summary>Rows at the top holding no numbers in the value columns are header rows; title lines above them are kept out.</summary>
    private static int FindHeaderRows(List<string[]> data, List<CellValue[]> parsed)
    {
        if (data.Count < 2) return 0;
        var taken = 0;
        while (taken < data.Count - 1 && taken < MaxHeaderRows + 1)
        {
            var row = parsed[taken];
            var filled = data[taken].Count(c => c.Length > 0);
            var numbers = row.Skip(1).Count(v => v.IsNumber);
            if (numbers == 0)
            {
                if (filled == 0) break;
                // A lone label below the first row starts a section of the data ("Smoking status" in a Table 1).
                if (taken > 0 && filled == 1 && data[taken][0].Length > 0) break;
                taken++;
                continue;
            }
            // A first row of category codes over text row labels: ",1,2,3" or "sex,2006,2007" above "Female,…".
            if (taken == 0 && LooksLikeCodeHeader(data, parsed)) taken++;
            break;
        }
        // A header needs a row of data below it; a lone title line over data is still a title.
        return Math.Min(taken, MaxHeaderRows + 1);
    }

    /// <summary>Beyond a stated header, further rows of text over the data are more header levels (an HTML table's second header row).</summary>
    private static int MoreHeaderRows(List<string[]> data, List<CellValue[]> parsed, int stated)
    {
        var taken = 0;
        while (taken < data.Count - 1 && stated + taken < MaxHeaderRows)
        {
            var filled = data[taken].Count(c => c.Length > 0);
            if (filled < 2 || parsed[taken].Skip(1).Any(v => v.IsNumber || v.Kind == CellKind.Suppressed)) break;
            // Text everywhere in a row whose columns below hold numbers: a header level.
            var below = parsed[taken + 1];
            if (!below.Skip(1).Any(v => v.IsNumber)) break;
            taken++;
        }
        return taken;
    }

    /// <summary>
    /// The first row has text where the rows below have numbers, or holds distinct small whole numbers
    /// (category codes, years) over rows that start with a text label.
    /// </summary>
    private static bool LooksLikeCodeHeader(List<string[]> data, List<CellValue[]> parsed)
    {
        var first = parsed[0];
        var width = first.Length;
        var below = parsed.Skip(1).Take(50).ToList();
        for (var c = 1; c < width; c++)
        {
            var numericBelow = below.Count(r => r[c].IsNumber);
            if (first[c].Kind == CellKind.Text && numericBelow > 0 && numericBelow * 2 >= below.Count) return true;
        }
        var labelsBelow = below.Count(r => r[0].Kind is CellKind.Text);
        if (first[0].Kind is not (CellKind.Empty or CellKind.Text) || labelsBelow * 2 < below.Count) return false;
        var codes = first.Skip(1).Where(v => v.IsNumber).Select(v => v).ToList();
        if (codes.Count < 2 || !codes.All(v => v.IsWhole && !v.Composite && v.Number < 2200)) return false;
        if (codes.Select(v => v.Number).Distinct().Count() < codes.Count) return false;
        // Codes and years are distinct and close together (1, 2, 3 … 0; 2006, 2007), counts rarely are.
        return codes.Max(v => v.Number) - codes.Min(v => v.Number) <= 10 * codes.Count;
    }

    /// <summary>One name per column: upper header levels carried right over their merged (empty) cells, levels joined by a space.</summary>
    private static List<string> Names(List<string[]> header, int width)
    {
        if (header.Count == 0) return Enumerable.Range(1, width).Select(i => $"column {i}").ToList();
        var levels = header.Select(h => (string[])h.Clone()).ToList();
        for (var level = 0; level < levels.Count - 1; level++)
            for (var c = 1; c < width; c++)
                if (levels[level][c].Length == 0 && levels[level][c - 1].Length > 0 && levels[^1][c].Length > 0 && c - 1 > 0)
                    levels[level][c] = levels[level][c - 1];
        var names = new List<string>(width);
        for (var c = 0; c < width; c++)
            names.Add(string.Join(' ', levels.Select(l => l[c]).Where(s => s.Length > 0)).Trim());
        return names;
    }
}
