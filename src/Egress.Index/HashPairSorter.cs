namespace Egress.Index;

/// <summary>
/// Sorts (hash, payload) pairs by hash: one scatter pass on the top 16 bits (keyed hashes are uniform,
/// so buckets are even), then each bucket sorted in parallel.
/// </summary>
internal static class HashPairSorter
{
    public static (ulong[] Keys, uint[] Values) Sort(ReadOnlySpan<ulong> keys, ReadOnlySpan<uint> values)
    {
        const int buckets = 1 << 16;
        var starts = new int[buckets + 1];
        foreach (var k in keys) starts[(int)(k >> 48) + 1]++;
        for (var i = 0; i < buckets; i++) starts[i + 1] += starts[i];
        var sortedKeys = new ulong[keys.Length];
        var sortedValues = new uint[keys.Length];
        var next = (int[])starts.Clone();
        for (var i = 0; i < keys.Length; i++)
        {
            var at = next[(int)(keys[i] >> 48)]++;
            sortedKeys[at] = keys[i];
            sortedValues[at] = values[i];
        }
        Parallel.For(0, buckets, b =>
        {
            var length = starts[b + 1] - starts[b];
            if (length > 1)
                sortedKeys.AsSpan(starts[b], length).Sort(sortedValues.AsSpan(starts[b], length));
        });
        return (sortedKeys, sortedValues);
    }
}
