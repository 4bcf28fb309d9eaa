using Egress.Formats.Content;

namespace Egress.Formats.Encodings;

/// <summary>What the encoded runs of one text part came to, once the part is scanned: the runs to walk, in order, and the fragments counted.</summary>
public sealed record CollectedRuns(IReadOnlyList<DecodedRun> Runs, long Fragments, long FragmentBytes, string? Limit);

/// <summary>
/// Collects the encoded runs of one text part while the scan workers read it, one block at a time
/// and from several threads. Each run is judged as it is decoded: one that is text or a format a reader
/// knows, or unexplained binary too long to be a hash or key, is kept to be walked as an embedded file
/// after the part (the unexplained ones end opaque there, after the search for raw numbers); a short
/// one, or a list of hash-like lines, is counted as a fragment; one that may be plain text looking
/// encoded is dropped. Bounded in runs and in the bytes it holds: past a bound it stops and says so.
/// </summary>
public sealed class EncodedRunCollector : IBlockObserver
{
    /// <summary>Decoded runs shorter than this are ignored: too short to hold a record, and ordinary text has many.</summary>
    public const int MinDecodedBytes = 24;
    /// <summary>Unexplained binary up to this long is a hash, key or token (SHA-512 is 64 bytes), not a payload.</summary>
    public const int MaxFragmentBytes = 64;
    // Every run takes at least a dozen bytes of its block: the block's size bounds what one block can hold.
    public const int MaxRunsPerBlock = 1 << 20;
    public const int MaxRuns = 4096;

    private readonly Func<byte[], bool> _explained;
    private readonly long _byteBudget;
    private readonly object _gate = new();
    // Keyed by content: the same payload written twice (a token repeated in a log) is walked once, at its first place.
    private readonly Dictionary<DecodedRun, DecodedRun> _readable = new(SameBytes.Instance);
    private readonly List<(RunKind Kind, long Start, long End, bool OpenStart, bool OpenEnd, long Line, byte[] Raw)> _open = [];
    private long _held;
    private long _fragments;
    private long _fragmentBytes;
    private string? _limit;

    /// <param name="explained">Whether decoded bytes are text or a format some reader recognises.</param>
    /// <param name="byteBudget">Decoded bytes the collector may hold.</param>
    public EncodedRunCollector(Func<byte[], bool> explained, long byteBudget)
    {
        _explained = explained;
        _byteBudget = byteBudget;
    }

    /// <summary>A collector whose judge is the unpacker's: what it can read is readable.</summary>
    public static EncodedRunCollector For(Unpacker unpacker, UnpackContext context) =>
        new(bytes => unpacker.CanRead(new MemorySource(bytes), bytes.AsSpan(0, Math.Min(bytes.Length, Unpacker.HeadBytes))),
            Math.Max(0, Math.Min(context.Limits.MaxInMemoryBytes, context.Limits.MaxExpandedBytes - context.ExpandedBytes)));

    public void Observe(TextBlock block, long firstLine) => Collect(block.Span, block.Offset, firstLine, block.Index == 0);

    /// <summary>Finds, decodes and judges the runs of one block; safe to call from several threads.</summary>
    /// <param name="offset">The block's offset in the part.</param>
    /// <param name="firstLine">The part's line the block starts on.</param>
    public void Collect(ReadOnlySpan<byte> block, long offset, long firstLine, bool firstBlock)
    {
        if (Volatile.Read(ref _limit) is not null) return;
        // Numbers and dates spelled in words: the block's lines rewritten in digits are scanned again, as a decoded run is.
        if (Words.SpelledValueRewriter.Rewrite(block, firstBlock) is { } spelled)
            Judge(new DecodedRun(Words.SpelledValueRewriter.Encoding, offset, block.Length, spelled) { Line = firstLine, Description = "text with values in words" });
        var found = EncodedRunFinder.Find(block, firstBlock, MaxRunsPerBlock);
        if (found is null) return;
        if (found.Count > MaxRunsPerBlock)
        {
            Stop($"more than {MaxRunsPerBlock:N0} encoded runs in one block of text");
            return;
        }
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        var line = firstLine;
        var counted = 0;
        foreach (var run in found)
        {
            line += block[counted..run.Start].Count((byte)'\n');
            counted = run.Start;
            if (run.Limit is { } limit) Stop(limit);
            else if (run.Decoded is { } decoded) Judge(decoded with { Offset = offset + run.Start, Line = line });
            else
                lock (_gate)
                    _open.Add((run.Kind, offset + run.Start, offset + run.End, run.OpenStart, run.OpenEnd, line, block[run.Start..run.End].ToArray()));
        }
    }

    /// <summary>After the scan: joins runs cut by block boundaries, drops repeats, and returns what was found in order.</summary>
    public CollectedRuns Finish()
    {
        _open.Sort((a, b) => a.Start.CompareTo(b.Start));
        for (var i = 0; i < _open.Count; i++)
        {
            var first = _open[i];
            using var joined = new MemoryStream();
            joined.Write(first.Raw);
            var last = first;
            while (i + 1 < _open.Count && last.OpenEnd && _open[i + 1].OpenStart && _open[i + 1].Kind == first.Kind && _open[i + 1].Start - last.End <= 2)
            {
                last = _open[++i];
                joined.WriteByte((byte)'\n');
                joined.Write(last.Raw);
            }
            var raw = joined.GetBuffer().AsSpan(0, (int)joined.Length);
            if (EncodedRunFinder.Decode(first.Kind, raw, first.Start) is { } decoded) Judge(decoded with { Line = first.Line });
        }
        _open.Clear();
        return new CollectedRuns([.. _readable.Values.OrderBy(r => r.Offset)], _fragments, _fragmentBytes, _limit);
    }

    private void Judge(DecodedRun run)
    {
        if (run.Bytes.Length < MinDecodedBytes) return;
        if (!_explained(run.Bytes))
        {
            if (run.Weak) return;
            if (run.Tokens > 1 || run.Bytes.Length <= MaxFragmentBytes)
            {
                Interlocked.Add(ref _fragments, run.Tokens);
                Interlocked.Add(ref _fragmentBytes, run.Bytes.Length);
                return;
            }
        }
        lock (_gate)
        {
            if (_limit is not null) return;
            if (_readable.TryGetValue(run, out var same))
            {
                if (run.Offset < same.Offset) _readable[run] = run;
                return;
            }
            if (_held + run.Bytes.Length > _byteBudget)
            {
                Stop($"decoded runs exceed the {_byteBudget:N0} bytes they may take in memory");
                return;
            }
            if (_readable.Count >= MaxRuns)
            {
                Stop($"more than {MaxRuns:N0} encoded runs");
                return;
            }
            _held += run.Bytes.Length;
            _readable[run] = run;
        }
    }

    private void Stop(string why) => Interlocked.CompareExchange(ref _limit, why, null);
}

/// <summary>Runs compared by their decoded bytes (where they lie does not matter).</summary>
internal sealed class SameBytes : IEqualityComparer<DecodedRun>
{
    public static readonly SameBytes Instance = new();

    public bool Equals(DecodedRun? x, DecodedRun? y) => x is not null && y is not null && x.Bytes.AsSpan().SequenceEqual(y.Bytes);

    public int GetHashCode(DecodedRun run)
    {
        var hash = new HashCode();
        hash.AddBytes(run.Bytes);
        return hash.ToHashCode();
    }
}
