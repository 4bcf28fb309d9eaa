namespace Egress.Checks.Risk;

/// <summary>
/// Per record: f_k, how many records of the sample share its key combination, and F_k, the sum of
/// their sampling weights (the estimated population frequency; = f_k without weights).
/// </summary>
public sealed record SampleFrequencies(int[] SampleCounts, double[] PopulationEstimates, int EquivalenceClasses);

/// <summary>
/// sdcMicro 5.8.1's <c>freqCalc</c> (with its default alpha = 1), including its treatment of missing
/// key values as wildcards: a record counts every record that agrees with it on the keys both have.
/// The exceptions sdcMicro makes are kept: a complete key does not count records whose keys are all
/// missing (unless there is a single key), and a record whose keys are all missing counts everyone.
/// </summary>
public static class SampleFrequencyCalculator
{
    public static SampleFrequencies Compute(KeyCodes keys, double[]? weights, CancellationToken cancel = default)
    {
        if (weights is not null && weights.Length != keys.Rows) throw new ArgumentException("one weight per record", nameof(weights));
        var patterns = Patterns.Group(keys, weights, cancel);
        var fk = patterns.Counts.Select(c => (long)c).ToArray();
        var Fk = patterns.Weights.ToArray();
        if (patterns.AnyMissing)
        {
            if (keys.Keys == 1) AddSingleKeyWildcards(patterns, fk, Fk);
            else AddWildcardMatches(patterns, keys.Keys, fk, Fk, cancel);
            SetAllMissing(patterns, keys.Rows, weights, fk, Fk);
        }
        var sampleCounts = new int[keys.Rows];
        var estimates = new double[keys.Rows];
        for (var r = 0; r < keys.Rows; r++)
        {
            var p = patterns.OfRow[r];
            sampleCounts[r] = checked((int)fk[p]);
            estimates[r] = Fk[p];
        }
        return new SampleFrequencies(sampleCounts, estimates, patterns.Count);
    }

    /// <summary>One key: every complete value also counts the missing ones.</summary>
    private static void AddSingleKeyWildcards(Patterns patterns, long[] fk, double[] Fk)
    {
        long missingCount = 0;
        double missingWeight = 0;
        for (var p = 0; p < patterns.Count; p++)
            if (patterns.Masks[p] == 0)
            {
                missingCount += patterns.Counts[p];
                missingWeight += patterns.Weights[p];
            }
        for (var p = 0; p < patterns.Count; p++)
            if (patterns.Masks[p] != 0)
            {
                fk[p] += missingCount;
                Fk[p] += missingWeight;
            }
    }

    /// <summary>
    /// Several keys. For every pair of missing-value masks, the patterns are grouped by their values on
    /// the keys both masks know, so each pattern finds the ones it agrees with without a pairwise scan.
    /// </summary>
    private static void AddWildcardMatches(Patterns patterns, int keyCount, long[] fk, double[] Fk, CancellationToken cancel)
    {
        var full = (1 << keyCount) - 1;
        var byMask = new Dictionary<int, List<int>>();
        for (var p = 0; p < patterns.Count; p++)
        {
            if (!byMask.TryGetValue(patterns.Masks[p], out var list)) byMask[patterns.Masks[p]] = list = [];
            list.Add(p);
        }
        var complete = byMask.GetValueOrDefault(full) ?? [];
        var addCount = new long[patterns.Count];
        var addWeight = new double[patterns.Count];
        foreach (var (mask, partial) in byMask)
        {
            if (mask == full || mask == 0) continue;
            cancel.ThrowIfCancellationRequested();
            // Complete keys that agree with a partial one on its known keys: counted both ways.
            var completeSums = Sum(patterns, complete, mask);
            var partialSums = Sum(patterns, partial, mask);
            foreach (var p in partial)
                if (completeSums.TryGetValue(patterns.Project(p, mask), out var s))
                {
                    addCount[p] += s.Count;
                    addWeight[p] += s.Weight;
                }
            foreach (var c in complete)
                if (partialSums.TryGetValue(patterns.Project(c, mask), out var s))
                {
                    addCount[c] += s.Count;
                    addWeight[c] += s.Weight;
                }
            // Other patterns with missing values (all-missing ones included) that agree where both are known.
            foreach (var (other, others) in byMask)
            {
                if (other == full) continue;
                var shared = mask & other;
                var sums = Sum(patterns, others, shared);
                foreach (var p in partial)
                {
                    if (!sums.TryGetValue(patterns.Project(p, shared), out var s)) continue;
                    addCount[p] += s.Count;
                    addWeight[p] += s.Weight;
                    if (other == mask)
                    {
                        addCount[p] -= patterns.Counts[p];
                        addWeight[p] -= patterns.Weights[p];
                    }
                }
            }
        }
        for (var p = 0; p < patterns.Count; p++)
        {
            fk[p] += addCount[p];
            Fk[p] += addWeight[p];
        }
    }

