using Egress.Core;
using Egress.Formats;
using Egress.Index;

namespace Egress.Checks.Risk;

/// <summary>
/// The engine's hook for the row-level rule: each text or table part is watched as the scanner reads
/// it (<see cref="RowLevelCollector"/>); a part judged row-level by its quasi-identifiers gets the
/// `row-level-data` finding with its uniques and risk measures (<see cref="RowLevelRisk"/>).
/// </summary>
public sealed class RowLevelRule(CohortIndex index, string project, RowLevelPolicy policy)
{
    public Stream Watch(Stream inner, TextLayout? layout, out RowLevelCollector collector)
    {
        collector = new RowLevelCollector(policy.MinRows, policy.MaxRows, layout);
        return new WatchedStream(inner, collector);
    }

    /// <summary>The finding for a watched part, or null when it is not row-level data.</summary>
    public Finding? For(RowLevelCollector collector, PartLocation where, CancellationToken cancel)
    {
        collector.Complete();
        if (!collector.IsRowLevel) return null;
        var qis = collector.Classification!.QuasiIdentifiers;
        var projected = qis.Select((q, i) => q with { Column = i }).ToList();
        return RowLevelRisk.Assess(projected.Select(q => q.Name).ToList(), collector.Collected, index, project, policy, where.Whole, projected,
            collector.TotalRows, cancel)[0];
    }
}
