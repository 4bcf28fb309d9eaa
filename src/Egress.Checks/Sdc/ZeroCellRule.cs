using Egress.Core;

namespace Egress.Checks.Sdc;

/// <summary>
/// Zeros (ACRO: zeros_are_disclosive): in a cross-tabulation, a zero beside non-zero counts in its row
/// says that nobody in that group has that attribute — which can disclose something about every member
/// of the group (no one at this practice had the test). A one-way table's zero (nobody in a category)
/// reveals nothing about a person and passes; a row of zeros (an empty group) passes; a row or column
/// whose count sits in one cell is the class disclosure rule's. Zeros of a rounded table stand for
/// small counts and pass.
/// </summary>
public sealed class ZeroCellRule(SdcRulePolicy policy) : ISdcRule
{
    public const string Rule = "sdc-zero-cell";
    public string Name => Rule;

    public IEnumerable<Finding> Check(SdcTable table)
    {
        if (!policy.Enabled || !CrossTabulation.Applies(table)) yield break;
        var t = table.Table;
        var failed = new List<FailedCell>();
        var classRows = CrossTabulation.SingleCellRows(table).Select(x => x.Row).ToHashSet();
        var classColumns = CrossTabulation.SingleCellColumns(table).Select(x => x.Column).ToHashSet();
        if (CrossTabulation.IsWide(table))
        {
            foreach (var r in CrossTabulation.CategoryRows(table))
            {
                // Only rows holding a zero need their counts looked at.
                if (classRows.Contains(r) || !table.CategoryColumns.Any(c => table.Values[r][c] is { IsNumber: true, Number: 0 })) continue;
                var known = CrossTabulation.Known(table, table.CategoryColumns.Select(c => (r, c)));
                if (known is null || !known.Any(k => k.Count > 0)) continue;
                foreach (var (row, column, count) in known)
                    if (count == 0 && !classColumns.Contains(column))
                        failed.Add(new FailedCell(row, column, t.Locate(row, column), "count", "0"));
            }
        }
        else if (CrossTabulation.IsLong(table))
        {
            var column = table.CategoryColumns[0];
            foreach (var r in CrossTabulation.CategoryRows(table))
                if (table.Values[r][column] is { IsCountLike: true, Number: 0 })
                    failed.Add(new FailedCell(r, column, t.Locate(r, column), "count", "0"));
        }
        if (failed.Count == 0) yield break;
        yield return SdcFinding.Create(Rule, policy.Severity, table, failed,
            "a zero among a group's counts says that nobody in that group has that attribute, which may disclose something about every member of the group.",
            "Check whether each zero is structural (impossible, e.g. pregnant men) or reveals something about a group; if it reveals something, " +
            "merge categories so that the zero disappears, or suppress it together with enough other cells.",
            new Dictionary<string, object> { ["zerosAreDisclosive"] = true });
    }
}
