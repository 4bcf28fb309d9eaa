namespace Egress.Index;

/// <summary>Collects one row's quasi-identifier values and counts every combination of them.</summary>
internal sealed class QiRowCollector(SipHash hasher, string project, int fields)
{
    private readonly byte[][] _values = Enumerable.Range(0, fields).Select(_ => new byte[64]).ToArray();
    private readonly int[] _lengths = new int[fields];

    public void Clear() => Array.Fill(_lengths, -1);

    public void Set(int position, ReadOnlySpan<byte> canonical)
    {
        if (canonical.Length > _values[position].Length) return;
        canonical.CopyTo(_values[position]);
        _lengths[position] = canonical.Length;
    }

    /// <summary>Adds one to the count of every non-empty subset of the fields this row has values for.</summary>
    public void CountCombinations(Dictionary<ulong, int> counts)
    {
        var present = 0;
        for (var i = 0; i < fields; i++)
            if (_lengths[i] >= 0) present |= 1 << i;
        Span<byte> joined = stackalloc byte[fields * 65];
        for (var mask = 1; mask < 1 << fields; mask++)
        {
            if ((mask & present) != mask) continue;
            var w = Join(mask, joined);
            var key = QuasiIdentifierKeys.Key(hasher, project, mask, joined[..w]);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
    }

    private int Join(int mask, Span<byte> joined)
    {
        var w = 0;
        for (var i = 0; i < fields; i++)
        {
            if ((mask & (1 << i)) == 0) continue;
            _values[i].AsSpan(0, _lengths[i]).CopyTo(joined[w..]);
            w += _lengths[i];
            joined[w++] = 0x1F;
        }
        return w;
    }
}
