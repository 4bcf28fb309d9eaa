using System.Security.Cryptography;
using System.Text;
using Egress.Checks.Tables;
using Egress.Core;

namespace Egress.Checks;

/// <summary>
/// A check's report with what a service needs beside it and never serialises: the participants found
/// (index ordinals, for cumulative exposure) and the count cells of each aggregate table (for differencing).
/// </summary>
public sealed record CheckOutcome(CheckReport Report, ParticipantSet Participants, IReadOnlyList<TableCounts> Tables);

/// <summary>
/// An aggregate table's count cells in a canonical order (rows sorted by label), with a signature of its
/// shape — kind, column names and row labels, hashed — so two versions of one table can be compared.
/// Non-count cells are NaN.
/// </summary>
public sealed record TableCounts(string TableId, string Signature, IReadOnlyList<double> Cells)
{
    internal static TableCounts? From(TableModel table, string id)
    {
        if (table.Kind == TableKind.RowLevel) return null;
        var order = Enumerable.Range(0, table.RowCount).OrderBy(table.RowLabel, StringComparer.Ordinal).ToList();
        var cells = new List<double>();
        var counts = 0;
        foreach (var r in order)
            for (var c = table.LabelColumns; c < table.ColumnCount; c++)
            {
                var value = table.Values?[r][c] ?? CellValue.Parse(table.Rows[r][c]);
                var isCount = table.StatisticOf(r, c).IsCount() && value.IsCountLike;
                cells.Add(isCount ? value.Number : double.NaN);
                if (isCount) counts++;
            }
        if (counts == 0) return null;
        var shape = new StringBuilder().Append(table.Kind).Append('\n').AppendJoin('\u001f', table.Header).Append('\n')
            .AppendJoin('\u001f', order.Select(table.RowLabel));
        return new TableCounts(id, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(shape.ToString()))), cells);
    }
}
