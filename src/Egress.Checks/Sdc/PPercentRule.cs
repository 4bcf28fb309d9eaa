using Egress.Core;

namespace Egress.Checks.Sdc;

/// <summary>
/// The p% rule as ACRO's p-ratio (safe_pratio_p 0.1): what is left of a cell's total after its two
/// largest contributions must be at least p of the largest, else the second largest contributor can
/// estimate the largest to within p. A ratio below p fails; exactly p passes. Needs the largest
/// contribution (and the second, or the group size); without the second the ratio is bounded, and a
/// cell that cannot be shown to pass fails. Tables of sums or means without contributions are reported
/// once as not assessed by the dominance rule.
/// </summary>
public sealed class PPercentRule(PPercentPolicy policy) : ISdcRule
{
    public const string Rule = "sdc-p-percent";
    public string Name => Rule;

    public IEnumerable<Finding> Check(SdcTable table)
    {
        if (!policy.Enabled || !Contributions.HasMagnitudes(table)) yield break;
        // ACRO's verified results for the file settle the p% rule where they name its cells (p-ratio).
        if (table.Acro?.CellsIn(table, "p-ratio") is { } acro)
        {
            if (acro.Count > 0)
                yield return SdcFinding.Create(Rule, policy.Severity, table, table.Acro.Failed(table, acro, "p-ratio"),
                    "ACRO found that after their two largest contributions too little is left of these totals, so the second largest contributor can estimate the largest closely.",
                    "Suppress these cells (and enough others that they cannot be worked out), or merge groups so that each total has more, smaller contributors.",
                    new Dictionary<string, object> { ["p"] = policy.P });
            yield break;
        }
        if (!Contributions.HasLargest(table)) yield break;
        var t = table.Table;
        var failed = new List<FailedCell>();
        foreach (var cell in Contributions.Of(table))
        {
            var (ratio, certain) = Ratio(cell);
            if (ratio >= policy.P) continue;
            failed.Add(new FailedCell(cell.Row, cell.Column, t.Locate(cell.Row, cell.Column),
                certain ? $"remainder {ratio:P1} of the largest contribution" : $"remainder not shown to be at least {policy.P:P0} of the largest contribution"));
        }
        if (failed.Count == 0) yield break;
        yield return SdcFinding.Create(Rule, policy.Severity, table, failed,
            $"after its two largest contributions, less than {policy.P:P0} of the largest is left of these totals, so the second largest contributor can estimate the largest closely.",
            "Suppress these cells (and enough others that they cannot be worked out), or merge groups so that each total has more, smaller contributors.",
            new Dictionary<string, object> { ["p"] = policy.P });
    }

    /// <summary>(total − x1 − x2) / x1, exact when known, else the least value that can be shown.</summary>
    private (double Ratio, bool Certain) Ratio(Contributions c)
    {
        if (c.Largest <= 0) return (0, true);
        if (c.GroupSize is { } size && size <= 2) return (0, true);
        if (c.Second is { } second) return ((c.Total - c.Largest - second) / c.Largest, true);
        var highest = (c.Total - c.Largest) / c.Largest;
        if (highest < policy.P) return (highest, true);
        var lowest = Math.Max(c.Total - 2 * c.Largest, 0) / c.Largest;
        return lowest >= policy.P ? (lowest, true) : (lowest, false);
    }
}
