using Egress.Formats;

namespace Egress.Checks;

/// <summary>What reads a part's text in the scanner's own pass (a rule that needs every byte once, in order).</summary>
public interface IStreamWatcher
{
    void Feed(ReadOnlySpan<byte> data);

    /// <summary>The end of the text (may be called again by the rule; must be idempotent).</summary>
    void Complete();
}

/// <summary>Passes reads through and shows every byte to the watcher; reads come in order, under the scanner's lock.</summary>
public sealed class WatchedStream(Stream inner, IStreamWatcher watcher) : ReadOnlyStream
{
    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        if (n > 0) watcher.Feed(buffer[..n]);
        else if (buffer.Length > 0) watcher.Complete();
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
