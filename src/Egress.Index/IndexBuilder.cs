using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Egress.Index;

public sealed record ExtractSource(string Project, string Path);

public sealed record BuildProgress(string Project, int ProjectNumber, int ProjectCount, long Bytes, long TotalBytes, string Stage);

/// <summary>
/// Builds a cohort index from project extracts. Per value it keeps its keyed hash and, per project,
/// how many participants hold it and — when at most <see cref="MaxPostings"/> do — which ones;
/// per project the keyed hashes of its participant IDs; and exact counts of quasi-identifier
/// combinations. Nothing in it is a plaintext value or ID.
/// </summary>
public sealed class IndexBuilder(IndexKey key, int maxPostings = IndexBuilder.DefaultMaxPostings)
{
    public const int DefaultMaxPostings = 4096;

    public int MaxPostings { get; } = Math.Min(maxPostings, (1 << ValueSlot.MinCountBits) - 1);

    private readonly GrowableArray<ulong> _entryHashes = new(1 << 20);
    private readonly GrowableArray<uint> _entryWord0 = new(1 << 20);
    private readonly GrowableArray<uint> _entryWord1 = new(1 << 20);
    private readonly GrowableArray<uint> _postings = new(1 << 20);
    private readonly Dictionary<ulong, int> _qi = new();

    public IndexManifest Build(IReadOnlyList<ExtractSource> extracts, string outDir, Action<BuildProgress>? progress = null)
    {
        if (extracts.Count == 0) throw new ArgumentException("at least one extract is needed");
        if (extracts.Count > Math.Min(IndexLayout.MaxProjects, (1 << ValueSlot.CountBits) - 1)) throw new ArgumentException($"at most {IndexLayout.MaxProjects} projects");
        if (extracts.Select(e => e.Project).Distinct(StringComparer.Ordinal).Count() != extracts.Count)
            throw new ArgumentException("project names must be distinct");
        var clock = Stopwatch.StartNew();
        var hasher = key.Hasher;
        var projects = new List<ProjectInfo>();
        var fields = new List<ProjectFields>();
        for (var p = 0; p < extracts.Count; p++)
        {
            var source = extracts[p];
            var number = p + 1;
            var reader = new ExtractReader(hasher, source.Project);
            var blocks = reader.Read(source.Path, (done, total) =>
                progress?.Invoke(new BuildProgress(source.Project, number, extracts.Count, done, total, "reading")));
            progress?.Invoke(new BuildProgress(source.Project, number, extracts.Count, 1, 1, "sorting"));
            fields.Add(new ProjectFields { Project = source.Project, Fields = reader.FieldStatistics(blocks) });
            projects.Add(AddProject(p, source.Project, reader.Columns, blocks));
        }
        progress?.Invoke(new BuildProgress("", extracts.Count, extracts.Count, 1, 1, "writing"));
        Directory.CreateDirectory(outDir);
        var (slots, distinct) = WriteValues(outDir);
        var qiSlots = WriteQi(outDir);
        var manifest = new IndexManifest
        {
            CreatedUtc = DateTime.UtcNow,
            KeyFingerprint = key.Fingerprint,
            MaxPostings = MaxPostings,
            Projects = projects,
            ValueSlots = slots,
            DistinctValues = distinct,
            Entries = _entryHashes.Count,
            Postings = _postings.Count,
            QiSlots = qiSlots,
            QiCombinations = _qi.Count,
            QiFields = QuasiIdentifierKeys.Fields,
        };
        var size = new[] { IndexLayout.ValuesFile, IndexLayout.EntriesFile, IndexLayout.PostingsFile, IndexLayout.QiFile }
            .Sum(f => new FileInfo(Path.Combine(outDir, f)).Length);
        manifest = manifest with { SizeBytes = size, BuildSeconds = Math.Round(clock.Elapsed.TotalSeconds, 2) };
        new FieldStatistics { Projects = fields }.Write(outDir);
        manifest.Write(outDir);
        return manifest;
    }

