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

    /// <summary>
    /// The bitmaps as bytes (for storing a project's exposure): per index project, its word count then its
    /// words, little-endian. Bits only: ordinals are index-internal numbers, never IDs.
    /// </summary>
    public byte[] ToBytes()
    {
        var size = 4 + _bits.Sum(b => 4 + 8 * (b?.Length ?? 0));
        var bytes = new byte[size];
        var at = 0;
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), _bits.Length);
        at += 4;
        foreach (var words in _bits)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), words?.Length ?? 0);
            at += 4;
            foreach (var w in words ?? [])
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at), w);
                at += 8;
            }
        }
        return bytes;
    }

    /// <summary>Reads <see cref="ToBytes"/>; projects beyond the index's (or bits beyond a project's size) are ignored.</summary>
    public static ParticipantSet FromBytes(IReadOnlyList<ProjectInfo> projects, ReadOnlySpan<byte> bytes)
    {
        var set = new ParticipantSet(projects);
        if (bytes.Length < 4) return set;
        var count = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes);
        var at = 4;
        for (var p = 0; p < count && at + 4 <= bytes.Length; p++)
        {
            var words = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);
            at += 4;
            if (words < 0 || at + 8L * words > bytes.Length) break;
            if (p < set._bits.Length && words > 0)
            {
                var mine = set._bits[p] = new ulong[Math.Max(words, (projects[p].Participants + 63) / 64 + 1)];
                for (var i = 0; i < words; i++) mine[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes[(at + 8 * i)..]);
            }
            at += 8 * words;
        }
        return set;
    }
}
