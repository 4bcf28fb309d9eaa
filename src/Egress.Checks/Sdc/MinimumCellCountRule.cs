using Egress.Checks.Tables;
using Egress.Core;

namespace Egress.Checks.Sdc;

/// <summary>
/// Minimum cell count (ACRO's threshold rule, the handbooks' minimum frequency): a count of people from
/// 1 to threshold − 1 in any table — a frequency cell, a total, a number at risk or of events, a
/// model's N or events, a group size in a header — is a group so small its members may be
/// recognised. Zeros are the zero rule's. A count of exactly the threshold passes. Counts the
/// researcher suppressed ("&lt;10", "[REDACTED]", "*", NA) are not values and pass; so does a small
/// count in a table whose counts are all multiples of 5, 7 or 10: the researcher rounded them, and a
/// rounded count stands for a range of true counts (a published 5 is any of 3–7), which is the
/// protection rounding gives.
/// </summary>
public sealed class MinimumCellCountRule(MinimumCellCountPolicy policy) : ISdcRule
{
    public const string Rule = "sdc-minimum-cell-count";
    public string Name => Rule;

    public IEnumerable<Finding> Check(SdcTable table)
    {
        if (!policy.Enabled) yield break;
        var t = table.Table;
        var failed = new List<FailedCell>();
        foreach (var h in table.HeaderCounts)
            if (h.Count >= 1 && h.Count < policy.Threshold && !(table.RoundingBase is { } b && h.Count % b == 0))
                failed.Add(new FailedCell(-1, h.Column, $"{t.Locator.Whole}: header of column {h.Column + 1} '{t.Header[h.Column]}'", "group size", h.Count.ToString()));
        foreach (var cell in table.Counts)
            if (table.IsSmallCount(cell.Value))
                failed.Add(new FailedCell(cell.Row, cell.Column, t.Locate(cell.Row, cell.Column), cell.Statistic.Describe(), SdcFinding.Number(cell.Value.Number)));
        if (t.Model is { Events: { } events } facts && events >= 1 && events < policy.Threshold)
            failed.Add(new FailedCell(-1, -1, t.Locator.Line(facts.FactsLine), "number of events", events.ToString()));
        if (failed.Count == 0) yield break;
        yield return SdcFinding.Create(Rule, policy.Severity, table, failed,
            $"counts of fewer than {policy.Threshold} people (1–{policy.Threshold - 1}) describe groups so small that their members may be recognised.",
            $"Suppress counts below {policy.Threshold} (and enough other cells that they cannot be worked out from the totals), " +
            $"or merge small categories with their neighbours, or round every count (e.g. to the nearest 5 or 10); then export the table again.",
            new Dictionary<string, object> { ["threshold"] = policy.Threshold });
    }
}
