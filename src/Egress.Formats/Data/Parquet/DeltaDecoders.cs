using Egress.Formats.Content;

namespace Egress.Formats.Data.Parquet;

/// <summary>
/// The encodings Parquet v2 writers use besides PLAIN and dictionaries: DELTA_BINARY_PACKED (integers),
/// DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY (strings), BYTE_STREAM_SPLIT (floating point). A page's
/// values are decoded together; a page claiming more values than <see cref="MaxValues"/> (bit width 0
/// makes a billion values cost nothing to claim) is a limit, not an allocation.
/// </summary>
public static class DeltaDecoders
{
    public const int MaxValues = 1 << 24;

    /// <summary>DELTA_BINARY_PACKED: blocks of miniblocks of bit-packed deltas from a first value.</summary>
    public static long[] BinaryPacked(byte[] data, ref int at, int end)
    {
        var blockSize = VarInt(data, ref at, end);
        var miniblocks = VarInt(data, ref at, end);
        var total = VarInt(data, ref at, end);
        var first = ZigZag(VarInt(data, ref at, end));
        if (blockSize == 0 || blockSize % 128 != 0 || miniblocks == 0 || blockSize % miniblocks != 0 || blockSize / miniblocks % 32 != 0 || miniblocks > blockSize)
            throw new InvalidDataException("a malformed DELTA_BINARY_PACKED header");
        if (total > MaxValues) throw new InputLimitException($"a Parquet page of {total:N0} delta-encoded values");
        var values = new long[total];
        if (total == 0) return values;
        values[0] = first;
        var perMiniblock = (int)(blockSize / miniblocks);
        var widths = new byte[miniblocks];
        var n = 1;
        while (n < values.Length)
        {
            var minDelta = ZigZag(VarInt(data, ref at, end));
            if ((long)miniblocks > end - at) throw new InvalidDataException("DELTA_BINARY_PACKED bit widths past their page");
            Array.Copy(data, at, widths, 0, (int)miniblocks);
            at += (int)miniblocks;
            for (var m = 0; m < widths.Length && n < values.Length; m++)
            {
                var width = widths[m];
                if (width > 64) throw new InvalidDataException("a DELTA_BINARY_PACKED bit width above 64");
                var bytes = perMiniblock * width / 8;
                if (bytes > end - at) throw new InvalidDataException("DELTA_BINARY_PACKED values past their page");
                long bit = (long)at * 8;
                for (var i = 0; i < perMiniblock && n < values.Length; i++)
                {
                    ulong delta = 0;
                    for (var b = 0; b < width; b++, bit++)
                        if ((data[bit >> 3] >> (int)(bit & 7) & 1) != 0) delta |= 1UL << b;
                    values[n] = unchecked(values[n - 1] + minDelta + (long)delta);
                    n++;
                }
                at += bytes;
            }
        }
        return values;
    }

    /// <summary>DELTA_LENGTH_BYTE_ARRAY: the lengths delta-encoded, then the bytes one after another.</summary>
    public static List<(int Start, int Length)> LengthByteArray(byte[] data, ref int at, int end)
    {
        var lengths = BinaryPacked(data, ref at, end);
        var values = new List<(int, int)>(lengths.Length);
        foreach (var length in lengths)
        {
            if (length < 0 || length > end - at) throw new InvalidDataException("DELTA_LENGTH_BYTE_ARRAY values past their page");
            values.Add((at, (int)length));
            at += (int)length;
        }
        return values;
    }

    /// <summary>DELTA_BYTE_ARRAY: each value is a prefix of the one before and a suffix of its own.</summary>
    public static List<byte[]> ByteArray(byte[] data, ref int at, int end, long maxBytes)
    {
        var prefixes = BinaryPacked(data, ref at, end);
        var suffixes = LengthByteArray(data, ref at, end);
        if (prefixes.Length != suffixes.Count) throw new InvalidDataException("DELTA_BYTE_ARRAY prefixes and suffixes differ in number");
        var values = new List<byte[]>(prefixes.Length);
        var previous = Array.Empty<byte>();
        long total = 0;
        for (var i = 0; i < prefixes.Length; i++)
        {
            var prefix = prefixes[i];
            if (prefix < 0 || prefix > previous.Length) throw new InvalidDataException("a DELTA_BYTE_ARRAY prefix longer than the value before");
            var (start, length) = suffixes[i];
            var value = new byte[prefix + length];
            previous.AsSpan(0, (int)prefix).CopyTo(value);
            data.AsSpan(start, length).CopyTo(value.AsSpan((int)prefix));
            // Shared prefixes let a small page describe many large values: bounded like any expansion.
            total += value.Length;
            if (total > maxBytes) throw new InputLimitException("DELTA_BYTE_ARRAY values larger than a page may take in memory");
            values.Add(value);
            previous = value;
        }
        return values;
    }

    /// <summary>BYTE_STREAM_SPLIT: byte k of every value, then byte k+1 of every value…</summary>
    public static byte[][] StreamSplit(byte[] data, int at, int end, int width)
    {
        if (width <= 0) throw new InvalidDataException("BYTE_STREAM_SPLIT of a type without a width");
        var count = (end - at) / width;
        var values = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var value = new byte[width];
            for (var k = 0; k < width; k++) value[k] = data[at + k * count + i];
            values[i] = value;
        }
        return values;
    }

    private static ulong VarInt(byte[] data, ref int at, int end)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (at >= end) throw new InvalidDataException("delta-encoded data ends early");
            var b = data[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new InvalidDataException("a malformed varint in delta-encoded data");
    }

    private static long ZigZag(ulong n) => (long)(n >> 1) ^ -(long)(n & 1);
}
