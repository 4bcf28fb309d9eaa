using System.Buffers;

namespace Egress.Formats;

/// <summary>A run of whole rows read from a stream; the buffer is rented and goes back on Dispose.</summary>
public sealed class TextBlock : IDisposable
{
    public required byte[] Buffer { get; init; }
    public required int Length { get; init; }
    /// <summary>Sequence number of the block in the stream, from 0.</summary>
    public required int Index { get; init; }
    /// <summary>Offset of the block's first byte in the content.</summary>
    public required long Offset { get; init; }

    public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);

    public void Dispose() => ArrayPool<byte>.Shared.Return(Buffer);
}

/// <summary>
/// Cuts a stream into blocks that end on a row boundary (outside quotes when the content uses them),
/// so blocks can be parsed independently and in parallel. A single row longer than
/// <see cref="MaxRowBytes"/> is cut at a separator instead of being held whole.
/// </summary>
public sealed class BlockReader(Stream stream, bool quoteAware, int blockBytes = 4 << 20)
{
    public const int MaxRowBytes = 64 << 20;
    private byte[] _carry = [];
    private int _carryLength;
    private int _index;
    private long _offset;
    private bool _eof;

    /// <summary>True when every byte of the stream has been handed out in blocks.</summary>
    public bool AtEnd => _eof && _carryLength == 0;

    public TextBlock? Next()
    {
        if (_eof && _carryLength == 0) return null;
        var size = Math.Max(blockBytes, _carryLength * 2);
        while (true)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(size);
            _carry.AsSpan(0, _carryLength).CopyTo(buffer);
            var filled = _carryLength;
            while (!_eof && filled < buffer.Length)
            {
                var n = stream.Read(buffer, filled, buffer.Length - filled);
                if (n == 0) _eof = true;
                filled += n;
            }
            var cut = _eof ? filled : FindCut(buffer.AsSpan(0, filled));
            if (cut < 0 && buffer.Length < MaxRowBytes)
            {
                // No row boundary yet: keep what we have and read a bigger block.
                KeepCarry(buffer, 0, filled);
                ArrayPool<byte>.Shared.Return(buffer);
                size = buffer.Length * 2;
                continue;
            }
            if (cut < 0) cut = ForcedCut(buffer.AsSpan(0, filled));
            KeepCarry(buffer, cut, filled - cut);
            if (cut == 0 && _eof) { ArrayPool<byte>.Shared.Return(buffer); return null; }
            var block = new TextBlock { Buffer = buffer, Length = cut, Index = _index++, Offset = _offset };
            _offset += cut;
            return block;
        }
    }

    private void KeepCarry(byte[] source, int start, int length)
    {
        if (_carry.Length < length) _carry = new byte[Math.Max(length, 1 << 16)];
        Array.Copy(source, start, _carry, 0, length);
        _carryLength = length;
    }

    /// <summary>Just past the last newline that lies outside quotes, or -1.</summary>
    private int FindCut(ReadOnlySpan<byte> data)
    {
        var end = data.Length;
        while (true)
        {
            var nl = data[..end].LastIndexOf((byte)'\n');
            if (nl < 0) return -1;
            if (!quoteAware || data[..nl].Count((byte)'"') % 2 == 0) return nl + 1;
            end = nl;
        }
    }

    private static int ForcedCut(ReadOnlySpan<byte> data)
    {
        var at = data.LastIndexOfAny((byte)' ', (byte)',', (byte)'\t');
        return at > 0 ? at + 1 : data.Length;
    }
}
