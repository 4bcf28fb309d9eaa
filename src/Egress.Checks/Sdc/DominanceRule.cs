using Egress.Core;

namespace Egress.Checks.Sdc;

/// <summary>
/// Dominance, the (n, k) rule (ACRO safe_nk_n 2, safe_nk_k 0.9): a magnitude cell whose n largest
/// contributions make up more than k of its total reveals roughly what those few contributed. Strictly
/// more than k fails; exactly k passes. It needs the largest contributions: a table that gives a
/// cell's maximum (and the second largest, or the group size) with its sum or mean is checked; where
/// the second largest is not given the share is bounded (largest/total at least, n·largest/total at
/// most) and a cell that cannot be shown to pass fails. A table of sums or means without any
/// contributor values cannot be assessed, and the finding says so (at the not-assessed severity).
/// </summary>
public sealed class DominanceRule(DominancePolicy policy) : ISdcRule
{
    public const string Rule = "sdc-dominance";
    public string Name => Rule;

    public IEnumerable<Finding> Check(SdcTable table)
    {
        if (!policy.Enabled || !Contributions.HasMagnitudes(table)) yield break;
        var parameters = new Dictionary<string, object> { ["n"] = policy.N, ["k"] = policy.K };
        // ACRO ran on the records in the TRE and its verified results name the dominated cells: they settle it.
        if (table.Acro?.CellsIn(table, "nk-rule") is { } acro)
        {
            if (acro.Count > 0)
                yield return SdcFinding.Create(Rule, policy.Severity, table, table.Acro.Failed(table, acro, "nk-rule"),
                    $"ACRO found that in these cells the {policy.N} largest contributions make up too much of the total, so the total discloses roughly what they contributed.",
                    "Suppress the dominated cells (and enough others that they cannot be worked out), or merge groups until no few contributors dominate; do not publish maxima.",
                    parameters);
            yield break;
        }
        if (!Contributions.HasLargest(table))
        {
            yield return SdcFinding.NotAssessed(Rule, table,
                $"dominance ({policy.N}, {policy.K:0.##}) and the p% rule cannot be assessed: the table gives sums or means but not the largest contributions to them.",
                "If the values come from few large contributors (costs, incomes, businesses), give the output checker the largest contributions to each cell (or check dominance yourself) before export.",
                parameters);
            yield break;
        }
        var t = table.Table;
        var failed = new List<FailedCell>();
        foreach (var cell in Contributions.Of(table))
        {
            var (share, certain) = Share(cell);
            if (share <= policy.K) continue;
            var role = certain ? $"largest {policy.N} contributions' share {share:P0}" : $"largest {policy.N} contributions' share not shown to be at most {policy.K:P0}";
            failed.Add(new FailedCell(cell.Row, cell.Column, t.Locate(cell.Row, cell.Column), role));
        }
        if (failed.Count == 0) yield break;
        yield return SdcFinding.Create(Rule, policy.Severity, table, failed,
            $"in these cells the {policy.N} largest contributions make up more than {policy.K:P0} of the total, so the total discloses roughly what they contributed.",
            "Suppress the dominated cells (and enough others that they cannot be worked out), or merge groups until no few contributors dominate; do not publish maxima.",
            parameters);
    }

    /// <summary>The n largest contributions' share of the total, exact when known, else its least upper bound that can be shown.</summary>
    private (double Share, bool Certain) Share(Contributions c)
    {
        if (policy.N == 1) return (c.Largest / c.Total, true);
        if (c.GroupSize is { } size && size <= policy.N) return (1, true);
        if (policy.N == 2 && c.Second is { } second) return ((c.Largest + second) / c.Total, true);
        var lower = c.Largest / c.Total;
        if (lower > policy.K) return (lower, true);
        var upper = Math.Min(policy.N * c.Largest, c.Total) / c.Total;
        return upper <= policy.K ? (upper, true) : (upper, false);
    }
}
