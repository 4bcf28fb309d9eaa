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
    public static IEnumerable<(int Row, int Column, double Total)> SingleCellRows(SdcTable table)
    {
        foreach (var r in CategoryRows(table))
        {
            var known = Known(table, table.CategoryColumns.Select(c => (r, c)));
            if (known is null || known.Count < 2) continue;
            var nonZero = known.Where(k => k.Count > 0).ToList();
            if (nonZero.Count == 1) yield return (r, nonZero[0].Column, nonZero[0].Count);
        }
    }

    /// <summary>Category columns whose whole count (over the rows) sits in one row.</summary>
    public static IEnumerable<(int Row, int Column, double Total)> SingleCellColumns(SdcTable table)
    {
        var rows = CategoryRows(table).ToList();
        if (rows.Count < 2) yield break;
        foreach (var c in table.CategoryColumns)
        {
            var known = Known(table, rows.Select(r => (r, c)));
            if (known is null || known.Count < 2) continue;
            var nonZero = known.Where(k => k.Count > 0).ToList();
            if (nonZero.Count == 1) yield return (nonZero[0].Row, c, nonZero[0].Count);
        }
    }
}
