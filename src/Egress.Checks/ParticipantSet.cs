using System.Numerics;
using Egress.Index;

namespace Egress.Checks;

/// <summary>
/// Distinct participants as one bitmap per project (ordinals are dense): adding hundreds of thousands
/// is a few milliseconds, where a hash set of pairs took most of a large file's finishing time.
/// </summary>
public sealed class ParticipantSet(IReadOnlyList<ProjectInfo> projects)
{
    private readonly ulong[]?[] _bits = new ulong[projects.Count][];

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Add(int project, uint ordinal)
    {
        var words = _bits[project] ??= new ulong[(projects[project].Participants + 63) / 64 + 1];
        if (ordinal / 64 < words.Length) words[ordinal / 64] |= 1UL << (int)(ordinal % 64);
    }

    public void AddRange(int project, IEnumerable<uint> ordinals)
    {
        foreach (var o in ordinals) Add(project, o);
    }

    public void UnionWith(ParticipantSet other)
    {
        for (var p = 0; p < _bits.Length; p++)
        {
            if (other._bits[p] is not { } theirs) continue;
            var mine = _bits[p] ??= new ulong[theirs.Length];
            for (var i = 0; i < theirs.Length; i++) mine[i] |= theirs[i];
        }
    }

    public int Count(int project) => _bits[project] is { } words ? words.Sum(w => BitOperations.PopCount(w)) : 0;

    public int Count() => Enumerable.Range(0, _bits.Length).Sum(Count);
}
