using System.Text;

namespace Egress.Cohort.Outputs;

/// <summary>Two-way contingency tables with margins, row or column percentages and a chi-squared test.</summary>
public sealed class CrosstabOutput : ILegitimateOutput
{
    public OutputKind Kind => OutputKind.Crosstab;

    public OutputDraft? TryCreate(CohortVariables cohort, SeededRandom rng)
    {
        for (int attempt = 0; attempt < 8; attempt++)
        {
            var vars = VariablePicker.Pick(cohort, rng, 2);
            if (vars.Count < 2) return null;
            var t = SmallCellMerger.Classify(vars, FrequencyTableOutput.MinimumCount);
            if (t is null || t.Dimensions.Any(d => d.Count < 2)) continue;
            return rng.Next(4) switch
            {
                0 => RAddMargins(t, rng),
                1 => StataTwoWay(t, rng),
                2 => WideCounts(t, rng),
                _ => WidePercentages(t, rng),
            };
        }
        return null;
    }

    private static string Describe(CrossClassification t) =>
        $"{t.Dimensions[0].Variable.Label} by {t.Dimensions[1].Variable.Label.ToLowerInvariant()}";

    private static string BaseName(CrossClassification t) => $"crosstab_{t.Dimensions[0].Variable.Name}_{t.Dimensions[1].Variable.Name}";

    private static long Cell(CrossClassification t, int r, int c) => t.Counts[t.CellIndex(r, c)];

