using System.Buffers.Binary;
using System.IO.Compression;

namespace Egress.Formats.Containers;

/// <summary>
/// gzip decompressed and held to its trailer. .NET's GZipStream ends quietly when its input stops
/// early, so a truncated file would read as a shorter, complete one; here the end of the content is
/// checked: the trailer's size (ISIZE, the length modulo 2^32) must match what was produced, or, for
/// BGZF (bgzip, many gzip members), the file must end with BGZF's end-of-file block. A mismatch is
/// damage. Limitation: plain gzip files concatenated (not BGZF) fail the check and are reported damaged.
/// </summary>
public sealed class CheckedGzipStream : Stream
{
    /// <summary>The empty block every complete BGZF file ends with (SAM/BAM specification, 4.1.2).</summary>
    private static readonly byte[] BgzfEnd =
        [0x1f, 0x8b, 0x08, 0x04, 0, 0, 0, 0, 0, 0xff, 0x06, 0, 0x42, 0x43, 0x02, 0, 0x1b, 0, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private readonly TailTap _input;
    private readonly GZipStream _gzip;
    private readonly bool _bgzf;
    private long _produced;
    private bool _checked;

    public CheckedGzipStream(Stream compressed, ReadOnlySpan<byte> head)
    {
        _input = new TailTap(compressed, BgzfEnd.Length);
        _gzip = new GZipStream(_input, CompressionMode.Decompress);
        _bgzf = IsBgzf(head);
    }

    /// <summary>FEXTRA set and a "BC" subfield in the first member's extra field.</summary>
    public static bool IsBgzf(ReadOnlySpan<byte> head) =>
        head.Length >= 16 && head[0] == 0x1f && head[1] == 0x8b && (head[3] & 0x04) != 0 && head[12] == (byte)'B' && head[13] == (byte)'C';

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        var n = _gzip.Read(buffer);
        if (n > 0)
        {
            _produced += n;
            return n;
        }
        if (!_checked)
        {
            _checked = true;
            CheckEnd();
        }
        return 0;
    }

    private void CheckEnd()
    {
        // Whatever the decompressor left unread is content after the gzip data: damage, or something hidden.
        _input.Drain();
        var tail = _input.Tail;
        if (_bgzf)
        {
            if (!tail.SequenceEqual(BgzfEnd))
                throw new InvalidDataException("the BGZF (bgzip) file does not end with its end-of-file block: it is truncated or has bytes appended");
            return;
        }
        if (tail.Length < 8 || BinaryPrimitives.ReadUInt32LittleEndian(tail[^4..]) != (uint)_produced)
            throw new InvalidDataException("the gzip data ends early or is damaged (the size in its trailer does not match its content)");
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

    protected override void Dispose(bool disposing)
    {
        if (disposing) _gzip.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>Passes reads through and keeps the last bytes read, to check the trailer once the input ends.</summary>
    private sealed class TailTap(Stream inner, int keep) : Stream
    {
        private readonly byte[] _tail = new byte[keep];
        private int _filled;

        public ReadOnlySpan<byte> Tail => _tail.AsSpan(keep - _filled);

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            Remember(buffer[..n]);
            return n;
        }

        public void Drain()
        {
            var chunk = new byte[1 << 16];
            while (Read(chunk) > 0) { }
        }

        private void Remember(ReadOnlySpan<byte> read)
        {
            if (read.Length >= keep)
            {
                read[^keep..].CopyTo(_tail);
                _filled = keep;
                return;
            }
            // Shift the kept bytes left and append the new ones at the end.
            _tail.AsSpan(read.Length).CopyTo(_tail);
            read.CopyTo(_tail.AsSpan(keep - read.Length));
            _filled = Math.Min(keep, _filled + read.Length);
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

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
