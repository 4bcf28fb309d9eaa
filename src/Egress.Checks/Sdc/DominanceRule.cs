using Egress.Core;

namespace Egress.Checks.Sdc;

/// <summary>
/// Dominance, the (n, k) rule (ACRO safe_nk_n 2, safe_nk_k 0.9): a magnitude cell whose n largest
/// contributions make up k or more of its total reveals roughly what those few contributed. A share of
/// exactly k fails (stricter than ACRO's agg_nk, where only more than k does: at the boundary a checker
/// would not release either). It needs the largest contributions: a table that gives a
/// cell's maximum (and the second largest, or the group size) with its sum or mean is checked; where
/// the second largest is not given the share is bounded (largest/total at least, n·largest/total at
/// most) and a cell that cannot be shown to pass fails. A table of sums or means without any
/// contributor values cannot be assessed, and the finding says so (at the not-assessed severity).
/// </summary>
public sealed class DominanceRule(DominancePolicy policy) : ISdcRule
{
    public const string Rule = "sdc-dominance";
    public string Name => Rule;
    /// <summary>Shares computed from printed decimals: 0.9 written as 900/1000 is the boundary, not just under it.</summary>
    private const double Tolerance = 1e-9;

    public IEnumerable<Finding> Check(SdcTable table)
    {
        if (!policy.Enabled || !Contributions.HasMagnitudes(table)) yield break;
        var parameters = new Dictionary<string, object> { ["n"] = policy.N, ["k"] = policy.K };
        // Negative contributions (a negative sum, mean or minimum) make shares of a total meaningless: ACRO marks them for review.
        var negative = Contributions.NegativeCells(table).ToList();
        if (negative.Count > 0)
        {
            yield return SdcFinding.Create(Rule, policy.Severity, table, negative,
                "some contributions are negative, so dominance and the p% rule are undefined for this table (the largest contributors cannot be told from the total).",
                "Check these magnitudes by hand: with negative values a few large contributors can hide behind a small total. Suppress or merge cells where they do.",
                parameters);
            yield break;
        }
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
            if (share < policy.K - Tolerance) continue;
            var role = certain ? $"largest {policy.N} contributions' share {share:P0}" : $"largest {policy.N} contributions' share not shown to be below {policy.K:P0}";
            failed.Add(new FailedCell(cell.Row, cell.Column, t.Locate(cell.Row, cell.Column), role));
        }
        if (failed.Count == 0) yield break;
        yield return SdcFinding.Create(Rule, policy.Severity, table, failed,
            $"in these cells the {policy.N} largest contributions make up {policy.K:P0} or more of the total, so the total discloses roughly what they contributed.",
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
        return upper < policy.K - Tolerance ? (upper, true) : (upper, false);
    }
}
