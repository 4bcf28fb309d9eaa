namespace Egress.Index;

/// <summary>
/// Sorts (hash, payload) pairs by hash: one scatter pass on the top 16 bits (keyed hashes are uniform,
/// so buckets are even), then each bucket sorted in parallel. The pairs can come in several parts
/// (one per block of an extract), each with an offset added to its payloads, so they are never
/// concatenated first: peak memory is the parts plus the sorted copy.
/// </summary>
internal static class HashPairSorter
{
    private const int Buckets = 1 << 16;

    public static (ulong[] Keys, uint[] Values) Sort(ReadOnlySpan<ulong> keys, ReadOnlySpan<uint> values)
    {
        var keyArray = keys.ToArray();
        var valueArray = values.ToArray();
        return Sort([(keyArray, valueArray, 0u)]);
    }

    public static (ulong[] Keys, uint[] Values) Sort(IReadOnlyList<(ulong[] Keys, uint[] Values, uint Offset)> parts, IReadOnlyList<int>? lengths = null)
    {
        var starts = new int[Buckets + 1];
        long total = 0;
        for (var p = 0; p < parts.Count; p++)
        {
            var length = lengths?[p] ?? parts[p].Keys.Length;
            total += length;
            foreach (var k in parts[p].Keys.AsSpan(0, length)) starts[(int)(k >> 48) + 1]++;
        }
        if (total > Array.MaxLength) throw new InvalidDataException("too many values for one index build");
        for (var i = 0; i < Buckets; i++) starts[i + 1] += starts[i];
        var sortedKeys = new ulong[total];
        var sortedValues = new uint[total];
        var next = (int[])starts.Clone();
        for (var p = 0; p < parts.Count; p++)
        {
            var (keys, values, offset) = parts[p];
            var length = lengths?[p] ?? keys.Length;
            for (var i = 0; i < length; i++)
            {
                var at = next[(int)(keys[i] >> 48)]++;
                sortedKeys[at] = keys[i];
                sortedValues[at] = values[i] + offset;
            }
        }
        Parallel.For(0, Buckets, b =>
        {
            var length = starts[b + 1] - starts[b];
            if (length > 1)
                sortedKeys.AsSpan(starts[b], length).Sort(sortedValues.AsSpan(starts[b], length));
        });
        return (sortedKeys, sortedValues);
    }
}
