using System.Text;
using Egress.Formats;
using Egress.Index;

namespace Egress.Checks.Risk;

/// <summary>
/// Exact population counts F_k from the cohort index: the cohort is the population, and the index keeps
/// the count of every combination of sex, year and month of birth, assessment centre and ethnicity per
/// project. A table's cells are mapped onto UK Biobank codes (`M` → 1, `Manchester` → 11001) and keyed as
/// the index keys them; only counts and column names ever leave this class.
/// </summary>
public static class CohortPopulation
{
    /// <summary>Share of a column's values that must map onto codes for the column to be looked up.</summary>
    public const double MinMappedShare = 0.95;

    /// <summary>The columns that can be looked up in the index: one per index field, whose values map onto its coding.</summary>
    public static IReadOnlyList<QuasiIdentifierColumn> Mappable(IReadOnlyList<QuasiIdentifierColumn> qis, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var chosen = new List<QuasiIdentifierColumn>();
        foreach (var qi in qis)
        {
            if (qi.IndexField is not { } field || chosen.Any(c => c.IndexField == field)) continue;
            var values = ColumnValues.Of(rows, qi.Column, QuasiIdentifierDetector.SampleRows);
            if (values.Count > 0 && values.Share(v => UkbQuasiIdentifierCodings.Code(qi.Kind, v) is not null) >= MinMappedShare) chosen.Add(qi);
        }
        return chosen;
    }

    /// <summary>
    /// Per row: the population count of its combination of the <paramref name="mapped"/> columns' values (0 when the
    /// cohort has nobody with it, or none of its values map) and how many rows of the table share that combination.
    /// A row missing some values is counted on the fields it has (the index keeps every subset).
    /// </summary>
    public static (long[] Population, int[] Sample) Count(CohortIndex index, string project, IReadOnlyList<QuasiIdentifierColumn> mapped,
        IReadOnlyList<IReadOnlyList<string>> rows, CancellationToken cancel = default)
    {
        var keys = new ulong[rows.Count];
        var sample = new Dictionary<ulong, int>();
        var population = new Dictionary<ulong, long>();
        var ordered = mapped.OrderBy(m => m.IndexField).ToList();
        // Each distinct cell of a column is mapped and canonicalised once (row-level columns hold few distinct values).
        var canonical = ordered.Select(_ => new Dictionary<string, byte[]?>(StringComparer.Ordinal)).ToArray();
        var joined = new byte[QuasiIdentifierKeys.Fields.Count * (ValueCanonicalizer.MaxCanonicalBytes + 1)];
        for (var r = 0; r < rows.Count; r++)
        {
            if ((r & 0xFFFF) == 0) cancel.ThrowIfCancellationRequested();
            var row = rows[r];
            int mask = 0, w = 0;
            for (var i = 0; i < ordered.Count; i++)
            {
                var qi = ordered[i];
                if (qi.Column >= row.Count) continue;
                var cell = row[qi.Column];
                if (!canonical[i].TryGetValue(cell, out var bytes)) canonical[i][cell] = bytes = Canonical(qi.Kind, cell);
                if (bytes is null) continue;
                bytes.CopyTo(joined, w);
                w += bytes.Length;
                joined[w++] = 0x1F;
                mask |= 1 << qi.IndexField!.Value;
            }
            if (mask == 0) continue;
            var key = QuasiIdentifierKeys.Key(index.Hasher, project, mask, joined.AsSpan(0, w));
            keys[r] = key;
            sample[key] = sample.GetValueOrDefault(key) + 1;
            if (!population.ContainsKey(key)) population[key] = index.QiCount(key);
        }
        var counts = new long[rows.Count];
        var shared = new int[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            if (keys[r] == 0) continue;
            counts[r] = population[keys[r]];
            shared[r] = sample[keys[r]];
        }
        return (counts, shared);
    }

    /// <summary>The cell's UK Biobank code in the canonical form the index hashed, or null when it does not map.</summary>
    private static byte[]? Canonical(QuasiIdentifierKind kind, string cell)
    {
        if (UkbQuasiIdentifierCodings.Code(kind, cell) is not { } code) return null;
        Span<byte> buffer = stackalloc byte[ValueCanonicalizer.MaxCanonicalBytes];
        var value = ValueCanonicalizer.Canonicalize(Encoding.ASCII.GetBytes(code.ToString(System.Globalization.CultureInfo.InvariantCulture)), buffer);
        return buffer[..value.Length].ToArray();
    }
}
