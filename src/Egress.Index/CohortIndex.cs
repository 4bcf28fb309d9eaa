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
    }

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

    /// <summary>Starts loading an entry's posting list into cache before it is searched.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PrefetchPostings(IndexEntry entry)
    {
        if (Sse.IsSupported && entry.Count > 1) Sse.Prefetch0(_postings.Pointer + entry.Word1 + entry.Count / 2);
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
        entry.Count == 1 ? entry.Word1 == ordinal : Postings(entry).BinarySearch(ordinal) >= 0;

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
