namespace Egress.Checks;

/// <summary>
/// How many of a row's most identifying cells to look up before the first attempt to settle it,
/// learnt from the rows just scanned: the fewest cells that settled most of them. Too few wastes an
/// attempt and splits the look-ups into rounds that wait on memory in turn; too many reads cells the
/// row did not need. One row in <see cref="SampleEvery"/> starts from the least, so the size can
/// come down again when the rows change.
/// </summary>
public sealed class FirstLookSize
{
    private const int SampleEvery = 32;
    private const int SamplesPerRelearn = 128;
    private readonly int _least;
    private readonly long[] _settledAt;
    private int _rows;
    private int _samples;

    public FirstLookSize(int least, int most)
    {
        _least = least;
        _settledAt = new long[most + 1];
        Current = least;
    }

    public int Current { get; private set; }

    /// <summary>
    /// Called once per row that could settle early; returns the first look for it, and whether the row is
    /// a sample (rows are in flight together, so the caller hands that back to <see cref="Settled"/>).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public int Next(out bool sampling)
    {
        sampling = ++_rows % SampleEvery == 0;
        if (!sampling) return Current;
        if (++_samples > SamplesPerRelearn) Relearn();
        return _least;
    }

    /// <summary>The row settled after <paramref name="cells"/> look-ups.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Settled(int cells, bool sampling)
    {
        if (sampling) _settledAt[Math.Min(cells, _settledAt.Length - 1)]++;
    }

    private void Relearn()
    {
        long settled = 0;
        var next = _least;
        for (var cells = 0; cells < _settledAt.Length; cells++)
        {
            settled += _settledAt[cells];
            if (settled * 2 < SamplesPerRelearn) continue;
            next = Math.Max(_least, cells);
            break;
        }
        Current = next;
        Array.Clear(_settledAt);
        _samples = 1;
    }
}
