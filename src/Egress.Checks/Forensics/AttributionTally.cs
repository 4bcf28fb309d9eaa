using Egress.Index;

namespace Egress.Checks.Forensics;

/// <summary>
/// One matched window's place in the tally: the projects whose extract holds it in full, the projects
/// with no participant like it at all, and its strength in whole bits (the record bar is applied at the end,
/// when the number of windows scanned is known).
/// </summary>
public readonly record struct WindowPattern(ulong Explaining, ulong Absent, int Bits);

/// <summary>
/// What leak forensics gathers while a file is scanned: how many matched windows fell into each pattern
/// of explaining projects, and per project the participants whose records it explains (with the
/// strongest window's bits). Counts and bitmaps only — bounded by the index, not by the file.
/// One per scanning thread; the tracer merges them.
/// </summary>
public sealed class AttributionTally(IReadOnlyList<ProjectInfo> projects)
{
    public Dictionary<WindowPattern, long> Patterns { get; } = [];
    private readonly float[]?[] _bestBits = new float[projects.Count][];

    public void Add(WindowPattern pattern) =>
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(Patterns, pattern, out _)++;

    /// <summary>Notes that a project's participant's record was explained by a window of these bits.</summary>
    public void Explained(int project, uint ordinal, float bits)
    {
        var best = _bestBits[project] ??= new float[Math.Max(1, projects[project].Participants)];
        if (ordinal < best.Length && bits > best[ordinal]) best[ordinal] = bits;
    }

    /// <summary>Distinct participants of the project explained by a window of at least this many bits.</summary>
    public int Participants(int project, float bar)
    {
        if (_bestBits[project] is not { } best) return 0;
        var count = 0;
        foreach (var b in best)
            if (b >= bar) count++;
        return count;
    }

    public void MergeFrom(AttributionTally other)
    {
        foreach (var (pattern, count) in other.Patterns)
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(Patterns, pattern, out _) += count;
        for (var p = 0; p < _bestBits.Length; p++)
        {
            if (other._bestBits[p] is not { } theirs) continue;
            var mine = _bestBits[p] ??= new float[theirs.Length];
            for (var i = 0; i < theirs.Length; i++)
                if (theirs[i] > mine[i]) mine[i] = theirs[i];
        }
    }
}
