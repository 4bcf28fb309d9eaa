using Egress.Core;

namespace Egress.Checks.Sdc;

/// <summary>
/// ACRO's threshold on aggregations, made exact by the TRE's evidence: a magnitude cell whose contributions sidecar
/// counts fewer contributors than the minimum cell count fails (a total of a few people comes close to their values);
/// exactly the threshold passes. Only cells the sidecar gives are judged (or, without one, the cells ACRO's verified results
/// flag for its threshold check); the count is a statistic and is shown.
/// </summary>
public sealed class ContributorCountRule(MinimumCellCountPolicy policy) : ISdcRule
{
    public const string Rule = "sdc-contributor-count";
    public string Name => Rule;

    public IEnumerable<Finding> Check(SdcTable table)
    {
        if (!policy.Enabled || (table.Evidence is null && table.Acro is null) || !Contributions.HasMagnitudes(table)) yield break;
        var t = table.Table;
        var failed = Contributions.Given(table)
            .Where(c => c.GroupSize is { } n && n < policy.Threshold)
            .Select(c => new FailedCell(c.Row, c.Column, t.Locate(c.Row, c.Column), "contributors", SdcFinding.Number(c.GroupSize!.Value)))
            .ToList();
        // ACRO's threshold on an aggregation counts the contributors it saw in the records.
        if (failed.Count == 0 && table.Acro?.CellsIn(table, "threshold") is { Count: > 0 } acro) failed = [.. table.Acro.Failed(table, acro, "threshold")];
        if (failed.Count == 0) yield break;
        var source = table.Evidence?.Name ?? AcroEvidence.ResultsName;
        yield return SdcFinding.Create(Rule, policy.Severity, table, failed,
            $"these totals have fewer than {policy.Threshold} contributors (as {source} gives them), so they come close to those contributors' values.",
            $"Suppress the cells with fewer than {policy.Threshold} contributors (and enough others that they cannot be worked out), or merge groups.",
            new Dictionary<string, object> { ["threshold"] = policy.Threshold, ["evidence"] = source });
    }
}
