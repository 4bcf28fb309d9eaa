using Egress.Checks.Tables;
using Egress.Core;

namespace Egress.Checks.Sdc;

/// <summary>
/// Minima, maxima and ranges: each is one person's value (ACRO's statbarn "Endpoints", whose risks are
/// low counts and class disclosure; the handbooks treat extremes as unsafe unless a checker agrees).
/// By default every one goes to review; with <c>always</c> off, only those of groups smaller than the
/// minimum cell count (or of unknown size). The values are never shown in the report: they may be a
/// participant's. Model outputs are not checked here (R's residual quantiles are part of a summary).
/// </summary>
public sealed class ExtremeValuesRule(ExtremeValuesPolicy policy) : ISdcRule
{
    public const string Rule = "sdc-extreme-values";
    public string Name => Rule;

    public IEnumerable<Finding> Check(SdcTable table)
    {
        var t = table.Table;
        if (!policy.Enabled || t.Kind is TableKind.Model or TableKind.RowLevel or TableKind.Unknown) yield break;
        var failed = new List<FailedCell>();
        foreach (var (r, c, s) in table.NumericStatisticCells(s => s.IsExtreme()))
        {
            if (!policy.Always && table.GroupSize(r, c) is { IsNumber: true } n && n.Number >= table.Threshold) continue;
            failed.Add(new FailedCell(r, c, t.Locate(r, c), s.Describe()));
        }
        if (failed.Count == 0) yield break;
        yield return SdcFinding.Create(Rule, policy.Severity, table, failed,
            policy.Always
                ? "minima, maxima and ranges are single people's values (the report does not show them)."
                : $"minima, maxima or ranges of groups of fewer than {table.Threshold} people (or of unknown size) are single people's values (the report does not show them).",
            "Remove minimum and maximum values (and ranges), or replace them with percentiles of groups of at least " +
            $"{table.Threshold} people (e.g. the 5th and 95th), or top- and bottom-code them; an output checker may accept extremes that are not a person's value.",
            new Dictionary<string, object> { ["always"] = policy.Always, ["threshold"] = table.Threshold });
    }
}
