using System.Runtime.CompilerServices;
using Egress.Index;

namespace Egress.Checks;

/// <summary>A token on its way through the look-up: hashed (or found in the cache), then resolved.</summary>
public struct PendingToken
{
    public ulong Hash;
    /// <summary>The canonical bytes packed into 8 bytes when they fit (0 otherwise): the cache key.</summary>
    public ulong Packed;
    public int Column;
    public bool IdShaped;
    public bool Resolved;
    public bool Found;
    public ValueSlot Slot;
}

/// <summary>
/// Most cells are short and repeat (codes, years, common measurements): a direct-mapped cache keyed
/// by the canonical bytes themselves saves their keyed hash and their index probe. Longer or new
/// tokens are hashed and their slot prefetched, so a row's probes overlap instead of waiting in turn.
/// </summary>
public sealed class LookupCache(CohortIndex index)
{
    private const int Bits = 15;
    private const int Size = 1 << Bits;
    private readonly ulong[] _keys = new ulong[Size];
    private readonly ulong[] _hashes = new ulong[Size];
    private readonly ValueSlot[] _slots = new ValueSlot[Size];
    private readonly bool[] _found = new bool[Size];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Begin(ref PendingToken token, ReadOnlySpan<byte> canonical)
    {
        token.Packed = Pack(canonical);
        if (token.Packed != 0)
        {
            var at = Slot(token.Packed);
            if (_keys[at] == token.Packed)
            {
                token.Hash = _hashes[at];
                token.Found = _found[at];
                token.Slot = _slots[at];
                token.Resolved = true;
                return;
            }
        }
        token.Hash = index.Hasher.Hash(canonical);
        token.Resolved = false;
        index.Prefetch(token.Hash);
    }

    /// <summary>Resolves the token (from the index if the cache did not have it); true when the index holds it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Finish(ref PendingToken token)
    {
        if (token.Resolved) return token.Found;
        token.Found = index.TryFindSlot(token.Hash, out token.Slot);
        token.Resolved = true;
        if (token.Packed != 0)
        {
            var at = Slot(token.Packed);
            _keys[at] = token.Packed;
            _hashes[at] = token.Hash;
            _slots[at] = token.Slot;
            _found[at] = token.Found;
        }
        return token.Found;
    }

    /// <summary>Up to 8 bytes as one number; canonical tokens hold no NUL, so the packing is unique. 0: does not fit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Pack(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length is 0 or > 8) return 0;
        ulong packed = 0;
        for (var i = 0; i < bytes.Length; i++) packed |= (ulong)bytes[i] << (8 * i);
        return packed;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Slot(ulong packed) => (int)((packed * 0x9E3779B97F4A7C15UL) >> (64 - Bits));
}

/// <summary>
/// A scan thread's working memory that outlives one part: the token buffer and the look-up cache (valid
/// for any part: the index does not change during a check). Parts with many small pieces (archive
/// entries, decoded runs) then cost no megabyte of fresh buffers each.
/// </summary>
public sealed class ScanScratch(CohortIndex index)
{
    public PendingToken[] Pending { get; } = new PendingToken[ScanWorker.PendingTokens];
    public LookupCache Cache { get; } = new(index);

    /// <summary>The rows of the scan pipeline (made on first use: text and narrow tables never need them).</summary>
    public RowInFlight[] RowsInFlight => _rows ??= [new(), new(), new(), new()];
    private RowInFlight[]? _rows;
}

/// <summary>A row between being read and being judged: its cells, look-up order and hashed first look.</summary>
public sealed class RowInFlight
{
    public Range[] Cells { get; } = new Range[ScanWorker.MaxColumns];
    public PendingToken[] Pending { get; } = new PendingToken[ScanWorker.PendingTokens];
    public int Width;
    public long Line;
    public int[] Order = [];
    public int FirstLook;
    public bool Sampling;
    /// <summary>How many tokens of <see cref="Pending"/> the first look hashed.</summary>
    public int Tokens;
}
