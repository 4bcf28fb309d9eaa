using Egress.Cohort.Extracts;
using Egress.Cohort.Simulation;

namespace Egress.Cohort.Fingerprinting;

/// <summary>How colluders combine their fingerprinted extracts into one leak.</summary>
public enum CollusionStrategy
{
    /// <summary>Each leaked person's row is taken whole from one colluder (at random among those who have the person).</summary>
    Interleave,
    /// <summary>Every cell where the colluders' copies differ is taken from one of them at random (the classic marking-assumption attack).</summary>
    CellwiseRandom,
}

/// <summary>A leak to simulate: who colludes, how, and how much of the data they let out.</summary>
/// <param name="RowFraction">Share of the colluders' people whose rows are leaked.</param>
/// <param name="ColumnFraction">Share of the cohort's columns kept (the rest dropped), chosen at random per leak.</param>
public sealed record CollusionScenario(int Colluders, CollusionStrategy Strategy, double RowFraction, double ColumnFraction);

/// <summary>
/// Builds a leak from colluding projects' fingerprinted extracts, as they would: IDs stripped, rows of
/// the people any of them has, sub-sampled, columns dropped, cells combined by the strategy.
/// </summary>
public static class CollusionLeak
{
    public static List<string[]> Build(GeneratedCohort cohort, IReadOnlyList<ProjectExtract> colluders, CollusionScenario scenario,
        ref Xoshiro256StarStar rng)
    {
        var keep = new bool[FieldCatalogue.Columns.Count];
        for (var c = 0; c < keep.Length; c++) keep[c] = rng.Chance(scenario.ColumnFraction);
        var columnsOf = colluders.Select(p => p.ColumnIndices.Where(c => keep[c]).ToHashSet()).ToArray();
        var union = columnsOf.SelectMany(c => c).Distinct().Order().ToArray();
        var members = colluders.Select(p =>
        {
            var has = new bool[cohort.Table.Count];
            foreach (var r in p.Participants) has[r] = true;
            return has;
        }).ToArray();

        var rows = new List<string[]>();
        var holders = new List<int>();
        var texts = new List<string>();
        for (var participant = 0; participant < cohort.Table.Count; participant++)
        {
            holders.Clear();
            for (var k = 0; k < colluders.Count; k++)
                if (members[k][participant]) holders.Add(k);
            if (holders.Count == 0 || !rng.Chance(scenario.RowFraction)) continue;
            if (scenario.Strategy == CollusionStrategy.Interleave)
            {
                var k = holders[rng.NextInt(holders.Count)];
                rows.Add(columnsOf[k].Order().Select(c => cohort.ExtractCell(colluders[k], participant, c)).ToArray());
                continue;
            }
            var row = new string[union.Length];
            for (var i = 0; i < union.Length; i++)
            {
                texts.Clear();
                foreach (var k in holders)
                    if (columnsOf[k].Contains(union[i])) texts.Add(cohort.ExtractCell(colluders[k], participant, union[i]));
                row[i] = texts.Count == 0 ? "" : texts.Distinct().Count() == 1 ? texts[0] : texts[rng.NextInt(texts.Count)];
            }
            rows.Add(row);
        }
        return rows;
    }
}