    /// <summary>Pearson's chi-squared test of independence.</summary>
    private static (double Statistic, int Df, double P) ChiSquared(CrossClassification t)
    {
        int rows = t.Dimensions[0].Count, cols = t.Dimensions[1].Count;
        double total = t.Total, x2 = 0;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                double expected = (double)t.Marginal(0, r) * t.Marginal(1, c) / total;
                double d = Cell(t, r, c) - expected;
                x2 += d * d / expected;
            }
        int df = (rows - 1) * (cols - 1);
        return (x2, df, StatisticalDistributions.ChiSquaredUpperTail(x2, df));
    }

    /// <summary>R's <c>addmargins(table(x, y))</c> followed by <c>chisq.test</c>.</summary>
    private static OutputDraft RAddMargins(CrossClassification t, SeededRandom rng)
    {
        var rows = t.Dimensions[0];
        var cols = t.Dimensions[1];
        string data = rng.Pick(new[] { "ukb", "dat", "df" });
        var colLabels = cols.Labels.Append("Sum").ToArray();
        var rowLabels = rows.Labels.Append("Sum").ToArray();
        long Value(int r, int c) => r < rows.Count && c < cols.Count ? Cell(t, r, c)
            : r < rows.Count ? t.Marginal(0, r) : c < cols.Count ? t.Marginal(1, c) : t.Total;
        var widths = colLabels.Select((l, c) => Math.Max(l.Length, Enumerable.Range(0, rowLabels.Length).Max(r => Num.Int(Value(r, c)).Length))).ToArray();
        int rw = Math.Max(rows.Variable.Name.Length, rowLabels.Max(l => l.Length) + 2);
        var sb = new StringBuilder();
        sb.Append($"> tab <- with({data}, table({rows.Variable.Name}, {cols.Variable.Name}))\n> addmargins(tab)\n");
        sb.Append(new string(' ', rw)).Append(' ').Append(cols.Variable.Name).Append('\n');
        sb.Append(rows.Variable.Name.PadRight(rw));
        for (int c = 0; c < colLabels.Length; c++) sb.Append(' ').Append(colLabels[c].PadLeft(widths[c]));
        sb.Append('\n');
        for (int r = 0; r < rowLabels.Length; r++)
        {
            sb.Append(("  " + rowLabels[r]).PadRight(rw));
            for (int c = 0; c < colLabels.Length; c++) sb.Append(' ').Append(Num.Int(Value(r, c)).PadLeft(widths[c]));
            sb.Append('\n');
        }
        var (x2, df, p) = ChiSquared(t);
        sb.Append("> chisq.test(tab)\n\n\tPearson's Chi-squared test\n\n");
        sb.Append($"data:  tab\nX-squared = {Num.RSig(x2, 5)}, df = {df}, p-value = {(p < 2.2e-16 ? "< 2.2e-16" : Num.RSig(p, 4))}\n\n");
        return new OutputDraft(BaseName(t), ".txt", sb.ToString(),
            $"{Describe(t)} with margins and chi-squared test (R console); all cells >= {FrequencyTableOutput.MinimumCount}", (int)t.Smallest);
    }

    /// <summary>Stata's <c>tabulate x y, row chi2</c>: frequency and row percentage in each cell.</summary>
    private static OutputDraft StataTwoWay(CrossClassification t, SeededRandom rng)
    {
        var rows = t.Dimensions[0];
        var cols = t.Dimensions[1];
        bool rowPct = rng.Chance(0.6);
        string Short(string s, int w) => s.Length <= w ? s : s[..(w - 1)] + "~";
        int rw = 12;
        var sb = new StringBuilder();
        sb.Append($". tabulate {rows.Variable.Name} {cols.Variable.Name}, {(rowPct ? "row" : "column")} chi2\n\n");
        sb.Append($"+-------------------+\n| Key               |\n|-------------------|\n|     frequency     |\n| {(rowPct ? "row percentage   " : "column percentage")} |\n+-------------------+\n\n");
        string Row(string left, IEnumerable<string> cells, string total) =>
            left.PadLeft(rw) + " |" + string.Concat(cells.Select(c => c.PadLeft(11))) + " |" + total.PadLeft(10) + "\n";
        string rule = new string('-', rw + 1) + "+" + new string('-', 11 * cols.Count + 1) + "+" + new string('-', 10) + "\n";
        sb.Append(new string(' ', rw)).Append(" |").Append(("  " + cols.Variable.Name).PadRight(11 * cols.Count + 1)).Append("|\n");
        sb.Append(Row(Short(rows.Variable.Name, rw), cols.Labels.Select(l => Short(l, 10)), "Total"));
        sb.Append(rule);
        for (int r = 0; r < rows.Count; r++)
        {
            long rowTotal = t.Marginal(0, r);
            sb.Append(Row(Short(rows.Labels[r], rw), Enumerable.Range(0, cols.Count).Select(c => Num.Thousands(Cell(t, r, c))), Num.Thousands(rowTotal)));
            sb.Append(Row("", Enumerable.Range(0, cols.Count).Select(c => Num.F(100.0 * Cell(t, r, c) / (rowPct ? rowTotal : t.Marginal(1, c)), 2)),
                Num.F(rowPct ? 100 : 100.0 * rowTotal / t.Total, 2)));
            if (r < rows.Count - 1) sb.Append(Row("", Enumerable.Repeat("", cols.Count), ""));
        }
        sb.Append(rule);
        sb.Append(Row("Total", Enumerable.Range(0, cols.Count).Select(c => Num.Thousands(t.Marginal(1, c))), Num.Thousands(t.Total)));
        sb.Append(Row("", Enumerable.Range(0, cols.Count).Select(c => Num.F(rowPct ? 100.0 * t.Marginal(1, c) / t.Total : 100, 2)), "100.00"));
        var (x2, df, p) = ChiSquared(t);
        sb.Append($"\n{"",10}Pearson chi2({df}) = {Num.F(x2, 4),9}   Pr = {Num.F(p, 3)}\n");
        return new OutputDraft($"tab2_{rows.Variable.Name}_{cols.Variable.Name}", ".log", sb.ToString(),
            $"{Describe(t)}, Stata tabulate with {(rowPct ? "row" : "column")} percentages and chi2; all cells >= {FrequencyTableOutput.MinimumCount}", (int)t.Smallest);
    }

    /// <summary>A wide table of counts with totals, exported as a file.</summary>
    private static OutputDraft WideCounts(CrossClassification t, SeededRandom rng)
    {
        var rows = t.Dimensions[0];
        var cols = t.Dimensions[1];
        bool totals = rng.Chance(0.7);
        var header = new List<string> { rows.Variable.Name };
        header.AddRange(cols.Labels);
        if (totals) header.Add("Total");
        var table = new TextTable(header.ToArray()).NumericFrom(1);
        for (int r = 0; r < rows.Count; r++)
        {
            var row = new List<string> { rows.Labels[r] };
            row.AddRange(Enumerable.Range(0, cols.Count).Select(c => Num.Int(Cell(t, r, c))));
            if (totals) row.Add(Num.Int(t.Marginal(0, r)));
            table.Add(row.ToArray());
        }
        if (totals)
        {
            var row = new List<string> { "Total" };
            row.AddRange(Enumerable.Range(0, cols.Count).Select(c => Num.Int(t.Marginal(1, c))));
            row.Add(Num.Int(t.Total));
            table.Add(row.ToArray());
        }
        var style = TableStyle.Pick(rng);
        return new OutputDraft(BaseName(t), style.Extension, style.Render(table),
            $"{Describe(t)}, counts{(totals ? " with totals" : "")}; all cells >= {FrequencyTableOutput.MinimumCount}; {style.Describe()}", (int)t.Smallest);
    }

    /// <summary>A wide table with "n (%)" cells, percentages within columns (the exposure groups).</summary>
    private static OutputDraft WidePercentages(CrossClassification t, SeededRandom rng)
    {
        var rows = t.Dimensions[0];
        var cols = t.Dimensions[1];
        int decimals = rng.Between(0, 2);
        var header = new List<string> { rows.Variable.Label };
        header.AddRange(cols.Labels.Select((l, c) => $"{l} (n={t.Marginal(1, c)})"));
        var table = new TextTable(header.ToArray()).NumericFrom(1);
        for (int r = 0; r < rows.Count; r++)
        {
            var row = new List<string> { rows.Labels[r] };
            row.AddRange(Enumerable.Range(0, cols.Count).Select(c => $"{Cell(t, r, c)} ({Num.F(100.0 * Cell(t, r, c) / t.Marginal(1, c), decimals)})"));
            table.Add(row.ToArray());
        }
        var (x2, df, p) = ChiSquared(t);
        var style = TableStyle.Pick(rng, allowHeaderless: false);
        string content = style.Render(table);
        if (!TableStyle.IsDelimited(style.Layout) || rng.Chance(0.3))
            content += $"{(style.Layout == TableLayout.Markdown ? "\n" : "")}Chi-squared test: X2 = {Num.F(x2, 2)}, df = {df}, p {(p < 0.001 ? "< 0.001" : "= " + Num.F(p, 3))}\n";
        return new OutputDraft(BaseName(t) + "_pct", style.Extension, content,
            $"{Describe(t)}, n (column %) with chi-squared test; all cells >= {FrequencyTableOutput.MinimumCount}; {style.Describe()}", (int)t.Smallest);
    }
}
