using System.Buffers.Binary;
using System.IO.Compression;
using Egress.Formats.Content;

namespace Egress.Formats.Data.Spss;

/// <summary>
/// The cases of an SPSS system file as 8-byte elements, one array per case: stored as they are
/// (compression 0), bytecode-compressed (1: blocks of eight command bytes — a small integer plus the
/// bias, a raw element that follows, eight spaces, system-missing, end), or zlib blocks of bytecode
/// (2, .zsav, located by the trailer). Ending inside a case is damage.
/// </summary>
internal static class SavCases
{
    private static readonly byte[] Spaces = "        "u8.ToArray();

    public static IEnumerable<byte[][]> Read(ReadOnlyMemory<byte> data, SavDictionary d, UnpackContext context)
    {
        var elements = d.CaseElements;
        if (elements == 0) yield break;
        var stream = d.Compression switch
        {
            0 => data[d.DataStart..],
            1 => data[d.DataStart..],
            _ => Inflate(data, d, context),
        };
        IEnumerable<byte[]> values = d.Compression == 0 ? Raw(stream) : Bytecode(stream, d);
        var row = new byte[elements][];
        var filled = 0;
        long cases = 0;
        foreach (var v in values)
        {
            row[filled++] = v;
            if (filled < elements) continue;
            if ((++cases & 1023) == 0) context.ThrowIfCancelled();
            // The last case is checked before it is handed on: a file cut after it is still reported.
            if (d.Cases >= 0 && cases == d.Cases) CheckEnd(stream, d, cases);
            yield return row;
            row = new byte[elements][];
            filled = 0;
            if (d.Cases >= 0 && cases == d.Cases) yield break;
        }
        if (filled > 0 || d.Cases >= 0 && cases < d.Cases) throw new EndOfStreamException();
        CheckEnd(stream, d, cases);
    }

    /// <summary>
    /// The data is whole 8-byte units (command blocks or elements); uncompressed, it holds exactly the cases
    /// counted: a file cut short or with bytes after its last case is never taken as complete.
    /// </summary>
    private static void CheckEnd(ReadOnlyMemory<byte> stream, SavDictionary d, long cases)
    {
        if (stream.Length % 8 != 0) throw new EndOfStreamException();
        if (d.Compression == 0 && stream.Length != cases * d.CaseElements * 8L)
            throw new InvalidDataException("bytes after the last SPSS case");
    }

    private static IEnumerable<byte[]> Raw(ReadOnlyMemory<byte> data)
    {
        for (var at = 0; at + 8 <= data.Length; at += 8) yield return data.Slice(at, 8).ToArray();
        if (data.Length % 8 != 0) throw new EndOfStreamException();
    }

    private static IEnumerable<byte[]> Bytecode(ReadOnlyMemory<byte> data, SavDictionary d)
    {
        var at = 0;
        while (at + 8 <= data.Length)
        {
            var commands = data.Slice(at, 8).ToArray();
            at += 8;
            foreach (var c in commands)
            {
                switch (c)
                {
                    case 0: break;
                    case 252: yield break;
                    case 253:
                        if (at + 8 > data.Length) throw new EndOfStreamException();
                        yield return data.Slice(at, 8).ToArray();
                        at += 8;
                        break;
                    case 254: yield return Spaces; break;
                    case 255: yield return Number(-double.MaxValue, d.BigEndian); break;
                    default: yield return Number(c - d.Bias, d.BigEndian); break;
                }
            }
        }
    }

    private static byte[] Number(double v, bool bigEndian)
    {
        var b = new byte[8];
        if (bigEndian) BinaryPrimitives.WriteDoubleBigEndian(b, v);
        else BinaryPrimitives.WriteDoubleLittleEndian(b, v);
        return b;
    }

    /// <summary>.zsav: the trailer lists each zlib block's place and sizes; the blocks inflate to one bytecode stream.</summary>
    private static ReadOnlyMemory<byte> Inflate(ReadOnlyMemory<byte> data, SavDictionary d, UnpackContext context)
    {
        var header = data.Span[(d.DataStart - 24)..];
        var trailerAt = I64(header[8..], d.BigEndian);
        var trailerLength = I64(header[16..], d.BigEndian);
        if (trailerAt < d.DataStart || trailerLength < 24 || trailerAt + trailerLength > data.Length) throw new EndOfStreamException();
        var trailer = data.Span.Slice((int)trailerAt, (int)trailerLength);
        var blocks = d.BigEndian ? BinaryPrimitives.ReadInt32BigEndian(trailer[20..]) : BinaryPrimitives.ReadInt32LittleEndian(trailer[20..]);
        if (blocks < 0 || 24 + 24L * blocks > trailer.Length) throw new InvalidDataException("an SPSS zlib trailer listing more blocks than it holds");
        using var output = new MemoryStream();
        var chunk = new byte[1 << 16];
        for (var i = 0; i < blocks; i++)
        {
            var entry = trailer[(24 + 24 * i)..];
            var at = I64(entry[8..], d.BigEndian);
            var size = d.BigEndian ? BinaryPrimitives.ReadInt32BigEndian(entry[20..]) : BinaryPrimitives.ReadInt32LittleEndian(entry[20..]);
            if (at < d.DataStart || size < 0 || at + size > trailerAt) throw new InvalidDataException("an SPSS zlib block outside the data");
            using var z = context.CountExpansion(new ZLibStream(new MemoryStream(data.Slice((int)at, size).ToArray()), CompressionMode.Decompress));
            int n;
            while ((n = z.Read(chunk)) > 0)
            {
                if (output.Length + n > context.Limits.MaxInMemoryBytes)
                    throw new InputLimitException($"SPSS data inflating past the {context.Limits.MaxInMemoryBytes:N0} bytes a part may take in memory");
                output.Write(chunk, 0, n);
            }
        }
        return output.GetBuffer().AsMemory(0, (int)output.Length);
    }

    private static long I64(ReadOnlySpan<byte> b, bool bigEndian) => bigEndian ? BinaryPrimitives.ReadInt64BigEndian(b) : BinaryPrimitives.ReadInt64LittleEndian(b);
}