    /// <summary>Records whose keys are all missing match everyone: f_k = n, F_k = all the weight.</summary>
    private static void SetAllMissing(Patterns patterns, int rows, double[]? weights, long[] fk, double[] Fk)
    {
        var total = weights?.Sum() ?? rows;
        for (var p = 0; p < patterns.Count; p++)
            if (patterns.Masks[p] == 0)
            {
                fk[p] = rows;
                Fk[p] = total;
            }
    }

    private static Dictionary<int[], (long Count, double Weight)> Sum(Patterns patterns, List<int> members, int mask)
    {
        var sums = new Dictionary<int[], (long Count, double Weight)>(CodeTupleComparer.Instance);
        foreach (var p in members)
        {
            var key = patterns.Project(p, mask);
            var s = sums.GetValueOrDefault(key);
            sums[key] = (s.Count + patterns.Counts[p], s.Weight + patterns.Weights[p]);
        }
        return sums;
    }

    /// <summary>The distinct key combinations (missing values as they stand) with their counts and weights.</summary>
    private sealed class Patterns
    {
        public required int[] OfRow { get; init; }
        public required List<int[]> Codes { get; init; }
        public required List<int> Counts { get; init; }
        public required List<double> Weights { get; init; }
        public required List<int> Masks { get; init; }
        public int Count => Codes.Count;
        public bool AnyMissing { get; init; }

        /// <summary>The pattern's codes on the keys of <paramref name="mask"/>, the others blanked.</summary>
        public int[] Project(int pattern, int mask)
        {
            var codes = Codes[pattern];
            var projected = new int[codes.Length];
            for (var k = 0; k < codes.Length; k++) projected[k] = (mask & (1 << k)) != 0 ? codes[k] : KeyCodes.Missing;
            return projected;
        }

        public static Patterns Group(KeyCodes keys, double[]? weights, CancellationToken cancel)
        {
            if (keys.Keys > 30) throw new ArgumentException("at most 30 key variables", nameof(keys));
            var index = new Dictionary<int[], int>(CodeTupleComparer.Instance);
            var ofRow = new int[keys.Rows];
            List<int[]> codes = [];
            List<int> counts = [];
            List<double> sums = [];
            List<int> masks = [];
            var anyMissing = false;
            for (var r = 0; r < keys.Rows; r++)
            {
                if ((r & 0xFFFF) == 0) cancel.ThrowIfCancellationRequested();
                var row = keys.Row(r).ToArray();
                if (!index.TryGetValue(row, out var p))
                {
                    index[row] = p = codes.Count;
                    codes.Add(row);
                    counts.Add(0);
                    sums.Add(0);
                    var mask = 0;
                    for (var k = 0; k < row.Length; k++)
                        if (row[k] != KeyCodes.Missing) mask |= 1 << k;
                    masks.Add(mask);
                    anyMissing |= mask != (1 << keys.Keys) - 1;
                }
                ofRow[r] = p;
                counts[p]++;
                sums[p] += weights?[r] ?? 1.0;
            }
            return new Patterns { OfRow = ofRow, Codes = codes, Counts = counts, Weights = sums, Masks = masks, AnyMissing = anyMissing };
        }
    }
}
