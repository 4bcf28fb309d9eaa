using System.Buffers.Binary;

namespace Egress.Formats.Data.Parquet;

/// <summary>
/// Parquet's RLE/bit-packed hybrid encoding (definition and repetition levels, dictionary indices,
/// RLE booleans): runs of one repeated value and groups of 8 bit-packed values. Decoded lazily, so a
/// run that claims a billion values costs nothing until they are asked for.
/// </summary>
public sealed class RleHybridDecoder
{
    private readonly byte[] _data;
    private readonly int _end;
    private readonly int _width;
    private int _at;
    private long _runLeft;
    private int _runValue;
    private bool _packed;
    private long _packedBit;

    public RleHybridDecoder(byte[] data, int start, int end, int bitWidth)
    {
        if (bitWidth is < 0 or > 32) throw new InvalidDataException($"an RLE bit width of {bitWidth}");
        if (start < 0 || end > data.Length || start > end) throw new InvalidDataException("RLE data lies outside its page");
        _data = data;
        _at = start;
        _end = end;
        _width = bitWidth;
    }

    public int Next()
    {
        if (_width == 0) return 0;
        if (_runLeft == 0) StartRun();
        _runLeft--;
        if (!_packed) return _runValue;
        var value = 0L;
        for (var bit = 0; bit < _width; bit++, _packedBit++)
        {
            var index = (int)(_packedBit >> 3);
            if (index >= _end) throw new InvalidDataException("bit-packed values run past their page");
            if ((_data[index] >> (int)(_packedBit & 7) & 1) != 0) value |= 1L << bit;
        }
        return (int)value;
    }

    private void StartRun()
    {
        var header = VarInt();
        if ((header & 1) == 0)
        {
            _packed = false;
            _runLeft = (long)(header >> 1);
            if (_runLeft == 0) throw new InvalidDataException("an empty RLE run");
            var bytes = (_width + 7) / 8;
            if (_at + bytes > _end) throw new InvalidDataException("an RLE run past its page");
            Span<byte> value = stackalloc byte[4];
            value.Clear();
            _data.AsSpan(_at, bytes).CopyTo(value);
            _runValue = BinaryPrimitives.ReadInt32LittleEndian(value);
            _at += bytes;
        }
        else
        {
            var groups = (long)(header >> 1);
            if (groups == 0 || groups * _width > _end - _at) throw new InvalidDataException("bit-packed groups past their page");
            _packed = true;
            _runLeft = groups * 8;
            _packedBit = (long)_at * 8;
            _at += (int)(groups * _width);
        }
    }

    private ulong VarInt()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_at >= _end) throw new InvalidDataException("RLE data ends early");
            var b = _data[_at++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new InvalidDataException("a malformed varint in RLE data");
    }

    public static int BitWidth(int max) => max == 0 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)max);
}
