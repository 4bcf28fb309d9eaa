using Egress.Core;

namespace Egress.Checks.Sdc;

/// <summary>
/// ACRO's threshold on aggregations, made exact by the TRE's evidence: a magnitude cell whose contributions sidecar
/// counts fewer contributors than the minimum cell count fails (a total of a few people comes close to their values);
/// exactly the threshold passes. Only cells the sidecar gives are judged; the count is a statistic and is shown.
/// </summary>
public sealed class ContributorCountRule(MinimumCellCountPolicy policy) : ISdcRule
{
    public const string Rule = "sdc-contributor-count";
    public string Name => Rule;

    public IEnumerable<Finding> Check(SdcTable table)
    {
        if (!policy.Enabled || table.Evidence is null || !Contributions.HasMagnitudes(table)) yield break;
        var t = table.Table;
        var failed = Contributions.Given(table)
            .Where(c => c.GroupSize is { } n && n < policy.Threshold)
            .Select(c => new FailedCell(c.Row, c.Column, t.Locate(c.Row, c.Column), "contributors", SdcFinding.Number(c.GroupSize!.Value)))
            .ToList();
        if (failed.Count == 0) yield break;
        yield return SdcFinding.Create(Rule, policy.Severity, table, failed,
            $"these totals have fewer than {policy.Threshold} contributors (as the contributions file {table.Evidence.Name} gives them), so they come close to those contributors' values.",
            $"Suppress the cells with fewer than {policy.Threshold} contributors (and enough others that they cannot be worked out), or merge groups.",
            new Dictionary<string, object> { ["threshold"] = policy.Threshold, ["contributionsFile"] = table.Evidence.Name });
    }
}
