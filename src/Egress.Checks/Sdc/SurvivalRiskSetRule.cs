using Egress.Checks.Tables;
using Egress.Core;

namespace Egress.Checks.Sdc;

/// <summary>
/// Survival tables (ACRO's survival threshold, 10): between two consecutive rows of one group, the
/// number at risk must fall by at least the threshold or not at all — a fall of 1 to 9 people means
/// those few events or censorings, at known times, can be attributed to people. A group restarts where
/// the label changes or time goes back; rounded numbers at risk pass.
/// </summary>
public sealed class SurvivalRiskSetRule(SurvivalPolicy policy) : ISdcRule
{
    public const string Rule = "sdc-survival-risk-set";
    public string Name => Rule;

    public IEnumerable<Finding> Check(SdcTable table)
    {
        var t = table.Table;
        if (!policy.Enabled || t.Kind != TableKind.Survival) yield break;
        var atRisk = t.Columns.FirstOrDefault(c => c.Statistic == Statistic.AtRisk);
        if (atRisk is null) yield break;
        var time = t.Columns.FirstOrDefault(c => c.Statistic == Statistic.Time);
        var labels = t.Columns.Take(t.LabelColumns).Where(c => c.Statistic == Statistic.Label).Select(c => c.Index).ToList();
        var failed = new List<FailedCell>();
        double? previous = null, previousTime = null;
        string? previousGroup = null;
        for (var r = 0; r < t.RowCount; r++)
        {
            var group = string.Join('\u001f', labels.Select(c => t.Rows[r][c]));
            var n = table.Values[r][atRisk.Index];
            var when = time is null ? null : table.Values[r][time.Index] is { IsNumber: true } tv ? tv.Number : (double?)null;
            if (group != previousGroup || when is { } w && previousTime is { } pw && w < pw) previous = null;
            if (n.IsCountLike && previous is { } p)
            {
                var fall = p - n.Number;
                var rounded = table.RoundingBase is { } b && p % b == 0 && n.Number % b == 0;
                if (fall >= 1 && fall < policy.Threshold && !rounded)
                    failed.Add(new FailedCell(r, atRisk.Index, t.Locate(r, atRisk.Index), "fall in the number at risk since the previous row", SdcFinding.Number(fall)));
            }
            previous = n.IsCountLike ? n.Number : null;
            previousTime = when;
            previousGroup = group;
        }
        if (failed.Count == 0) yield break;
        yield return SdcFinding.Create(Rule, policy.Severity, table, failed,
            $"between consecutive rows fewer than {policy.Threshold} people left the risk set, so those few events or censorings can be attributed.",
            $"Report the survival table at coarser time points so that at least {policy.Threshold} people leave the risk set between rows, or round the numbers at risk (e.g. to 5 or 10).",
            new Dictionary<string, object> { ["threshold"] = policy.Threshold });
    }
}
