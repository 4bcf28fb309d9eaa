using Egress.Checks.Tables;

namespace Egress.Checks.Sdc;

/// <summary>
/// The category cells of a frequency table: its count columns that are categories (not totals) and
/// its rows that are not totals, as a cross-tabulation; or, for a long table of counts with two or
/// more label columns, each row as one cell of the classification.
/// </summary>
public static class CrossTabulation
{
    /// <summary>A frequency table with counts that are not already rounded (a rounded zero stands for 0–2).</summary>
    public static bool Applies(SdcTable table) => table.Table.Kind == TableKind.Frequency && table.RoundingBase is null;

    public static bool IsWide(SdcTable table) => table.CategoryColumns.Count >= 2;

    public static bool IsLong(SdcTable table) =>
        table.CategoryColumns.Count == 1 && table.Table.Columns.Take(table.Table.LabelColumns).Count(c => c.Statistic == Statistic.Label) >= 2;

    public static IEnumerable<int> CategoryRows(SdcTable table) =>
        Enumerable.Range(0, table.Table.RowCount).Where(r => !table.TotalRows[r] && table.Table.StatisticOf(r, table.Table.LabelColumns) is not Statistic.Percentage);

    /// <summary>A row's (or column's) category counts when all are known whole numbers, else null.</summary>
    public static List<(int Row, int Column, double Count)>? Known(SdcTable table, IEnumerable<(int Row, int Column)> cells)
    {
        var known = new List<(int, int, double)>();
        foreach (var (r, c) in cells)
        {
            if (table.Table.StatisticOf(r, c) != Statistic.Count) return null;
            var v = table.Values[r][c];
            if (v.Kind == CellKind.Empty) continue;
            if (!v.IsCountLike) return null;
            known.Add((r, c, v.Number));
        }
        return known;
    }

    /// <summary>Rows of a wide table whose whole count sits in one category.</summary>
    public static IReadOnlyList<(int Row, int Column, double Total)> SingleCellRows(SdcTable table) =>
        table.Cached(nameof(SingleCellRows), () => Single(table, byRow: true));

    /// <summary>Category columns whose whole count (over the rows) sits in one row.</summary>
    public static IReadOnlyList<(int Row, int Column, double Total)> SingleCellColumns(SdcTable table) =>
        table.Cached(nameof(SingleCellColumns), () => Single(table, byRow: false));

    /// <summary>
    /// Rows (or columns) of category counts, all known whole numbers and at least two of them, with
    /// exactly one non-zero: one pass over the cells, whichever way round.
    /// </summary>
    private static List<(int Row, int Column, double Total)> Single(SdcTable table, bool byRow)
    {
        var rows = CategoryRows(table).ToList();
        var columns = table.CategoryColumns;
        var found = new List<(int, int, double)>();
        if (!byRow && rows.Count < 2) return found;
        var outer = byRow ? rows.Count : columns.Count;
        var inner = byRow ? columns.Count : rows.Count;
        for (var i = 0; i < outer; i++)
        {
            int known = 0, nonZero = 0, at = -1;
            double total = 0;
            var usable = true;
            for (var j = 0; j < inner && usable; j++)
            {
                var (r, c) = byRow ? (rows[i], columns[j]) : (rows[j], columns[i]);
                if (table.Table.StatisticOf(r, c) != Statistic.Count) { usable = false; break; }
                var v = table.Values[r][c];
                if (v.Kind == CellKind.Empty) continue;
                if (!v.IsCountLike) { usable = false; break; }
                known++;
                if (v.Number > 0) { nonZero++; at = byRow ? c : r; total = v.Number; }
            }
            if (usable && known >= 2 && nonZero == 1)
                found.Add(byRow ? (rows[i], at, total) : (at, columns[i], total));
        }
        return found;
    }
}
