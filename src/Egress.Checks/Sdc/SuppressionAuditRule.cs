using Egress.Checks.Tables;
using Egress.Core;

namespace Egress.Checks.Sdc;

/// <summary>
/// Suppression audit: counts the researcher withheld by hand ("&lt;10", "*", "[REDACTED]", an empty cell)
/// that the table gives back exactly — a row total minus the row's shown cells, a column total minus the
/// column's, or both together (the table's linear relations solved, so a suppressed total or a pair that
/// only the two directions pin down is found too). A suppression that can be undone protects nothing
/// (secondary suppression is missing). Only tables whose fully shown rows and columns add up to their
/// totals are audited (totals of rounded counts, or of categories not shown, are not sums of the cells);
/// the findings name the recoverable cells, never what they hold.
/// </summary>
public sealed class SuppressionAuditRule(SdcRulePolicy policy) : ISdcRule
{
    public const string Rule = "sdc-suppression-audit";
    public string Name => Rule;
    /// <summary>Suppressed cells solved for at most: a frequency table with more is left to a person (it is not a hand-made table).</summary>
    private const int MaxUnknowns = 400;

    public IEnumerable<Finding> Check(SdcTable table)
    {
        var t = table.Table;
        // Rows must be named categories: a table read without its stub (a misread layout) has no rows to add up.
        if (!policy.Enabled || t.Kind != TableKind.Frequency || table.RoundingBase is not null || t.LabelColumns == 0) yield break;
        var system = Relations(table);
        if (system is null) yield break;
        var failed = new List<FailedCell>();
        foreach (var (cell, value) in Solve(system))
        {
            var (r, c) = system.Unknowns[cell];
            var v = table.Values[r][c];
            // A value the marker rules out ("<10" given back as 25) means the relations are not the table's: nothing is concluded.
            if (UpperBound(t.Rows[r][c]) is { } bound && value >= bound) yield break;
            // Hand suppression hides small counts: an empty cell given back as 0 was a zero left blank, one given back as a
            // large count was left blank for another reason (a secondary suppression is named only with its primary).
            if (value >= table.Threshold || v.Kind == CellKind.Empty && value < 0.5) continue;
            failed.Add(new FailedCell(r, c, t.Locate(r, c), v.Kind == CellKind.Empty ? "empty count that the totals give back" : "suppressed count that the totals give back"));
        }
        if (failed.Count == 0) yield break;
        yield return SdcFinding.Create(Rule, policy.Severity, table, failed,
            "counts withheld in these cells can be worked out exactly from the table's totals and its other cells, so the suppression does not protect them.",
            "Suppress further cells in the same rows and columns (at least two per row and column), or suppress or round the totals, so that no withheld count is a total minus shown cells.",
            new Dictionary<string, object> { ["threshold"] = table.Threshold });
    }

    /// <summary>The bound a marker states ("&lt;10", "≤ 7", "&lt;=5"), or null.</summary>
    private static double? UpperBound(string cell)
    {
        var text = cell.Trim();
        if (text.Length < 2 || text[0] is not ('<' or '≤' or '＜')) return null;
        var digits = new string(text.SkipWhile(ch => !char.IsDigit(ch)).TakeWhile(char.IsDigit).ToArray());
        if (!double.TryParse(digits, System.Globalization.CultureInfo.InvariantCulture, out var n)) return null;
        return text[0] == '≤' || text.Contains('=') ? n + 1 : n;
    }

    /// <summary>The table's additive relations over its withheld cells: each row's categories add up to its total, each column's rows to the total row.</summary>
    private sealed record LinearSystem(List<(int Row, int Column)> Unknowns, List<(Dictionary<int, double> Terms, double Constant)> Equations);

