namespace Egress.Checks;

/// <summary>
/// Distinct line numbers as a bitmap: hundreds of thousands of matched rows come out sorted and
/// de-duplicated in one pass, with no sort.
/// </summary>
public sealed class LineSet
{
    private ulong[] _bits = new ulong[1024];

    public void Add(long line)
    {
        if (line < 0) return;
        var word = line >> 6;
        if (word >= _bits.Length) Array.Resize(ref _bits, (int)Math.Max(word + 1, _bits.Length * 2L));
        _bits[word] |= 1UL << (int)(line & 63);
    }

    /// <summary>The first <paramref name="show"/> runs of consecutive lines, in order, and how many runs there are in all.</summary>
    public List<(long First, long Last)> Runs(int show, out long total)
    {
        var runs = new List<(long First, long Last)>();
        total = 0;
        long first = -1, last = -2;
        for (var w = 0; w < _bits.Length; w++)
        {
            var bits = _bits[w];
            while (bits != 0)
            {
                var line = ((long)w << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                if (line == last + 1) { last = line; continue; }
                if (first >= 0 && total++ < show) runs.Add((first, last));
                first = last = line;
            }
        }
        if (first >= 0 && total++ < show) runs.Add((first, last));
        return runs;
    }
}
