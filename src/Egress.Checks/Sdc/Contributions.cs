using Egress.Checks.Tables;

namespace Egress.Checks.Sdc;

/// <summary>
/// What a magnitude table says about the contributors to one cell: its total (a sum, or a mean times
/// its count), its largest contribution (a max column or row) and, when given, the second largest
/// ("second largest", "top2", "max2"); and the group size.
/// </summary>
public sealed record Contributions(int Row, int Column, double Total, double Largest, double? Second, double? GroupSize)
{
    private static readonly HashSet<string> SecondNames = ["secondlargest", "2ndlargest", "top2", "max2", "largest2", "second", "2nd", "secondmax", "max2nd"];

    /// <summary>True when the table holds sums or means (a magnitude) that dominance and p% apply to.</summary>
    public static bool HasMagnitudes(SdcTable table) =>
        table.Table.Kind is TableKind.Magnitude or TableKind.SummaryStatistics
        && (table.Table.Columns.Any(c => c.Statistic is Statistic.Sum or Statistic.Mean) || table.Table.RowStatistics.Any(s => s is Statistic.Sum or Statistic.Mean));

    /// <summary>True when some cell gives the largest contribution (a max).</summary>
    public static bool HasLargest(SdcTable table) =>
        table.Table.Columns.Any(c => c.Statistic == Statistic.Maximum) || table.Table.RowStatistics.Any(s => s == Statistic.Maximum) || Given(table).Any();

    /// <summary>The cells whose contributions the TRE's sidecar gives: exact (count, two largest, total).</summary>
    public static IEnumerable<Contributions> Given(SdcTable table)
    {
        if (table.Evidence is not { } evidence) yield break;
        var t = table.Table;
        for (var r = 0; r < t.RowCount; r++)
            for (var c = t.LabelColumns; c < t.ColumnCount; c++)
                if (evidence.For(t.RowLabel(r), t.Header[c]) is { } e && e.Sum > 0)
                    yield return new Contributions(r, c, e.Sum, e.Largest, e.Second, e.Count);
    }

    /// <summary>Sums, means and minima below zero in a table of sums (a magnitude): negative contributions. A summary of a variable that can be negative (means, percentiles) is not one.</summary>
    public static IEnumerable<FailedCell> NegativeCells(SdcTable table) =>
        table.Table.Kind != TableKind.Magnitude && !table.Table.Columns.Any(c => c.Statistic == Statistic.Sum) && !table.Table.RowStatistics.Contains(Statistic.Sum) ? [] :
        table.NumericStatisticCells(s => s is Statistic.Sum or Statistic.Mean or Statistic.Minimum)
            .Where(x => table.Values[x.Row][x.Column].Number < 0)
            .Select(x => new FailedCell(x.Row, x.Column, table.Table.Locate(x.Row, x.Column), $"negative {x.Statistic.Describe()}"));

    /// <summary>Every cell whose total and largest contribution the table gives (non-negative magnitudes only).</summary>
    public static IEnumerable<Contributions> Of(SdcTable table)
    {
        // Contributions computed where the records are beat what the table lets be bounded.
        var given = Given(table).ToList();
        if (given.Count > 0)
        {
            foreach (var cell in given) yield return cell;
            yield break;
        }
        var t = table.Table;
        var rowOriented = t.Columns.Any(c => c.Statistic == Statistic.Maximum);
        if (rowOriented)
        {
            for (var r = 0; r < t.RowCount; r++)
            {
                var cells = Enumerable.Range(t.LabelColumns, t.ColumnCount - t.LabelColumns).ToList();
                if (Build(table, r, cells.Select(c => (r, c, t.StatisticOf(r, c), t.Header[c])).ToList()) is { } found) yield return found;
            }
            yield break;
        }
        for (var c = t.LabelColumns; c < t.ColumnCount; c++)
        {
            var column = c;
            var cells = Enumerable.Range(0, t.RowCount).Select(r => (r, column, t.StatisticOf(r, column), t.RowLabel(r))).ToList();
            if (Build(table, -1, cells) is { } found) yield return found;
        }
    }

    private static Contributions? Build(SdcTable table, int row, List<(int Row, int Column, Statistic Statistic, string Name)> cells)
    {
        double? Value(Func<(int Row, int Column, Statistic Statistic, string Name), bool> pick)
        {
            foreach (var cell in cells.Where(pick))
                if (table.Values[cell.Row][cell.Column] is { IsNumber: true } v) return v.Number;
            return null;
        }
        var maxCell = cells.FirstOrDefault(c => c.Statistic == Statistic.Maximum && table.Values[c.Row][c.Column].IsNumber);
        if (maxCell == default) return null;
        var largest = table.Values[maxCell.Row][maxCell.Column].Number;
        var second = Value(c => SecondNames.Contains(StatisticNames.Compact(c.Name.ToLowerInvariant())));
        var sum = Value(c => c.Statistic == Statistic.Sum);
        var mean = Value(c => c.Statistic == Statistic.Mean);
        var size = table.GroupSize(maxCell.Row, maxCell.Column) is { IsNumber: true } n ? n.Number : (double?)null;
        var total = sum ?? (mean is { } m && size is { } s ? m * s : null);
        if (total is not { } tot || tot <= 0 || largest < 0 || second < 0 || largest > tot * (1 + 1e-9)) return null;
        return new Contributions(maxCell.Row, maxCell.Column, tot, largest, second, size);
    }
}