    private static LinearSystem? Relations(SdcTable table)
    {
        var t = table.Table;
        var totalRows = Enumerable.Range(0, t.RowCount).Where(r => table.TotalRows[r]).ToList();
        var totalColumns = Enumerable.Range(t.LabelColumns, t.ColumnCount - t.LabelColumns)
            .Where(c => table.TotalColumns[c] && t.Columns[c].Statistic == Statistic.Count).ToList();
        // With several total rows or columns (subtotals) which cells each adds up is not known: only one of each is used.
        int? rowTotal = totalColumns.Count == 1 ? totalColumns[0] : null;
        int? columnTotal = totalRows.Count == 1 ? totalRows[0] : null;
        if (rowTotal is null && columnTotal is null) return null;
        var rows = CrossTabulation.CategoryRows(table)
            .Where(r => Enumerable.Range(t.LabelColumns, t.ColumnCount - t.LabelColumns).Any(c => table.Values[r][c].Kind != CellKind.Empty)).ToList();
        var unknowns = new List<(int, int)>();
        var indexOf = new Dictionary<(int, int), int>();
        var rowEquations = new List<(Dictionary<int, double>, double)>();
        var columnEquations = new List<(Dictionary<int, double>, double)>();
        bool rowsAddUp = true, columnsAddUp = true;

        // terms: +1 per part, −1 for the total; null when a cell is neither a count nor withheld (a percentage, text).
        (Dictionary<int, double> Terms, double Constant)? Equation(IEnumerable<(int Row, int Column)> parts, (int Row, int Column) total)
        {
            var terms = new Dictionary<int, double>();
            double constant = 0;
            foreach (var (cell, sign) in parts.Select(p => (p, 1.0)).Append((total, -1.0)))
            {
                if (t.StatisticOf(cell.Item1, cell.Item2) != Statistic.Count) return null;
                var v = table.Values[cell.Item1][cell.Item2];
                if (v.Kind is CellKind.Suppressed or CellKind.Empty)
                {
                    if (!indexOf.TryGetValue(cell, out var i))
                    {
                        if (unknowns.Count >= MaxUnknowns) return null;
                        indexOf[cell] = i = unknowns.Count;
                        unknowns.Add(cell);
                    }
                    terms[i] = terms.GetValueOrDefault(i) + sign;
                }
                else if (v.IsCountLike) constant -= sign * v.Number;
                else return null;
            }
            return (terms, constant);
        }

        if (rowTotal is { } tc && table.CategoryColumns.Count >= 1)
            foreach (var r in rows.Concat(columnTotal is { } tr0 ? [tr0] : []))
                if (Equation(table.CategoryColumns.Select(c => (r, c)), (r, tc)) is { } e)
                {
                    if (e.Terms.Count == 0) rowsAddUp &= Math.Abs(e.Constant) < 0.5;
                    else rowEquations.Add(e);
                }
        if (columnTotal is { } tr && rows.Count >= 1)
            foreach (var c in Enumerable.Range(t.LabelColumns, t.ColumnCount - t.LabelColumns).Where(c => t.Columns[c].Statistic == Statistic.Count))
                if (Equation(rows.Select(r => (r, c)), (tr, c)) is { } e)
                {
                    if (e.Terms.Count == 0) columnsAddUp &= Math.Abs(e.Constant) < 0.5;
                    else columnEquations.Add(e);
                }
        // Totals that do not add up where every cell is shown are not sums of the cells: their relations say nothing.
        var equations = (rowsAddUp ? rowEquations : []).Concat(columnsAddUp ? columnEquations : []).ToList();
        if (equations.Count == 0 || unknowns.Count == 0) return null;
        return new LinearSystem(unknowns, equations);
    }

    /// <summary>The withheld cells the relations fix to one whole, non-negative value (reduced row echelon form); none when they contradict each other.</summary>
    private static IEnumerable<(int Cell, double Value)> Solve(LinearSystem system)
    {
        const double eps = 1e-9;
        var n = system.Unknowns.Count;
        var m = system.Equations.Select(e =>
        {
            var row = new double[n + 1];
            foreach (var (i, a) in e.Terms) row[i] = a;
            row[n] = e.Constant;
            return row;
        }).ToList();
        var pivots = new List<(int Row, int Column)>();
        var top = 0;
        for (var col = 0; col < n && top < m.Count; col++)
        {
            var best = -1;
            for (var r = top; r < m.Count; r++)
                if (Math.Abs(m[r][col]) > eps && (best < 0 || Math.Abs(m[r][col]) > Math.Abs(m[best][col]))) best = r;
            if (best < 0) continue;
            (m[top], m[best]) = (m[best], m[top]);
            var p = m[top][col];
            for (var k = col; k <= n; k++) m[top][k] /= p;
            for (var r = 0; r < m.Count; r++)
            {
                if (r == top || Math.Abs(m[r][col]) <= eps) continue;
                var f = m[r][col];
                for (var k = col; k <= n; k++) m[r][k] -= f * m[top][k];
            }
            pivots.Add((top, col));
            top++;
        }
        // 0 = non-zero: the relations contradict each other (the totals are not exact sums).
        for (var r = top; r < m.Count; r++)
            if (Math.Abs(m[r][n]) > 0.5) yield break;
        foreach (var (row, col) in pivots)
        {
            var alone = true;
            for (var k = 0; k < n && alone; k++)
                if (k != col && Math.Abs(m[row][k]) > eps) alone = false;
            if (!alone) continue;
            var value = m[row][n];
            if (value > -0.5 && Math.Abs(value - Math.Round(value)) < 1e-6) yield return (col, Math.Round(value));
        }
    }
}
