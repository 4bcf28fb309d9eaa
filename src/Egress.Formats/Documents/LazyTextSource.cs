using System.Text;
using Egress.Formats.Content;

namespace Egress.Formats.Documents;

/// <summary>
/// Text produced on demand by a generator each time it is opened (a JSON document's loose values
/// rendered as lines): streamed to the scanner, never held whole.
/// </summary>
internal sealed class LazyTextSource(Func<IEnumerable<string>> produce) : ContentSource
{
    public override long? Length => null;

    public override Stream Open() => new ChunkStream(produce().GetEnumerator());

    private sealed class ChunkStream(IEnumerator<string> chunks) : ReadOnlyStream
    {
        private byte[] _pending = [];
        private int _at;

        public override int Read(Span<byte> buffer)
        {
            while (_at == _pending.Length)
            {
                if (!chunks.MoveNext()) return 0;
                _pending = Encoding.UTF8.GetBytes(chunks.Current);
                _at = 0;
            }
            var n = Math.Min(buffer.Length, _pending.Length - _at);
            _pending.AsSpan(_at, n).CopyTo(buffer);
            _at += n;
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) chunks.Dispose();
            base.Dispose(disposing);
        }
    }
}
