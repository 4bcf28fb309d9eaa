using System.Globalization;
using Egress.Core;
using Egress.Index;

namespace Egress.Checks.Risk;

/// <summary>
/// The `row-level-data` rule: row-level data (one row per person) is never released, and the finding
/// says how exposed its people are — how many records are unique on which quasi-identifiers, the
/// k-anonymity violations and the expected number of re-identifications, with the cohort index's exact
/// population counts where the keys are the index's. Column names and counts only, never values.
/// </summary>
public static class RowLevelRisk
{
    public const string Rule = "row-level-data";
    /// <summary>Tables longer than this skip the per-attribute breakdown of uniques (one grouping per quasi-identifier).</summary>
    public const int MaxBreakdownRecords = 20_000;

    /// <summary>
    /// The finding for a table already judged row-level (by <see cref="RowLevelClassifier"/> or by table understanding).
    /// <paramref name="quasiIdentifiers"/> defaults to the detected ones; <paramref name="totalRows"/> is the table's
    /// full length when only the first <paramref name="rows"/> were measured.
    /// </summary>
    public static IReadOnlyList<Finding> Assess(IReadOnlyList<string>? header, IReadOnlyList<IReadOnlyList<string>> rows, CohortIndex? index,
        string? project, RowLevelPolicy policy, string location = "whole file", IReadOnlyList<QuasiIdentifierColumn>? quasiIdentifiers = null,
        long? totalRows = null, CancellationToken cancel = default)
    {
        var qis = quasiIdentifiers ?? QuasiIdentifierDetector.Detect(header, rows);
        var names = header ?? [];
        var risk = Measure(names, rows, qis, index, project, cancel);
        return [Describe(rows.Count, totalRows ?? rows.Count, qis, risk, LeaveOneOut(names, rows, qis, risk, cancel), policy, location)];
    }

    /// <summary>The risk measures over the quasi-identifiers: from the index when given, else from the sample alone.</summary>
    public static RiskResult? Measure(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyList<QuasiIdentifierColumn> qis,
        CohortIndex? index, string? project, CancellationToken cancel = default)
    {
        if (qis.Count == 0 || rows.Count == 0) return null;
        if (index is not null && project is not null && index.ProjectNumber(project) >= 0)
            return CohortRiskCalculator.Measure(header, rows, qis.Select(q => q.Column).ToList(), qis, index, project, cancel);
        return RiskCalculator.Measure(header, rows, qis.Select(q => q.Column).ToList(), null, cancel);
    }

    /// <summary>
    /// Per quasi-identifier: how many records would still be unique without it (which attributes make them unique).
    /// Counted on exact combinations (a missing value as a value of its own), which is all this needs.
    /// </summary>
    private static IReadOnlyDictionary<string, int> LeaveOneOut(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows,
        IReadOnlyList<QuasiIdentifierColumn> qis, RiskResult? risk, CancellationToken cancel)
    {
        var without = new Dictionary<string, int>();
        if (risk is null || risk.Global.SampleUniques == 0 || qis.Count < 2 || rows.Count > MaxBreakdownRecords) return without;
        var codes = KeyCodes.From(rows, qis.Select(q => q.Column).ToList(), cancel);
        for (var left = 0; left < qis.Count; left++)
        {
            cancel.ThrowIfCancellationRequested();
            var counts = new Dictionary<int[], int>(CodeTupleComparer.Instance);
            var keys = new int[codes.Rows][];
            for (var r = 0; r < codes.Rows; r++)
            {
                var key = codes.Row(r).ToArray();
                key[left] = int.MinValue;
                keys[r] = key;
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
            without[qis[left].Name] = keys.Count(k => counts[k] == 1);
        }
        return without;
    }

    private static Finding Describe(int measured, long total, IReadOnlyList<QuasiIdentifierColumn> qis, RiskResult? risk,
        IReadOnlyDictionary<string, int> uniquesWithout, RowLevelPolicy policy, string location)
    {
        var evidence = new Dictionary<string, object>
        {
            ["records"] = total,
            ["quasiIdentifiers"] = qis.Select(q => q.Name).ToList(),
            ["quasiIdentifierKinds"] = qis.Select(q => q.Describe()).ToList(),
            ["detectedBy"] = qis.Select(q => q.Basis.ToString()).ToList(),
        };
        var scope = total > measured ? $" (the first {measured:N0} measured)" : "";
        var keys = string.Join(", ", qis.Select(q => q.Name));
        string message;
        if (risk is null)
        {
            message = $"row-level data: {total:N0} records, one row per person{scope}; no quasi-identifier columns recognised, so how unique they are could not be measured";
        }
        else
        {
            var g = risk.Global;
            evidence["measuredRecords"] = measured;
            evidence["sampleUniques"] = g.SampleUniques;
            evidence["equivalenceClasses"] = g.EquivalenceClasses;
            evidence["kAnonymityViolations"] = g.KAnonymityViolations.ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => (object)kv.Value);
            evidence["expectedReidentifications"] = Math.Round(g.ExpectedReidentifications, 3);
            evidence["meanRisk"] = Math.Round(g.MeanRisk, 6);
            evidence["populationSource"] = risk.Source.ToString();
            if (uniquesWithout.Count > 0) evidence["sampleUniquesWithout"] = uniquesWithout;
            var population = "";
            if (risk.Source == PopulationSource.CohortIndex)
            {
                evidence["populationKeys"] = risk.PopulationKeys;
                evidence["populationUniques"] = g.PopulationUniques;
                evidence["recordsNotInIndex"] = risk.RecordsNotInIndex;
                population = $"; population counts from the cohort index for {string.Join(", ", risk.PopulationKeys)}: {Records(g.PopulationUniques)} unique in the cohort";
            }
            message = $"row-level data: {total:N0} records, one row per person{scope}; {Records(g.SampleUniques)} {(g.SampleUniques == 1 ? "is" : "are")} unique on {keys} " +
                      $"({g.EquivalenceClasses:N0} combinations; below k-anonymity 2/3/5: {g.KAnonymityViolations[2]:N0}/{g.KAnonymityViolations[3]:N0}/{g.KAnonymityViolations[5]:N0} records); " +
                      $"expected re-identifications {g.ExpectedReidentifications:F1}{population}";
        }
        return new Finding
        {
            Rule = Rule,
            Severity = policy.Severity,
            Location = location,
            Message = message,
            Evidence = evidence,
            Guidance = Guidance(risk, keys),
        };
    }

    private static string Records(long n) => n == 1 ? "1 record" : $"{n:N0} records";

    private static string Guidance(RiskResult? risk, string keys)
    {
        var exposure = risk is { Global.SampleUniques: > 0 } r
            ? $" Here {r.Global.SampleUniques:N0} people are the only one with their {keys}: anyone who knows those facts about them can find their row and read everything else in it."
            : "";
        return "Row-level data (one row per person) is not released from the research environment, even without IDs and even when its " +
               "variables are derived." + exposure + " Export aggregate results instead: frequency tables with counts of at least 10, " +
               "summary statistics of groups of at least 10, model estimates. If a collaborator needs the per-person data, it has to go " +
               "through a data-access application, not the output check.";
    }
}
