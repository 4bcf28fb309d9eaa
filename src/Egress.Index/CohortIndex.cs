using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Egress.Index;

/// <summary>
/// A loaded cohort index: memory-mapped, so opening it is cheap and pages load as they are touched.
/// Look-ups take the keyed hash of a canonical value (see <see cref="Hasher"/>).
/// </summary>
public sealed unsafe class CohortIndex : IDisposable
{
    private readonly MappedArray<ValueSlot> _values;
    private readonly MappedArray<uint> _entries;
    private readonly MappedArray<uint> _postings;
    private readonly MappedArray<QiSlot> _qi;
    private readonly long _valueMask;
    private readonly long _qiMask;

    private CohortIndex(string dir, IndexManifest manifest, IndexKey key)
    {
        Directory = dir;
        Manifest = manifest;
        Hasher = key.Hasher;
        _values = new MappedArray<ValueSlot>(Path.Combine(dir, IndexLayout.ValuesFile));
        _entries = new MappedArray<uint>(Path.Combine(dir, IndexLayout.EntriesFile));
        _postings = new MappedArray<uint>(Path.Combine(dir, IndexLayout.PostingsFile));
        _qi = new MappedArray<QiSlot>(Path.Combine(dir, IndexLayout.QiFile));
        if (_values.Length != manifest.ValueSlots || _qi.Length != manifest.QiSlots ||
            _entries.Length != manifest.Entries * 2 || _postings.Length != manifest.Postings)
        {
            Dispose();
            throw new InvalidDataException($"index {dir} is incomplete or damaged: file sizes do not match {IndexManifest.FileName}");
        }
        _valueMask = _values.Length - 1;
        _qiMask = _qi.Length - 1;
        TotalParticipants = manifest.Projects.Sum(p => (long)p.Participants);
        _participants = manifest.Projects.Select(p => (uint)Math.Max(1, p.Participants)).ToArray();
        try
        {
            Fields = FieldStatistics.Read(dir);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Aggregates of the extracts' numeric and date columns (fields.json), or null for an index built without them.</summary>
    public FieldStatistics? Fields { get; }

    /// <summary>A project's field statistics, or none.</summary>
    public IReadOnlyList<FieldStat> FieldsOf(int project) =>
        Fields?.Projects.FirstOrDefault(p => project >= 0 && project < Projects.Count && p.Project == Projects[project].Name)?.Fields ?? [];

    private readonly uint[] _participants = [];

    public string Directory { get; }
    public IndexManifest Manifest { get; }
    public SipHash Hasher { get; }
    public IReadOnlyList<ProjectInfo> Projects => Manifest.Projects;
    public long TotalParticipants { get; }

    public static CohortIndex Open(string dir, IndexKey key)
    {
        var manifest = IndexManifest.Read(dir);
        if (manifest.KeyFingerprint != key.Fingerprint)
            throw new InvalidDataException($"index {dir} was built with another key (fingerprint {manifest.KeyFingerprint}, key file gives {key.Fingerprint})");
        return new CohortIndex(dir, manifest, key);
    }

    public int ProjectNumber(string name)
    {
        for (var i = 0; i < Projects.Count; i++)
            if (Projects[i].Name == name) return i;
        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(ulong hash)
    {
        if (Sse.IsSupported && _values.Length > 0)
            Sse.Prefetch0(_values.Pointer + (long)(hash & (ulong)_valueMask));
    }

    /// <summary>Starts loading a value's entries into cache before they are read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PrefetchEntries(uint start)
    {
        if (Sse.IsSupported && _entries.Length > 0) Sse.Prefetch0(_entries.Pointer + 2L * start);
    }

    /// <summary>Finds a value's slot: where its entries are, and its summary.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryFindSlot(ulong hash, out ValueSlot found)
    {
        found = default;
        if (_values.Length == 0) return false;
        var key = IndexLayout.SlotKey(hash);
        var s = (long)(key & (ulong)_valueMask);
        var slots = _values.Pointer;
        while (true)
        {
            var slot = slots + s;
            if (slot->Key == key)
            {
                found = *slot;
                return true;
            }
            if (slot->Key == 0) return false;
            s = (s + 1) & _valueMask;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public IndexEntry Entry(uint index) => new(_entries.Pointer[2L * index], _entries.Pointer[2L * index + 1]);

    /// <summary>The sorted participant ordinals behind an entry with Count ≥ 2.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<uint> Postings(IndexEntry entry) =>
        entry.Count <= 1 ? [] : new ReadOnlySpan<uint>(_postings.Pointer + entry.Word1, entry.Count);

    /// <summary>True when the participant (ordinal in the entry's project) holds the entry's value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Holds(IndexEntry entry, uint ordinal) =>
        entry.Count == 1 ? entry.Word1 == ordinal : SearchPostings(_postings.Pointer + entry.Word1, entry.Count, ordinal, Guess(entry, ordinal));

    /// <summary>Starts loading the part of an entry's posting list where the ordinal would be.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PrefetchHolds(IndexEntry entry, uint ordinal)
    {
        if (!Sse.IsSupported || entry.Count <= 1) return;
        // The guess is typically within a few dozen places: its cache line and those either side.
        var at = _postings.Pointer + entry.Word1 + Guess(entry, ordinal);
        Sse.Prefetch0(at);
        if (entry.Count <= 16) return;
        Sse.Prefetch0(at - 16);
        Sse.Prefetch0(at + 16);
    }

    /// <summary>
    /// Where an ordinal would sit in a posting list: holders are spread over the project's ordinals, so
    /// its share of them is a good first guess (a plain binary search touches a cache line per step).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Guess(IndexEntry entry, uint ordinal)
    {
        var project = entry.Project;
        var n = project < _participants.Length ? _participants[project] : 1u;
        return (int)Math.Min((ulong)entry.Count - 1, (ulong)ordinal * (ulong)entry.Count / n);
    }

    /// <summary>Galloping search outward from a guessed position, then binary search in the bracket.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool SearchPostings(uint* list, int count, uint ordinal, int guess)
    {
        int lo, hi; // the ordinal, if present, lies in list[lo..hi]
        var v = list[guess];
        if (v == ordinal) return true;
        var step = 16;
        if (v < ordinal)
        {
            lo = guess + 1;
            hi = guess + step;
            while (hi < count - 1 && list[hi] < ordinal)
            {
                lo = hi + 1;
                step <<= 1;
                hi += step;
            }
            hi = Math.Min(hi, count - 1);
        }
        else
        {
            hi = guess - 1;
            lo = guess - step;
            while (lo > 0 && list[lo] > ordinal)
            {
                hi = lo - 1;
                step <<= 1;
                lo -= step;
            }
            lo = Math.Max(lo, 0);
        }
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var m = list[mid];
            if (m == ordinal) return true;
            if (m < ordinal) lo = mid + 1;
            else hi = mid - 1;
        }
        return false;
    }

    /// <summary>Exact population count of a quasi-identifier combination (0 when nobody has it).</summary>
    public long QiCount(ulong qiKey)
    {
        if (_qi.Length == 0) return 0;
        var s = (long)(qiKey & (ulong)_qiMask);
        while (true)
        {
            var slot = _qi.Pointer + s;
            if (slot->Key == qiKey) return slot->Count;
            if (slot->Key == 0) return 0;
            s = (s + 1) & _qiMask;
        }
    }

    public void Dispose()
    {
        _values.Dispose();
        _entries.Dispose();
        _postings.Dispose();
        _qi.Dispose();
    }
}
