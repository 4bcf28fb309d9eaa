using System.Buffers.Binary;
using System.IO.Compression;

namespace Egress.Formats.Containers;

/// <summary>
/// gzip decompressed member by member, each held to its trailer. .NET's GZipStream ends quietly when
/// its input stops early, so a cut file would read as a shorter, complete one. Here every member's
/// deflate data is inflated on its own, its end found by its trailer (CRC-32 and length of what it
/// produced, 8 bytes that match nowhere else), and what follows must be another member, zero padding
/// or nothing. A cut, damage, bytes appended, or a BGZF file without its end-of-file block are
/// recorded in <see cref="GzipIntegrity"/>, which the reader reports after the content; the content
/// that could be read is read, so a leak in a damaged file is still found where it lies.
/// </summary>
public sealed class CheckedGzipStream : ReadOnlyStream
{
    /// <summary>Member headers (name, comment, extra field) larger than this in all are damage or an attack.</summary>
    private const int MaxHeaderBytes = 1 << 20;

    private readonly MemberInput _input;
    private readonly GzipIntegrity _integrity;
    private readonly Crc32 _crc = new();
    private DeflateStream? _member;
    private long _memberLength;
    private int _members;
    private long _headerBytes;
    private bool _bgzf;
    private bool _lastMemberEmpty;
    private bool _done;

    public CheckedGzipStream(Stream compressed, GzipIntegrity integrity)
    {
        _input = new MemberInput(compressed);
        _integrity = integrity;
    }

