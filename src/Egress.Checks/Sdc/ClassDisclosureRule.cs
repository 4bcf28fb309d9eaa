using Egress.Core;

namespace Egress.Checks.Sdc;

/// <summary>
/// Class (group attribute) disclosure: in a cross-tabulation, a row or column whose whole count sits
/// in one cell says that everyone in that group has one attribute — whoever is known to belong to the
/// group has that attribute disclosed, however large the count. Needs every cell of the row or column
/// to be a known count; rounded tables (a zero may be 1 or 2) pass.
/// </summary>
public sealed class ClassDisclosureRule(SdcRulePolicy policy) : ISdcRule
{
    public const string Rule = "sdc-class-disclosure";
    public string Name => Rule;

    public IEnumerable<Finding> Check(SdcTable table)
    {
        if (!policy.Enabled || !CrossTabulation.Applies(table) || !CrossTabulation.IsWide(table)) yield break;
        var t = table.Table;
        var failed = new List<FailedCell>();
        foreach (var (row, column, total) in CrossTabulation.SingleCellRows(table))
            failed.Add(new FailedCell(row, column, t.Locate(row, column), $"count (all of row '{t.RowLabel(row)}')", SdcFinding.Number(total)));
        foreach (var (row, column, total) in CrossTabulation.SingleCellColumns(table))
            if (!failed.Any(f => f.Row == row && f.Column == column))
                failed.Add(new FailedCell(row, column, t.Locate(row, column), $"count (all of column '{t.Header[column]}')", SdcFinding.Number(total)));
        if (failed.Count == 0) yield break;
        yield return SdcFinding.Create(Rule, policy.Severity, table, failed,
            "every person counted in a row or a column falls into one category, so the table discloses that category for anyone known to be in the group.",
            "Merge categories (of the row or the column variable) so that no group sits wholly in one category, or suppress the row or column; " +
            "if the pattern is structural and already public, say so for the output checker.",
            new Dictionary<string, object>());
    }
}
