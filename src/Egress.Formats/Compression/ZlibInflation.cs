using System.IO.Compression;
using Egress.Formats.Content;

namespace Egress.Formats.Compression;

/// <summary>How a zlib (or raw deflate) stream decoded: whether it ended properly and what input was left after its end.</summary>
public readonly record struct InflateOutcome(long OutputBytes, bool Ended, long TrailingBytes, string? Error, bool StoppedEarly)
{
    /// <summary>The stream decoded without damage, ended where its input ends, and was read to its end.</summary>
    public bool Exact => Error is null && Ended && TrailingBytes == 0 && !StoppedEarly;
}

/// <summary>
/// Inflates zlib data while telling exactly where the compressed stream ends, so bytes appended after
/// it (invisible to every decoder) are found. The framework's inflater reads its input in blocks; the
/// last <see cref="TailBytes"/> of the input are handed to it one byte at a time, so once it stops
/// asking, everything it did not take is trailing. Output counts towards the check's expansion budget.
/// </summary>
public static class ZlibInflation
{
    public const int TailBytes = 64 * 1024;

    /// <summary>
    /// Inflates <paramref name="input"/> (segments read as one stream), handing the output to
    /// <paramref name="sink"/> chunk by chunk; the sink returns false to stop (no more output wanted).
    /// </summary>
    public static InflateOutcome Inflate(IReadOnlyList<ReadOnlyMemory<byte>> input, UnpackContext context,
        Func<ReadOnlySpan<byte>, bool> sink, bool raw = false)
    {
        var feed = new TailFeed(input);
        long output = 0;
        try
        {
            using Stream inflater = raw ? new DeflateStream(feed, CompressionMode.Decompress) : new ZLibStream(feed, CompressionMode.Decompress);
            using var counted = context.CountExpansion(inflater);
            var buffer = new byte[1 << 16];
            while (true)
            {
                var n = counted.Read(buffer, 0, buffer.Length);
                if (n == 0) break;
                output += n;
                if (!sink(buffer.AsSpan(0, n))) return new InflateOutcome(output, false, 0, null, StoppedEarly: true);
            }
        }
        catch (InvalidDataException e)
        {
            return new InflateOutcome(output, false, feed.Total - feed.Served, $"the compressed data is damaged ({e.Message})", false);
        }
        // Asked for more input after all of it: the stream was cut before its end.
        return new InflateOutcome(output, !feed.AskedPastEnd, feed.Total - feed.Served, null, false);
    }

    /// <summary>Inflates into memory, at most <paramref name="maxOutput"/> bytes (more is an <see cref="InputLimitException"/>).</summary>
    public static (byte[] Output, InflateOutcome Outcome) InflateToArray(ReadOnlyMemory<byte> input, long maxOutput, UnpackContext context, bool raw = false)
    {
        using var buffer = new MemoryStream();
        var outcome = Inflate([input], context, chunk =>
        {
            if (buffer.Length + chunk.Length > maxOutput)
                throw new InputLimitException($"a compressed block expands to more than {maxOutput:N0} bytes");
            buffer.Write(chunk);
            return true;
        }, raw);
        return (buffer.ToArray(), outcome);
    }

    /// <summary>Serves the input in blocks, and its last <see cref="TailBytes"/> one byte per read.</summary>
    private sealed class TailFeed : Stream
    {
        private readonly IReadOnlyList<ReadOnlyMemory<byte>> _segments;
        private int _segment;
        private int _offset;

        public TailFeed(IReadOnlyList<ReadOnlyMemory<byte>> segments)
        {
            _segments = segments;
            foreach (var s in segments) Total += s.Length;
        }

        public long Total { get; }
        public long Served { get; private set; }
        public bool AskedPastEnd { get; private set; }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var remaining = Total - Served;
            if (remaining == 0)
            {
                AskedPastEnd = true;
                return 0;
            }
            if (buffer.IsEmpty) return 0;
            var want = remaining > TailBytes ? (int)Math.Min(buffer.Length, remaining - TailBytes) : 1;
            var written = 0;
            while (written < want)
            {
                var current = _segments[_segment].Span[_offset..];
                if (current.IsEmpty)
                {
                    _segment++;
                    _offset = 0;
                    continue;
                }
                var n = Math.Min(current.Length, want - written);
                current[..n].CopyTo(buffer[written..]);
                written += n;
                _offset += n;
            }
            Served += written;
            return written;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
