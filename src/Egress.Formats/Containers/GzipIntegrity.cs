namespace Egress.Formats.Containers;

/// <summary>
/// What reading a gzip's content revealed about the file around it, kept for the reader to report
/// once the content has been read (a truncated file still has its readable part checked): damage at
/// its end, and text carried in member headers (comments, unknown extra fields), which can hold anything.
/// </summary>
public sealed class GzipIntegrity
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, byte[]> _headerContent = [];

    public string? Problem { get; private set; }

    public void Damaged(string problem)
    {
        lock (_gate) Problem ??= problem;
    }

    /// <summary>Header bytes found at <paramref name="where"/> (the same on every reading: kept once).</summary>
    public void HeaderContent(string where, byte[] bytes)
    {
        lock (_gate) _headerContent.TryAdd(where, bytes);
    }

    public IReadOnlyList<(string Where, byte[] Bytes)> HeaderContents()
    {
        lock (_gate) return _headerContent.Select(kv => (kv.Key, kv.Value)).ToList();
    }
}
