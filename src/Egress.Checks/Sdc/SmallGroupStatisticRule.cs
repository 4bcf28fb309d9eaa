using Egress.Checks.Tables;
using Egress.Core;

namespace Egress.Checks.Sdc;

/// <summary>
/// Means, sums, SDs, medians and percentiles of a group smaller than the minimum cell count (ACRO's
/// threshold applied to aggregations): the statistic of a handful of people comes close to their
/// values (a mean of two and one of them knows the other). The group size is the row's N (or count),
/// a describe()-style count row, or the column header's "(N=…)". A group whose size the researcher
/// suppressed ("&lt;10") but whose statistics are shown fails too; a rounded group size passes. An SD or a
/// variance divides by n − 1, so it needs n − 1 of at least the threshold (ACRO's degrees of freedom for
/// analytical statistics): a group of exactly 10 fails for its SD, passes for its mean.
/// </summary>
public sealed class SmallGroupStatisticRule(SdcRulePolicy policy) : ISdcRule
{
    public const string Rule = "sdc-small-group-statistic";
    public string Name => Rule;

    public IEnumerable<Finding> Check(SdcTable table)
    {
        var t = table.Table;
        if (!policy.Enabled || t.Kind is TableKind.Model or TableKind.RowLevel or TableKind.Unknown) yield break;
        var failed = new List<FailedCell>();
        foreach (var (r, c, s) in table.NumericStatisticCells(s => s.DescribesGroup()))
        {
            if (table.GroupSize(r, c) is not { } n) continue;
            var needed = s is Statistic.StandardDeviation or Statistic.Variance ? table.Threshold + 1 : table.Threshold;
            var small = n.Kind == CellKind.Suppressed || n.IsCountLike && n.Number >= 1 && n.Number < needed && !table.IsRounded(n);
            if (!small) continue;
            var size = n.Kind == CellKind.Suppressed ? "a suppressed (small) number of" : SdcFinding.Number(n.Number);
            failed.Add(new FailedCell(r, c, t.Locate(r, c), $"{s.Describe()} of {size} people (group size at {table.GroupSizeLocation(r, c)})"));
        }
        if (failed.Count == 0) yield break;
        yield return SdcFinding.Create(Rule, policy.Severity, table, failed,
            $"statistics of groups of fewer than {table.Threshold} people (SDs and variances: fewer than {table.Threshold} degrees of freedom, n − 1) come close to those people's own values (the report does not show them).",
            $"Suppress the statistics of groups with fewer than {table.Threshold} people, or merge those groups with others before computing them.",
            new Dictionary<string, object> { ["threshold"] = table.Threshold });
    }
}
