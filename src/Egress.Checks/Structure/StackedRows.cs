using Egress.Checks.Disguise;

namespace Egress.Checks.Structure;

/// <summary>
/// Short parts with the same columns stacked into one table: a notebook that prints two rows a cell, a zip of many
/// tiny files. Each is below the microdata rule's row count alone; together they are what they are. Parts are pooled
/// by their header (or, without one, by their width), only those shorter than the rule's minimum, at most
/// <see cref="MaxRows"/> rows per pool.
/// </summary>
public static class StackedRows
{
    public const int MaxRows = 2000;
    public const int MaxPools = 16;

    public static IEnumerable<(MeasurementRows Rows, string Location)> Pool(IReadOnlyList<(MeasurementRows Rows, string Location)> parts) =>
        parts.Where(p => p.Rows.Rows.Count is > 0 and < MicrodataRule.MinRows)
            .GroupBy(p => p.Rows.Header is { } h ? "h:" + string.Join('\u001f', h) : "w:" + p.Rows.Rows[0].Length)
            .Where(g => g.Count() >= 2)
            .OrderByDescending(g => g.Sum(p => p.Rows.Rows.Count))
            .Take(MaxPools)
            .Select(g =>
            {
                var members = g.ToList();
                var rows = members.SelectMany(p => p.Rows.Rows).Take(MaxRows).ToList();
                var location = $"{members.Count} parts with the same columns ({string.Join("; ", members.Take(3).Select(p => p.Location))}" +
                               (members.Count > 3 ? $" and {members.Count - 3} more" : "") + ")";
                return (MeasurementRows.Of(members[0].Rows.Header, rows, members.Sum(p => p.Rows.Rows.Count + p.Rows.MoreRows) - rows.Count), location);
            });
}
