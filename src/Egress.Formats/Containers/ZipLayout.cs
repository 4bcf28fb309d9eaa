namespace Egress.Formats.Containers;

/// <summary>
/// Which bytes of a zip its structure accounts for (headers, entry data, descriptors, directory, end
/// records). The rest — prepended, between entries, appended — is unexplained content to be read.
/// Entries whose bytes overlap are counted: sharing data between entries is how zip bombs grow.
/// </summary>
public sealed class ZipLayout(long size)
{
    private readonly List<(long At, long End)> _covered = [];
    private readonly List<(long At, long End)> _entries = [];

    public void Cover(long at, long length)
    {
        var end = Math.Min(size, at + length);
        if (end > at) _covered.Add((at, end));
    }

    public void CoverEntry(long at, long length)
    {
        Cover(at, length);
        _entries.Add((at, at + length));
    }

    public int Overlaps()
    {
        var overlaps = 0;
        long reached = 0;
        foreach (var (at, end) in _entries.OrderBy(e => e.At))
        {
            if (at < reached) overlaps++;
            reached = Math.Max(reached, end);
        }
        return overlaps;
    }

    /// <summary>The byte ranges nothing covers, in file order.</summary>
    public IEnumerable<(long At, long Length)> Gaps()
    {
        long reached = 0;
        foreach (var (at, end) in _covered.OrderBy(c => c.At))
        {
            if (at > reached) yield return (reached, at - reached);
            reached = Math.Max(reached, end);
        }
        if (reached < size) yield return (reached, size - reached);
    }
}
