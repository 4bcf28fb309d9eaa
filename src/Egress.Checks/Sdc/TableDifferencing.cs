using Egress.Core;

namespace Egress.Checks.Sdc;

/// <summary>
/// Differencing between tables of one export: two tables with the same rows and columns (the same
/// <see cref="TableCounts.Signature"/>) whose counts differ by fewer people than the threshold in total
/// (0 &lt; Σ|difference| &lt; threshold) — "all" and "all but one", a group and a nested group — let anyone
/// subtract one from the other and see a small group. The same test a service applies against the
/// tables a project released before, applied within one file and within one request.
/// </summary>
public static class TableDifferencing
{
    public const string Rule = "sdc-differencing";

    /// <summary>Σ|a − b| over the count cells; null when the two do not have count cells in the same places.</summary>
    public static double? Difference(IReadOnlyList<double> a, IReadOnlyList<double?> b)
    {
        if (a.Count != b.Count) return null;
        double sum = 0;
        for (var i = 0; i < a.Count; i++)
        {
            var x = a[i];
            var y = b[i];
            if (double.IsNaN(x) != (y is null)) return null;
            if (y is { } v) sum += Math.Abs(x - v);
        }
        return sum;
    }

    /// <summary>One finding per table that some earlier table of the same shape differs from by a small group.</summary>
    public static IEnumerable<Finding> Within(IReadOnlyList<(TableCounts Counts, string Location)> tables, SdcRulePolicy policy, int threshold)
    {
        if (!policy.Enabled) yield break;
        foreach (var group in tables.GroupBy(t => t.Counts.Signature).Where(g => g.Count() > 1))
        {
            var list = group.ToList();
            for (var i = 1; i < list.Count; i++)
            {
                var (table, location) = list[i];
                for (var j = 0; j < i; j++)
                {
                    var other = list[j];
                    var cells = other.Counts.Cells.Select(v => double.IsNaN(v) ? (double?)null : v).ToList();
                    if (Difference(table.Cells, cells) is not { } diff || diff <= 0 || diff >= threshold) continue;
                    yield return new Finding
                    {
                        Rule = Rule,
                        Severity = policy.Severity,
                        Location = $"{location}; {other.Location}",
                        Message = $"Two tables with the same rows and columns ({other.Counts.TableId} and {table.TableId}) have counts that differ by " +
                                  $"{SdcFinding.Number(diff)} in total — fewer than {threshold}: subtracting one from the other shows a small group.",
                        Evidence = new Dictionary<string, object>
                        {
                            ["tableId"] = table.TableId, ["otherTable"] = other.Counts.TableId, ["difference"] = diff, ["bound"] = threshold,
                        },
                        Guidance = "Export one of the two tables, or define the groups so that they differ by at least the minimum cell count.",
                    };
                    break;
                }
            }
        }
    }
}
