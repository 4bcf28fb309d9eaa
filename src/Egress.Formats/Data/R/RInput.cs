using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Egress.Formats.Data.R;

/// <summary>
/// The primitives of R's serialization in one of its three encodings: XDR (big-endian binary, what
/// saveRDS and save write), native little-endian binary, and ASCII. Every length is checked against
/// what is left before anything is allocated.
/// </summary>
public abstract class RInput(ReadOnlyMemory<byte> data, int start)
{
    protected ReadOnlyMemory<byte> Data { get; } = data;
    protected int At { get; set; } = start;

    /// <summary>Bytes not yet read: no count of elements may need more than this.</summary>
    public long Remaining => Data.Length - At;

    public abstract int Int();
    public abstract double Double();
    public abstract byte[] Bytes(int length);
    /// <summary>A string of <paramref name="length"/> bytes as written (encoding decided by the caller).</summary>
    public abstract byte[] StringBytes(int length);
    /// <summary>The least bytes one element of this size takes in this encoding (bounds element counts).</summary>
    public abstract int MinimumBytes(int binarySize);

    /// <summary>Throws unless <paramref name="count"/> elements of at least <paramref name="each"/> bytes could still follow.</summary>
    public void Expect(long count, int each)
    {
        if (count < 0 || count > Remaining / Math.Max(1, MinimumBytes(each)))
            throw new InvalidDataException($"an R vector of {count:N0} elements is longer than what is left of the data");
    }

    public static RInput For(ReadOnlyMemory<byte> data, int start)
    {
        if (data.Length < start + 2) throw new EndOfStreamException();
        var span = data.Span;
        return (span[start], span[start + 1]) switch
        {
            ((byte)'X', (byte)'\n') => new XdrInput(data, start + 2, bigEndian: true),
            ((byte)'B', (byte)'\n') => new XdrInput(data, start + 2, bigEndian: false),
            ((byte)'A', (byte)'\n') => new AsciiInput(data, start + 2),
            _ => throw new InvalidDataException("not an R serialization (no X, A or B format mark)"),
        };
    }
}

/// <summary>Binary serialization: XDR (big-endian) or native (little-endian).</summary>
public sealed class XdrInput(ReadOnlyMemory<byte> data, int start, bool bigEndian) : RInput(data, start)
{
    public override int Int()
    {
        var b = Take(4);
        return bigEndian ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b);
    }

    public override double Double()
    {
        var b = Take(8);
        return bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b);
    }

    public override byte[] Bytes(int length) => Take(length).ToArray();
    public override byte[] StringBytes(int length) => Take(length).ToArray();
    public override int MinimumBytes(int binarySize) => binarySize;

    private ReadOnlySpan<byte> Take(int n)
    {
        if (n < 0 || n > Remaining) throw new EndOfStreamException();
        var span = Data.Span.Slice(At, n);
        At += n;
        return span;
    }
}

/// <summary>ASCII serialization: numbers as words ("NA", "NaN", "Inf" too), strings with C escapes.</summary>
public sealed class AsciiInput(ReadOnlyMemory<byte> data, int start) : RInput(data, start)
{
    public override int Int()
    {
        var word = Word();
        if (word == "NA") return int.MinValue;
        return int.TryParse(word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n : throw new InvalidDataException("a malformed integer in ASCII R data");
    }

    public override double Double() => Word() switch
    {
        "NA" => RVectors.NaReal,
        "NaN" => double.NaN,
        "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        var w => double.TryParse(w, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw new InvalidDataException("a malformed number in ASCII R data"),
    };

    public override byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
            bytes[i] = byte.TryParse(Word(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b) ? b : throw new InvalidDataException("a malformed byte in ASCII R data");
        return bytes;
    }

    public override byte[] StringBytes(int length)
    {
        var span = Data.Span;
        while (At < span.Length && IsSpace(span[At])) At++;
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            var c = Next(span);
            if (c != '\\')
            {
                bytes[i] = c;
                continue;
            }
            c = Next(span);
            switch (c)
            {
                case (byte)'n': bytes[i] = (byte)'\n'; break;
                case (byte)'t': bytes[i] = (byte)'\t'; break;
                case (byte)'v': bytes[i] = 11; break;
                case (byte)'b': bytes[i] = 8; break;
                case (byte)'r': bytes[i] = (byte)'\r'; break;
                case (byte)'f': bytes[i] = 12; break;
                case (byte)'a': bytes[i] = 7; break;
                case >= (byte)'0' and <= (byte)'7':
                {
                    var d = c - '0';
                    for (var j = 1; j < 3 && At < span.Length && span[At] is >= (byte)'0' and <= (byte)'7'; j++) d = d * 8 + (span[At++] - '0');
                    bytes[i] = (byte)d;
                    break;
                }
                default: bytes[i] = c; break;
            }
        }
        return bytes;
    }

    public override int MinimumBytes(int binarySize) => 2;

    private byte Next(ReadOnlySpan<byte> span) => At < span.Length ? span[At++] : throw new EndOfStreamException();

    private string Word()
    {
        var span = Data.Span;
        while (At < span.Length && IsSpace(span[At])) At++;
        var start = At;
        while (At < span.Length && !IsSpace(span[At]) && At - start < 64) At++;
        if (At == start) throw new EndOfStreamException();
        return Encoding.ASCII.GetString(span[start..At]);
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';
}
