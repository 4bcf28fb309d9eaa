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
/// it (invisible to every decoder) are found. The framework's inflater reads its input in blocks, so
/// where it stopped is known only to a block: when the stream's Adler-32 (which the inflater checks)
/// stands at the very end of the input and nowhere earlier in the last block, nothing follows it.
/// Otherwise the input is inflated again with its last <see cref="TailBytes"/> handed over one byte at
/// a time, so that once the inflater stops asking, everything it did not take is trailing.
/// Output counts towards the check's expansion budget.
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
        var (outcome, feed, adler) = Run(input, context, sink, raw, byteTail: raw);
        if (outcome.Error is not null || outcome.StoppedEarly || !outcome.Ended) return outcome;
        if (!raw && feed.Served == feed.Total && ChecksumOnlyAtEnd(feed, adler)) return outcome;
        // Something may follow the stream's end: find exactly where it ends.
        var (exact, _, _) = Run(input, context, _ => true, raw, byteTail: true);
        return outcome with { TrailingBytes = exact.TrailingBytes };
    }

    private static (InflateOutcome Outcome, TailFeed Feed, uint Adler) Run(IReadOnlyList<ReadOnlyMemory<byte>> input, UnpackContext context,
        Func<ReadOnlySpan<byte>, bool> sink, bool raw, bool byteTail)
    {
        var feed = new TailFeed(input, byteTail);
        var adler = new Adler32();
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
                if (!raw && !byteTail) adler.Update(buffer.AsSpan(0, n));
                if (!sink(buffer.AsSpan(0, n))) return (new InflateOutcome(output, false, 0, null, StoppedEarly: true), feed, adler.Value);
            }
        }
        catch (InvalidDataException e)
        {
            return (new InflateOutcome(output, false, feed.Total - feed.Served, $"the compressed data is damaged ({e.Message})", false), feed, adler.Value);
        }
        // Asked for more input after all of it: the stream was cut before its end.
        return (new InflateOutcome(output, !feed.AskedPastEnd, feed.Total - feed.Served, null, false), feed, adler.Value);
    }

    /// <summary>The checksum's four bytes end the input, and do not occur earlier in the last block the inflater took.</summary>
    private static bool ChecksumOnlyAtEnd(TailFeed feed, uint adler)
    {
        Span<byte> expected = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(expected, adler);
        var window = feed.LastBlock(4);
        if (window.Length < 4 || !window.AsSpan(window.Length - 4).SequenceEqual(expected)) return false;
        return window.AsSpan().IndexOf(expected) == window.Length - 4;
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

    /// <summary>Serves the input in blocks (with <c>byteTail</c>, its last <see cref="TailBytes"/> one byte per read).</summary>
    private sealed class TailFeed : ReadOnlyStream
    {
        private readonly IReadOnlyList<ReadOnlyMemory<byte>> _segments;
        private readonly bool _byteTail;
        private int _segment;
        private int _offset;
        private int _lastRead;

        public TailFeed(IReadOnlyList<ReadOnlyMemory<byte>> segments, bool byteTail)
        {
            _segments = segments;
            _byteTail = byteTail;
            foreach (var s in segments) Total += s.Length;
        }

        /// <summary>The bytes of the last read plus <paramref name="before"/> bytes ahead of it.</summary>
        public byte[] LastBlock(int before)
        {
            var length = (int)Math.Min(Served, _lastRead + before);
            var block = new byte[length];
            var skip = Served - length;
            var at = 0;
            foreach (var s in _segments)
            {
                if (skip >= s.Length)
                {
                    skip -= s.Length;
                    continue;
                }
                var take = (int)Math.Min(s.Length - skip, length - at);
                s.Span.Slice((int)skip, take).CopyTo(block.AsSpan(at));
                at += take;
                skip = 0;
                if (at == length) break;
            }
            return block;
        }

        public long Total { get; }
        public long Served { get; private set; }
        public bool AskedPastEnd { get; private set; }

        public override int Read(Span<byte> buffer)
        {
            var remaining = Total - Served;
            if (remaining == 0)
            {
                AskedPastEnd = true;
                return 0;
            }
            if (buffer.IsEmpty) return 0;
            var want = !_byteTail ? (int)Math.Min(buffer.Length, remaining)
                : remaining > TailBytes ? (int)Math.Min(buffer.Length, remaining - TailBytes) : 1;
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
            _lastRead = written;
            return written;
        }
    }
}

/// <summary>Adler-32, as zlib's trailer holds it.</summary>
internal struct Adler32()
{
    private uint _a = 1, _b;

    public readonly uint Value => (_b << 16) | _a;

    public void Update(ReadOnlySpan<byte> data)
    {
        const uint Mod = 65521;
        while (!data.IsEmpty)
        {
            // 5552 bytes is the most that can be summed before the 32-bit sums could overflow.
            var n = Math.Min(data.Length, 5552);
            uint a = _a, b = _b;
            foreach (var x in data[..n])
            {
                a += x;
                b += a;
            }
            _a = a % Mod;
            _b = b % Mod;
            data = data[n..];
        }
    }
}
