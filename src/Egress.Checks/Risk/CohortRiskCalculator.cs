using Egress.Index;

namespace Egress.Checks.Risk;

/// <summary>
/// Risk with the cohort as the population. The index gives F_sub, the exact count of a record's
/// combination of the keys it holds (sex, year and month of birth, centre, ethnicity); keys it does not
/// hold (age, derived bands) are scaled in by their share in the table: F_k = F_sub · f_k / f_sub, with
/// f_k the record's frequency on all keys and f_sub on the looked-up ones. When every key is in the
/// index, f_k = f_sub and F_k is the exact count. The risk is 1/F_k: an intruder who knows a person's
/// key values and links them to this table picks the right record with probability 1/F_k.
/// A combination the index does not hold (or holds fewer times than the table) cannot be the cohort's:
/// those records fall back to the sample (F_k = f_k).
/// </summary>
public static class CohortRiskCalculator
{
    /// <summary>
    /// Risk over <paramref name="keyColumns"/>; those of <paramref name="recognised"/> (quasi-identifiers among the keys)
    /// whose values map onto the index's codings are looked up.
    /// </summary>
    public static RiskResult Measure(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyList<int> keyColumns,
        IReadOnlyList<QuasiIdentifierColumn> recognised, CohortIndex index, string project, CancellationToken cancel = default)
    {
        var codes = KeyCodes.From(rows, keyColumns, cancel);
        var frequencies = SampleFrequencyCalculator.Compute(codes, null, cancel);
        var mapped = CohortPopulation.Mappable(recognised.Where(q => keyColumns.Contains(q.Column)).ToList(), rows);
        var (population, sample) = mapped.Count == 0
            ? (new long[rows.Count], new int[rows.Count])
            : CohortPopulation.Count(index, project, mapped, rows, cancel);
        var records = new RecordRisk[rows.Count];
        var notInIndex = 0;
        for (var r = 0; r < rows.Count; r++)
        {
            var fk = frequencies.SampleCounts[r];
            double Fk = fk;
            if (population[r] > 0 && population[r] >= sample[r]) Fk = Math.Max(fk, (double)population[r] * fk / sample[r]);
            else notInIndex++;
            var risk = 1.0 / Fk;
            records[r] = new RecordRisk(r + 1, fk, Fk, risk, risk);
        }
        var used = mapped.Count > 0 && notInIndex < rows.Count;
        return new RiskResult
        {
            Keys = keyColumns.Select(c => c < header.Count ? header[c] : $"column {c + 1}").ToList(),
            Source = used ? PopulationSource.CohortIndex : PopulationSource.Sample,
            PopulationKeys = used ? mapped.Select(m => m.Name).ToList() : [],
            RecordsNotInIndex = used ? notInIndex : 0,
            Records = records,
            Global = RiskCalculator.Summarise(records, frequencies.EquivalenceClasses),
        };
    }
}
