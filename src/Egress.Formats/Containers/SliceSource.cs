using Egress.Formats.Content;

namespace Egress.Formats.Containers;

/// <summary>
/// A byte range of a seekable source, read in place: a tar entry, a zip entry stored without
/// compression, the bytes hidden between an archive's entries. When a context is given, every byte
/// read counts towards the expanded-bytes budget, so entries that overlap (a zip-bomb construction
/// that points many entries at the same data) cannot make the check read the same bytes forever.
/// </summary>
public sealed class SliceSource : ContentSource
{
    private readonly ContentSource _parent;
    private readonly long _offset;
    private readonly long _length;
    private readonly UnpackContext? _counted;

    public SliceSource(ContentSource parent, long offset, long length, UnpackContext? counted = null)
    {
        if (!parent.Seekable) throw new ArgumentException("a slice needs a seekable source", nameof(parent));
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _parent = parent;
        _offset = offset;
        _length = length;
        _counted = counted;
    }

    public override long? Length => _length;
    public override bool Seekable => true;

    public override Stream Open()
    {
        var inner = _parent.Open();
        try
        {
            inner.Seek(_offset, SeekOrigin.Begin);
            return new SliceStream(inner, _offset, _length, _counted);
        }
        catch
        {
            inner.Dispose();
            throw;
        }
    }

    /// <summary>A window on a seekable stream: reads stop at the window's end, seeks stay inside it.</summary>
    private sealed class SliceStream(Stream inner, long start, long length, UnpackContext? counted) : Stream
    {
        private long _position;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            counted?.ThrowIfCancelled();
            var want = (int)Math.Min(buffer.Length, length - _position);
            if (want <= 0) return 0;
            var n = inner.Read(buffer[..want]);
            // The range was checked against the source's length; running short means the source changed under us.
            if (n == 0) throw new EndOfStreamException($"the source ends {length - _position:N0} bytes before the end of this range");
            _position += n;
            counted?.CountExpanded(n);
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin)
        {
            var target = origin switch
            {
                SeekOrigin.Begin => offset,
                SeekOrigin.Current => _position + offset,
                _ => length + offset,
            };
            if (target < 0) throw new IOException("seek before the start of the range");
            _position = target;
            inner.Seek(start + target, SeekOrigin.Begin);
            return target;
        }

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => Seek(value, SeekOrigin.Begin); }
        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
