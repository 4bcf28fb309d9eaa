using System.Globalization;
using Egress.Checks.Tables;
using Egress.Core;

namespace Egress.Checks.Sdc;

/// <summary>
/// A cell a rule failed: where it is, its row and column in the table (-1 for a header or a line
/// outside the rows), the role of its value ("count", "minimum", "residual degrees of freedom") and
/// the value when it may be shown — counts and degrees of freedom are statistics of the table, not a
/// person's values; a minimum, a maximum or a mean of a few people is never shown.
/// </summary>
public sealed record FailedCell(int Row, int Column, string Location, string Role, string? Shown = null);

/// <summary>One finding per rule and table, listing every failing cell, the rule's parameters and what to do.</summary>
public static class SdcFinding
{
    /// <summary>Cells listed in the evidence at most (the count of all is always given).</summary>
    public const int MaxCellsListed = 200;

    public static Finding Create(string rule, Severity severity, SdcTable table, IReadOnlyList<FailedCell> cells, string problem,
        string guidance, IReadOnlyDictionary<string, object> parameters)
    {
        var t = table.Table;
        var shown = cells.Take(3).Select(c => c.Shown is null ? c.Location : $"{c.Location} ({c.Role} {c.Shown})").ToList();
        var where = Locations.Summarise(cells.Select(c => c.Location).ToList());
        var message = $"{Describe(t)}: {problem} {(cells.Count == 1 ? "The cell" : $"{cells.Count:N0} cells")}: "
            + string.Join("; ", shown) + (cells.Count > 3 ? $"; and {cells.Count - 3:N0} more." : ".");
        var evidence = new Dictionary<string, object>
        {
            ["tableId"] = table.Id,
            ["table"] = t.Source,
            ["tableKind"] = KindName(t.Kind),
            ["layout"] = t.Layout,
            ["failedCells"] = cells.Count,
            ["cells"] = cells.Take(MaxCellsListed).Select(c =>
            {
                var cell = new Dictionary<string, object> { ["location"] = c.Location, ["row"] = c.Row, ["column"] = c.Column, ["role"] = c.Role };
                if (c.Shown is not null) cell["value"] = c.Shown;
                return cell;
            }).ToList(),
            ["parameters"] = parameters.ToDictionary(kv => kv.Key, kv => kv.Value),
        };
        if (table.RoundingBase is { } b) evidence["roundedTo"] = b;
        return new Finding
        {
            Rule = rule,
            Severity = severity,
            Location = where,
            Message = message,
            Evidence = evidence,
            Guidance = guidance,
        };
    }

    /// <summary>A rule that could not be applied to a table: said once, at the policy's not-assessed severity.</summary>
    public static Finding NotAssessed(string rule, SdcTable table, string why, string guidance, IReadOnlyDictionary<string, object> parameters) => new()
    {
        Rule = rule,
        Severity = table.Policy.NotAssessedSeverity,
        Location = table.Table.Locator.Whole,
        Message = $"{Describe(table.Table)}: {why}",
        Evidence = new Dictionary<string, object>
        {
            ["tableId"] = table.Id,
            ["table"] = table.Table.Source,
            ["tableKind"] = KindName(table.Table.Kind),
            ["layout"] = table.Table.Layout,
            ["assessed"] = false,
            ["parameters"] = parameters.ToDictionary(kv => kv.Key, kv => kv.Value),
        },
        Guidance = guidance,
    };

    /// <summary>"a frequency table (space-aligned table, 12 rows)".</summary>
    public static string Describe(TableModel t) => $"{Article(KindName(t.Kind))} {KindName(t.Kind)} ({t.Layout}, {t.RowCount:N0} row{(t.RowCount == 1 ? "" : "s")})";

    public static string KindName(TableKind kind) => kind switch
    {
        TableKind.Frequency => "frequency table",
        TableKind.Magnitude => "magnitude table",
        TableKind.SummaryStatistics => "table of summary statistics",
        TableKind.Model => "model output",
        TableKind.Survival => "survival table",
        TableKind.Correlation => "correlation table",
        TableKind.RowLevel => "row-level table",
        _ => "table",
    };

    private static string Article(string noun) => noun.Length > 0 && "aeiou".Contains(noun[0]) ? "An" : "A";

    public static string Number(double value) => value.ToString(value == Math.Floor(value) && Math.Abs(value) < 1e15 ? "0" : "0.###", CultureInfo.InvariantCulture);
}