    private ProjectInfo AddProject(int project, string name, IReadOnlyList<string> columns, List<ExtractBlockResult> blocks)
    {
        uint rowOffset = 0;
        var digitCounts = new Dictionary<int, int>();
        var parts = new List<(ulong[] Keys, uint[] Values, uint Offset)>(blocks.Count);
        var lengths = new List<int>(blocks.Count);
        foreach (var block in blocks)
        {
            parts.Add((block.PairHashes.Array, block.PairRows.Array, rowOffset));
            lengths.Add(block.PairHashes.Count);
            foreach (var idHash in block.IdHashes.Span)
            {
                _entryHashes.Add(idHash);
                _entryWord0.Add(IndexLayout.EntryWord(project, isId: true, count: 1));
                _entryWord1.Add(rowOffset++);
            }
            foreach (var (k, v) in block.QiCounts) _qi[k] = _qi.GetValueOrDefault(k) + v;
            foreach (var (d, c) in block.IdDigitCounts) digitCounts[d] = digitCounts.GetValueOrDefault(d) + c;
        }
        var participants = (int)rowOffset;
        var (sortedHashes, sortedRows) = HashPairSorter.Sort(parts, lengths);
        // The blocks' pairs are sorted into one copy now: let them go before the next allocations.
        parts.Clear();
        blocks.Clear();
        ReleaseMemory();
        var start = 0;
        while (start < sortedHashes.Length)
        {
            var end = start + 1;
            while (end < sortedHashes.Length && sortedHashes[end] == sortedHashes[start]) end++;
            var count = end - start;
            if (count <= MaxPostings)
            {
                _entryHashes.Add(sortedHashes[start]);
                _entryWord0.Add(IndexLayout.EntryWord(project, isId: false, count));
                if (count == 1) _entryWord1.Add(sortedRows[start]);
                else
                {
                    var group = sortedRows.AsSpan(start, count);
                    group.Sort();
                    _entryWord1.Add((uint)_postings.Count);
                    _postings.AddRange(group);
                }
            }
            start = end;
        }
        sortedHashes = null!;
        sortedRows = null!;
        ReleaseMemory();
        // ID lengths seen in at least 1 % of rows define where chance hits fall.
        var idDigits = digitCounts.Where(kv => kv.Value * 100L >= participants).Select(kv => kv.Key).Order().ToList();
        return new ProjectInfo { Name = name, Participants = participants, IdDigits = idDigits, Columns = columns };
    }

    private static void ReleaseMemory()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    private (long Slots, long Distinct) WriteValues(string outDir)
    {
        var count = _entryHashes.Count;
        var order = new uint[count];
        for (var i = 0; i < count; i++) order[i] = (uint)i;
        var (sortedHashes, sortedOrder) = HashPairSorter.Sort(_entryHashes.Span, order);
        var entries = new uint[count * 2L];
        var w0 = _entryWord0.Span;
        var w1 = _entryWord1.Span;
        for (var i = 0; i < count; i++)
        {
            entries[2 * i] = w0[(int)sortedOrder[i]];
            entries[2 * i + 1] = w1[(int)sortedOrder[i]];
        }
        long distinct = 0;
        for (var i = 0; i < count; i++)
            if (i == 0 || sortedHashes[i] != sortedHashes[i - 1]) distinct++;
        var capacity = IndexLayout.Capacity(distinct);
        var slots = new ValueSlot[capacity];
        var mask = capacity - 1;
        var start = 0;
        while (start < count)
        {
            var end = start + 1;
            while (end < count && sortedHashes[end] == sortedHashes[start]) end++;
            var h = sortedHashes[start];
            var minCount = int.MaxValue;
            var hasId = false;
            for (var i = start; i < end; i++)
            {
                var entry = new IndexEntry(entries[2 * i], entries[2 * i + 1]);
                minCount = Math.Min(minCount, entry.Count);
                hasId |= entry.IsId;
            }
            var s = (long)(h & (ulong)mask);
            while (slots[s].Key != 0) s = (s + 1) & mask;
            slots[s] = new ValueSlot { Key = h, EntryStart = (uint)start, Info = ValueSlot.PackInfo(end - start, minCount, hasId) };
            start = end;
        }
        WriteArray(Path.Combine(outDir, IndexLayout.ValuesFile), slots.AsSpan());
        WriteArray(Path.Combine(outDir, IndexLayout.EntriesFile), entries.AsSpan());
        WriteArray(Path.Combine(outDir, IndexLayout.PostingsFile), _postings.Span);
        return (capacity, distinct);
    }

    private long WriteQi(string outDir)
    {
        var capacity = IndexLayout.Capacity(_qi.Count);
        var slots = new QiSlot[capacity];
        var mask = capacity - 1;
        foreach (var (k, v) in _qi)
        {
            var s = (long)(k & (ulong)mask);
            while (slots[s].Key != 0) s = (s + 1) & mask;
            slots[s] = new QiSlot { Key = k, Count = (uint)v };
        }
        WriteArray(Path.Combine(outDir, IndexLayout.QiFile), slots.AsSpan());
        return capacity;
    }

    private static void WriteArray<T>(string path, Span<T> items) where T : unmanaged
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var bytes = MemoryMarshal.AsBytes(items);
        const int chunk = 1 << 26;
        for (var i = 0; i < bytes.Length; i += chunk)
            file.Write(bytes.Slice(i, Math.Min(chunk, bytes.Length - i)));
    }
}
