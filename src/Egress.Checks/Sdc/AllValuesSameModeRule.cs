using Egress.Checks.Tables;
using Egress.Core;

namespace Egress.Checks.Sdc;

/// <summary>
/// A mode whose group's values are all the same (ACRO's all-values-are-same check on mode aggregations):
/// the mode is then every member's value. The table says so beside the mode — one distinct value, the
/// mode's frequency equal to the group's count (pandas describe()'s unique/top/freq/count), an SD,
/// variance or IQR of 0, or a minimum equal to the maximum — in the mode's row (a "mode" column) or its
/// column (a "mode"/"top" row). The mode itself is never shown.
/// </summary>
public sealed class AllValuesSameModeRule(SdcRulePolicy policy) : ISdcRule
{
    public const string Rule = "sdc-mode-all-values-same";
    public string Name => Rule;

    private static readonly HashSet<string> ModeNames = ["mode", "modal", "top", "modalvalue", "modalcategory", "mostcommon", "mostfrequent"];
    private static readonly HashSet<string> SpreadNames = ["sd", "std", "stddev", "standarddeviation", "variance", "var", "iqr"];
    private static readonly HashSet<string> MinimumNames = ["min", "minimum"];
    private static readonly HashSet<string> MaximumNames = ["max", "maximum"];
    private static readonly HashSet<string> UniqueNames = ["unique", "nunique", "distinct", "ndistinct", "uniquevalues"];
    private static readonly HashSet<string> FrequencyNames = ["freq", "modefreq", "topfreq", "frequencyofmode", "modefrequency", "nmode"];
    private static readonly HashSet<string> CountNames = ["count", "n", "nobs", "nnonmissing"];

    public IEnumerable<Finding> Check(SdcTable table)
    {
        var t = table.Table;
        if (!policy.Enabled || t.Kind is TableKind.Model or TableKind.RowLevel) yield break;
        var failed = new List<FailedCell>();
        var columnNames = t.Header.Select(Compact).ToList();
        var rowNames = Enumerable.Range(0, t.RowCount).Select(r => Compact(t.RowLabel(r))).ToList();
        // A "mode" column: the evidence is in the same row.
        for (var c = t.LabelColumns; c < t.ColumnCount; c++)
        {
            if (!ModeNames.Contains(columnNames[c])) continue;
            for (var r = 0; r < t.RowCount; r++)
                if (Present(table.Values[r][c]) && AllSame(names => Find(columnNames, names, t.LabelColumns, i => table.Values[r][i])))
                    failed.Add(new FailedCell(r, c, t.Locate(r, c), "mode of a group whose values are all the same"));
        }
        // A "mode" (or describe()'s "top") row: the evidence is in the same column.
        for (var r = 0; r < t.RowCount; r++)
        {
            if (!ModeNames.Contains(rowNames[r])) continue;
            for (var c = t.LabelColumns; c < t.ColumnCount; c++)
                if (Present(table.Values[r][c]) && AllSame(names => Find(rowNames, names, 0, i => table.Values[i][c])))
                    failed.Add(new FailedCell(r, c, t.Locate(r, c), "mode of a group whose values are all the same"));
        }
        if (failed.Count == 0) yield break;
        yield return SdcFinding.Create(Rule, policy.Severity, table, failed,
            "every member of these groups has the same value, so the mode is each one's value (the report does not show it).",
            "Suppress the mode of groups whose values are all the same, or merge them with other groups.",
            new Dictionary<string, object>());
    }

    private static string Compact(string text) => StatisticNames.Compact(text.ToLowerInvariant());

    private static bool Present(CellValue v) => v.Kind is CellKind.Number or CellKind.Text;

    /// <summary>The first numeric value among the cells named one of <paramref name="names"/>, or null.</summary>
    private static double? Find(List<string> labels, HashSet<string> names, int from, Func<int, CellValue> at)
    {
        for (var i = from; i < labels.Count; i++)
            if (names.Contains(labels[i]) && at(i) is { IsNumber: true } v) return v.Number;
        return null;
    }

    private static bool AllSame(Func<HashSet<string>, double?> get)
    {
        if (get(UniqueNames) is 1) return true;
        if (get(SpreadNames) is 0) return true;
        if (get(MinimumNames) is { } min && get(MaximumNames) is { } max && min == max) return true;
        return get(FrequencyNames) is { } freq && get(CountNames) is { } count && count > 0 && freq == count;
    }
}
