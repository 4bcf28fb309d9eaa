using Egress.Index;

namespace Egress.Checks.Forensics;

/// <summary>
/// Switches the engine into leak forensics for one or more files: every scanning thread gets its own
/// tally, and the windows scanned are counted so the record bar can be set at the end.
/// </summary>
public sealed class ForensicScan(CohortIndex index)
{
    public const int MaxProjects = 63;

    private readonly List<AttributionTally> _tallies = [];
    private long _windows;

    public CohortIndex Index { get; } = index.Projects.Count <= MaxProjects
        ? index
        : throw new ArgumentException($"trace compares at most {MaxProjects} projects; the index has {index.Projects.Count}");

    /// <summary>Windows (rows, text windows, columns) scanned in all files so far.</summary>
    public long Windows => Interlocked.Read(ref _windows);

    private readonly Stack<AttributionTally> _free = new();

    /// <summary>
    /// A tally for one scanning thread. Parts are scanned one after another, so tallies handed back when a
    /// part is done are reused: an archive of thousands of parts needs no more tallies than threads.
    /// </summary>
    public AttributionTally Rent()
    {
        lock (_tallies)
        {
            if (_free.TryPop(out var reused)) return reused;
            var tally = new AttributionTally(Index.Projects);
            _tallies.Add(tally);
            return tally;
        }
    }

    public void Return(AttributionTally tally)
    {
        lock (_tallies) _free.Push(tally);
    }

    public void CountWindows(long windows) => Interlocked.Add(ref _windows, windows);

    private readonly HashSet<string> _columns = new(StringComparer.Ordinal);

    /// <summary>Column names of the parts scanned (header rows): the field-subset argument by name.</summary>
    public IReadOnlyCollection<string> Columns
    {
        get { lock (_columns) return [.. _columns]; }
    }

    public void NoteColumns(IEnumerable<string> names)
    {
        lock (_columns) _columns.UnionWith(names);
    }

    /// <summary>Every thread's tally in one (call once scanning is over).</summary>
    public AttributionTally Merged()
    {
        var all = new AttributionTally(Index.Projects);
        lock (_tallies)
            foreach (var t in _tallies) all.MergeFrom(t);
        return all;
    }
}