    /// <summary>FEXTRA set and a "BC" subfield first in the first member's extra field: BGZF (bgzip, BAM, tabix'd VCF).</summary>
    public static bool IsBgzf(ReadOnlySpan<byte> head) =>
        head.Length >= 16 && head[0] == 0x1f && head[1] == 0x8b && (head[3] & 0x04) != 0 && head[12] == (byte)'B' && head[13] == (byte)'C';

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        while (!_done)
        {
            if (_member is null && !StartMember()) break;
            var n = _member!.Read(buffer);
            if (n > 0)
            {
                _crc.Append(buffer[..n]);
                _memberLength += n;
                return n;
            }
            EndMember();
        }
        return 0;
    }

    /// <summary>Reads the next member's header; false at the end of the input.</summary>
    private bool StartMember()
    {
        Span<byte> fixedPart = stackalloc byte[10];
        var got = _input.ReadUpTo(fixedPart);
        if (got == 0 && _members > 0) return Finish(null);
        if (got < 10 || fixedPart[0] != 0x1f || fixedPart[1] != 0x8b)
        {
            if (_members > 0 && got > 0 && fixedPart[..got].IndexOfAnyExcept((byte)0) < 0 && _input.RestIsZero())
                return Finish(null); // zero padding after the last member (tape blocking) hides nothing
            return Finish(_members == 0 ? "the gzip header is cut short or damaged" : "bytes that are not gzip data follow the last gzip member");
        }
        var flags = fixedPart[3];
        if (fixedPart[2] != 8 || (flags & 0xE0) != 0)
        {
            if (_members == 0) throw new InvalidDataException("the gzip header is damaged (unknown method or flags)");
            return Finish("bytes that are not gzip data follow the last gzip member");
        }
        var member = _members++;
        if ((flags & 0x04) != 0) ReadExtra(member);
        if ((flags & 0x08) != 0) ReadZeroTerminated(null);
        if ((flags & 0x10) != 0) ReadZeroTerminated($"comment{(member == 0 ? "" : $"@{member}")}");
        if ((flags & 0x02) != 0) Skip(2);
        _input.ForgetWindow();
        _crc.Reset();
        _memberLength = 0;
        _member = new DeflateStream(_input, CompressionMode.Decompress, leaveOpen: true);
        return true;
    }

    /// <summary>The member's deflate data ended (or the input did): its trailer must follow, exactly.</summary>
    private void EndMember()
    {
        _member!.Dispose();
        _member = null;
        if (!_input.SeekTrailer(_crc.Value, (uint)_memberLength))
        {
            Finish(_input.AtEnd ? "the gzip data ends early: the file is cut inside a member" : "a gzip member does not end with the checksum and length of its content");
            return;
        }
        _lastMemberEmpty = _memberLength == 0;
    }

    private bool Finish(string? problem)
    {
        _done = true;
        if (problem is null && _bgzf && !_lastMemberEmpty)
            problem = "the BGZF (bgzip) file does not end with its end-of-file block: it is truncated";
        if (problem is not null) _integrity.Damaged(problem);
        return false;
    }

    private void ReadExtra(int member)
    {
        Span<byte> lengthBytes = stackalloc byte[2];
        Need(_input.ReadUpTo(lengthBytes) == 2);
        var extra = new byte[BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes)];
        Need(_input.ReadUpTo(extra) == extra.Length);
        Count(extra.Length);
        // Subfields: "BC" is BGZF's block size; any other subfield's bytes are content.
        var unknown = new List<byte>();
        var at = 0;
        while (at + 4 <= extra.Length)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(extra.AsSpan(at + 2));
            if (at + 4 + length > extra.Length) break;
            var isBgzf = extra[at] == 'B' && extra[at + 1] == 'C';
            if (isBgzf && member == 0 && at == 0) _bgzf = true;
            if (!isBgzf) unknown.AddRange(extra.AsSpan(at + 4, length));
            at += 4 + length;
        }
        unknown.AddRange(extra.AsSpan(at));
        if (unknown.Exists(b => b != 0)) _integrity.HeaderContent($"extra-field{(member == 0 ? "" : $"@{member}")}", [.. unknown]);
    }

    private void ReadZeroTerminated(string? keepAs)
    {
        var bytes = new List<byte>();
        Span<byte> one = stackalloc byte[1];
        while (true)
        {
            Need(_input.ReadUpTo(one) == 1);
            if (one[0] == 0) break;
            Count(1);
            bytes.Add(one[0]);
        }
        if (keepAs is not null && bytes.Count > 0) _integrity.HeaderContent(keepAs, [.. bytes]);
    }

    private void Skip(int count)
    {
        Span<byte> skipped = stackalloc byte[count];
        Need(_input.ReadUpTo(skipped) == count);
    }

    private void Count(int bytes)
    {
        _headerBytes += bytes;
        if (_headerBytes > MaxHeaderBytes) throw new InvalidDataException($"gzip member headers hold more than {MaxHeaderBytes:N0} bytes");
    }

    private static void Need(bool present)
    {
        if (!present) throw new EndOfStreamException("the gzip data ends inside a member header");
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _member?.Dispose();
            _input.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>
    /// The compressed input, handed out in bounded chunks with the last ones remembered, so that when
    /// a member's deflate data ends somewhere in what the inflater took, the trailer can be found in
    /// it and the bytes after it given back for the next member.
    /// </summary>
    private sealed class MemberInput(Stream inner) : ReadOnlyStream
    {
        private const int Chunk = 16 << 10;
        // The inflater stops within the last chunk it took (or the one before, when its end code straddled them).
        private const int Remembered = 2 * Chunk + 8;
        private readonly byte[] _window = new byte[Remembered + Chunk];
        private int _windowLength;
        private byte[] _pushback = [];
        private int _pushbackAt;
        private bool _innerEnded;

        public bool AtEnd => _innerEnded && _pushbackAt == _pushback.Length;

        public override int Read(Span<byte> buffer)
        {
            buffer = buffer[..Math.Min(buffer.Length, Chunk)];
            int n;
            if (_pushbackAt < _pushback.Length)
            {
                n = Math.Min(buffer.Length, _pushback.Length - _pushbackAt);
                _pushback.AsSpan(_pushbackAt, n).CopyTo(buffer);
                _pushbackAt += n;
            }
            else
            {
                n = inner.Read(buffer);
                if (n == 0) _innerEnded = true;
            }
            Remember(buffer[..n]);
            return n;
        }

        /// <summary>Fills as much of <paramref name="buffer"/> as the input has.</summary>
        public int ReadUpTo(Span<byte> buffer)
        {
            var filled = 0;
            while (filled < buffer.Length)
            {
                var n = Read(buffer[filled..]);
                if (n == 0) break;
                filled += n;
            }
            return filled;
        }

        public bool RestIsZero()
        {
            var chunk = new byte[Chunk];
            int n;
            while ((n = Read(chunk)) > 0)
                if (chunk.AsSpan(0, n).IndexOfAnyExcept((byte)0) >= 0) return false;
            return true;
        }

        /// <summary>Forgets what was handed out so far: the next trailer search starts with the member's deflate data.</summary>
        public void ForgetWindow() => _windowLength = 0;

        /// <summary>
        /// Finds where the trailer (CRC-32, length) sits in the remembered input, and gives back the
        /// bytes after it; false when it is nowhere. The 8 bytes can also match inside the data (an empty
        /// member's trailer is zeros), so a place followed by the input's end or another member's
        /// signature is preferred to one followed by a zero byte (padding, or a false match).
        /// </summary>
        public bool SeekTrailer(uint crc, uint length)
        {
            Span<byte> more = stackalloc byte[10];
            ReadUpTo(more);
            var bytes = _window.AsSpan(0, _windowLength);
            var fallback = -1;
            for (var at = 0; at + 8 <= bytes.Length; at++)
            {
                if (BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..]) != crc || BinaryPrimitives.ReadUInt32LittleEndian(bytes[(at + 4)..]) != length) continue;
                var after = bytes[(at + 8)..];
                if ((after.IsEmpty && AtEnd) || after.StartsWith((ReadOnlySpan<byte>)[0x1f, 0x8b])) return Found(at);
                if (fallback < 0 && !after.IsEmpty && after[0] == 0) fallback = at;
            }
            return fallback >= 0 && Found(fallback);
        }

        private bool Found(int at)
        {
            GiveBack(_window.AsSpan(at + 8, _windowLength - at - 8).ToArray());
            _windowLength = 0;
            return true;
        }

        private void GiveBack(byte[] bytes)
        {
            if (bytes.Length == 0) return;
            _pushback = [.. bytes, .. _pushback.AsSpan(_pushbackAt)];
            _pushbackAt = 0;
        }

        private void Remember(ReadOnlySpan<byte> read)
        {
            if (_windowLength + read.Length > _window.Length)
            {
                var keep = Math.Max(0, Remembered - read.Length);
                _window.AsSpan(_windowLength - keep, keep).CopyTo(_window);
                _windowLength = keep;
            }
            read.CopyTo(_window.AsSpan(_windowLength));
            _windowLength += read.Length;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
