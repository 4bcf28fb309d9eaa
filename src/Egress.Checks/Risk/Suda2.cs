namespace Egress.Checks.Risk;

/// <summary>A record's SUDA scores: the special-uniques score and its DIS-SUDA probability of a correct match.</summary>
public readonly record struct SudaScore(double Score, double DisScore);

/// <summary>
/// SUDA scores as sdcMicro 5.8.1's <c>suda2</c> reports them (original_scores = TRUE, DisFraction = 0.01). A minimal
/// sample unique (MSU) of a record is a set of keys on which it is unique while it is not on any smaller set; each MSU
/// of size k adds (N − k)! to the record's score (N keys). Found here by counting every subset of the keys rather than
/// by SUDA2's recursive search: the same MSUs, for up to <see cref="MaxKeys"/> keys. DIS-SUDA spreads the file-level
/// probability that a unique is a population unique (from the uniques U and the records in pairs P, sampling fraction π)
/// over the records by score^Q, Q = 1 + (8 − N)/20, in the single precision sdcMicro's C++ uses. A missing key value
/// never makes part of an MSU.
/// </summary>
public static class Suda2
{
    public const int MaxKeys = 12;

    public static SudaScore[] Compute(KeyCodes keys, double disFraction = 0.01, CancellationToken cancel = default)
    {
        var n = keys.Keys;
        if (n > MaxKeys) throw new ArgumentException($"SUDA is computed for at most {MaxKeys} keys", nameof(keys));
        var rows = keys.Rows;
        var full = (1 << n) - 1;
        // unique[mask][row]: the record is alone on the keys of mask (and knows them all).
        var unique = new bool[full + 1][];
        for (var mask = 1; mask <= full; mask++)
        {
            cancel.ThrowIfCancellationRequested();
            unique[mask] = UniqueOn(keys, mask);
        }
        var weights = new double[n + 1];
        for (var k = 1; k <= n; k++)
        {
            double f = 1;
            for (var j = 2; j <= n - k; j++) f *= j;
            weights[k] = f;
        }
        var scores = new double[rows];
        for (var mask = 1; mask <= full; mask++)
        {
            var size = System.Numerics.BitOperations.PopCount((uint)mask);
            for (var r = 0; r < rows; r++)
            {
                if (!unique[mask][r]) continue;
                var minimal = true;
                for (var v = 0; v < n && minimal; v++)
                    if ((mask & (1 << v)) != 0 && mask != 1 << v && unique[mask & ~(1 << v)][r]) minimal = false;
                if (minimal) scores[r] += weights[size];
            }
        }
        return Dis(keys, scores, disFraction);
    }

    private static bool[] UniqueOn(KeyCodes keys, int mask)
    {
        var counts = new Dictionary<int[], int>(CodeTupleComparer.Instance);
        var projected = new int[keys.Rows][];
        for (var r = 0; r < keys.Rows; r++)
        {
            var row = keys.Row(r);
            var key = new int[keys.Keys];
            var known = true;
            for (var k = 0; k < keys.Keys; k++)
            {
                if ((mask & (1 << k)) == 0) { key[k] = int.MinValue; continue; }
                if (row[k] == KeyCodes.Missing) known = false;
                key[k] = row[k];
            }
            if (!known) continue;
            projected[r] = key;
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        var unique = new bool[keys.Rows];
        for (var r = 0; r < keys.Rows; r++) unique[r] = projected[r] is { } p && counts[p] == 1;
        return unique;
    }

    /// <summary>sdcMicro's DIS-SUDA: float arithmetic where its C++ has floats, double where it has doubles.</summary>
    private static SudaScore[] Dis(KeyCodes keys, double[] scores, double disFraction)
    {
        var counts = new Dictionary<int[], int>(CodeTupleComparer.Instance);
        for (var r = 0; r < keys.Rows; r++)
        {
            var key = keys.Row(r).ToArray();
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        var uniques = counts.Values.Count(c => c == 1);
        var pairs = 2 * counts.Values.Count(c => c == 2);
        var fraction = (float)disFraction;
        var dis = uniques * fraction / (uniques * fraction + pairs * (1.0f - fraction));
        double q = 1.0f + (8.0f - keys.Keys) / 20.0f;
        var adjust = 0.0;
        foreach (var s in scores)
            if (s != 0) adjust += 1.0 / Math.Pow(s, q);
        var spread = uniques / dis - uniques;
        var result = new SudaScore[scores.Length];
        for (var r = 0; r < scores.Length; r++)
            result[r] = new SudaScore(scores[r], scores[r] != 0 ? 1.0 / (1.0 + spread / (Math.Pow(scores[r], q) * adjust)) : 0);
        return result;
    }
}
