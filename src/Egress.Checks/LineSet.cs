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

    public List<long> Sorted()
    {
        var lines = new List<long>();
        for (var w = 0; w < _bits.Length; w++)
        {
            var bits = _bits[w];
            while (bits != 0)
            {
                lines.Add(((long)w << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits));
                bits &= bits - 1;
            }
        }
        return lines;
    }
}
