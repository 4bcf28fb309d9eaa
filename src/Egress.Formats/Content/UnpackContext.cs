namespace Egress.Formats.Content;

/// <summary>
/// The budgets of one check, shared by every reader: depth, entries, expanded bytes and time.
/// Readers call <see cref="CountEntry"/>, <see cref="CountExpansion"/> and <see cref="ThrowIfCancelled"/>.
/// </summary>
public sealed class UnpackContext(UnpackLimits limits, CancellationToken cancel)
{
    private long _expanded;
    private int _entries;

    public UnpackLimits Limits { get; } = limits;
    public CancellationToken Cancel { get; } = cancel;
    public long ExpandedBytes => Interlocked.Read(ref _expanded);

    /// <summary>
    /// Set once unpacking must stop: the entry or expanded-bytes budget is spent (every further read
    /// would fail the same way), or a decompression bomb was found (the file is hostile and cannot be
    /// released). Without it a nested bomb would report one limit per archive, thousands of times.
    /// </summary>
    public bool Stopped { get; private set; }

    /// <summary>For a reader that found the file hostile; it reports why in a notice of its own.</summary>
    public void Stop() => Stopped = true;

    public void ThrowIfCancelled() => Cancel.ThrowIfCancellationRequested();

    /// <summary>One more archive entry; past the limit throws <see cref="InputLimitException"/>.</summary>
    public void CountEntry()
    {
        if (Interlocked.Increment(ref _entries) > Limits.MaxEntries)
        {
            Stopped = true;
            throw new InputLimitException($"more than {Limits.MaxEntries:N0} archive entries");
        }
    }

    /// <summary>Adds decoded or decompressed bytes; past the limit throws <see cref="InputLimitException"/>.</summary>
    public void CountExpanded(long bytes)
    {
        if (Interlocked.Add(ref _expanded, bytes) > Limits.MaxExpandedBytes)
        {
            Stopped = true;
            throw new InputLimitException($"decompressed or decoded content exceeds the limit of {Limits.MaxExpandedBytes:N0} bytes");
        }
    }

    /// <summary>Wraps a decompressing stream so what it produces counts towards the expanded-bytes budget.</summary>
    public Stream CountExpansion(Stream inner) => new CountingStream(inner, this);

    private sealed class CountingStream(Stream inner, UnpackContext context) : ReadOnlyStream
    {
        public override int Read(Span<byte> buffer)
        {
            context.ThrowIfCancelled();
            var n = inner.Read(buffer);
            context.CountExpanded(n);
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
