using System.Buffers.Binary;

namespace Egress.Formats.Compression;

/// <summary>
/// Decodes LZ4 frames (magic 0x184D2204; several frames one after the other) into a buffer of a known
/// size: compressed and stored blocks, linked or independent, optional block and content checksums
/// skipped (not verified). Every length and match offset is checked; output past the expected size is damage.
/// </summary>
public static class Lz4Frame
{
    private const uint Magic = 0x184D2204;

    public static byte[] Decode(ReadOnlySpan<byte> input, int expected)
    {
        var output = new byte[expected];
        var written = 0;
        var at = 0;
        while (at < input.Length)
        {
            if (input.Length - at < 7 || BinaryPrimitives.ReadUInt32LittleEndian(input[at..]) != Magic) throw new InvalidDataException("not an LZ4 frame");
            var flags = input[at + 4];
            if (flags >> 6 != 1) throw new InvalidDataException("an LZ4 frame of an unknown version");
            at += 6 + ((flags & 0x08) != 0 ? 8 : 0) + ((flags & 0x01) != 0 ? 4 : 0) + 1;
            var blockChecksum = (flags & 0x10) != 0;
            while (true)
            {
                if (at + 4 > input.Length) throw new EndOfStreamException();
                var size = BinaryPrimitives.ReadUInt32LittleEndian(input[at..]);
                at += 4;
                if (size == 0) break;
                var stored = (size & 0x80000000) != 0;
                var length = (int)(size & 0x7FFFFFFF);
                if (length > input.Length - at) throw new EndOfStreamException();
                var block = input.Slice(at, length);
                at += length + (blockChecksum ? 4 : 0);
                if (stored)
                {
                    if (length > expected - written) throw new InvalidDataException("LZ4 data longer than announced");
                    block.CopyTo(output.AsSpan(written));
                    written += length;
                }
                else written = Block(block, output, written);
            }
            if ((flags & 0x04) != 0) at += 4;
            if (at > input.Length) throw new EndOfStreamException();
        }
        if (written != expected) throw new InvalidDataException("LZ4 data shorter than announced");
        return output;
    }

    /// <summary>One compressed block: sequences of literals then a match (offset back into the output, length ≥ 4).</summary>
    private static int Block(ReadOnlySpan<byte> b, byte[] output, int written)
    {
        var at = 0;
        while (true)
        {
            if (at >= b.Length) throw new EndOfStreamException();
            var token = b[at++];
            var literals = Length(b, ref at, token >> 4);
            if (literals > b.Length - at || literals > output.Length - written) throw new InvalidDataException("an LZ4 literal run past its block or output");
            b.Slice(at, literals).CopyTo(output.AsSpan(written));
            at += literals;
            written += literals;
            if (at == b.Length) return written;
            if (at + 2 > b.Length) throw new EndOfStreamException();
            var offset = BinaryPrimitives.ReadUInt16LittleEndian(b[at..]);
            at += 2;
            var match = Length(b, ref at, token & 0x0F) + 4;
            if (offset == 0 || offset > written) throw new InvalidDataException("an LZ4 match before the start of its output");
            if (match > output.Length - written) throw new InvalidDataException("LZ4 data longer than announced");
            // Byte by byte: a match may overlap the bytes it is producing.
            for (var i = 0; i < match; i++) output[written + i] = output[written - offset + i];
            written += match;
        }
    }

    private static int Length(ReadOnlySpan<byte> b, ref int at, int nibble)
    {
        long length = nibble;
        if (nibble == 15)
        {
            byte more;
            do
            {
                if (at >= b.Length) throw new EndOfStreamException();
                more = b[at++];
                length += more;
                if (length > int.MaxValue / 2) throw new InvalidDataException("an LZ4 length too large");
            }
            while (more == 255);
        }
        return (int)length;
    }
}
