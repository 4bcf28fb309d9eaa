using System.Buffers.Binary;
using System.IO.Compression;
using Egress.Formats.Content;

namespace Egress.Formats.Data.Parquet;

/// <summary>
/// Reads one column chunk value by value: page headers, dictionary pages, data pages v1 and v2,
/// decompressed one page at a time (uncompressed, Snappy, gzip), levels and values decoded lazily
/// (PLAIN, PLAIN_DICTIONARY / RLE_DICTIONARY, RLE booleans; the delta encodings and BYTE_STREAM_SPLIT
/// a page at a time). Memory is one page and the dictionary.
/// </summary>
public sealed class ParquetColumnCursor : IDisposable
{
    public const int Uncompressed = 0, Snappy = 1, Gzip = 2;

    private readonly ParquetColumn _column;
    private readonly ParquetChunk _chunk;
    private readonly Stream _stream;
    private readonly UnpackContext _context;
    private long _left;
    private long _valuesRead;
    private string[]? _dictionary;

    private byte[] _page = [];
    private long _pageValuesLeft;
    private RleHybridDecoder? _definitions;
    private RleHybridDecoder? _repetitions;
    private int _encoding;
    private int _at;
    private int _end;
    private long _booleanBit;
    private RleHybridDecoder? _indices;

    public ParquetColumnCursor(ParquetColumn column, ParquetChunk chunk, Stream stream, UnpackContext context)
    {
        _column = column;
        _chunk = chunk;
        _stream = stream;
        _context = context;
        _left = chunk.Bytes;
    }

    /// <summary>The codecs this reader decompresses; others make the chunk unsupported.</summary>
    public static bool Decompresses(int codec) => codec is Uncompressed or Snappy or Gzip;

    public static string CodecName(int codec) => codec switch
    {
        0 => "uncompressed", 1 => "Snappy", 2 => "gzip", 3 => "LZO", 4 => "Brotli", 5 => "LZ4", 6 => "Zstandard", 7 => "LZ4 raw",
        _ => $"codec {codec}",
    };

    /// <summary>
    /// The next value: false when the chunk has no more. <paramref name="value"/> is null for a null;
    /// <paramref name="repetition"/> is 0 where a new row starts.
    /// </summary>
    public bool TryNext(out string? value, out int repetition)
    {
        value = null;
        repetition = 0;
        while (_pageValuesLeft == 0)
            if (!NextPage()) return false;
        _pageValuesLeft--;
        _valuesRead++;
        repetition = _repetitions?.Next() ?? 0;
        var definition = _definitions?.Next() ?? _column.MaxDefinition;
        if (definition > _column.MaxDefinition) throw new InvalidDataException("a Parquet definition level above the column's maximum");
        if (definition == _column.MaxDefinition) value = Value();
        return true;
    }

    private bool NextPage()
    {
        if (_valuesRead >= _chunk.Values) return false;
        if (_left <= 0) throw new InvalidDataException($"column {_column.Name} ends before its {_chunk.Values:N0} values");
        _context.ThrowIfCancelled();
        var thrift = new ThriftCompactReader(_stream, _left);
        var header = thrift.ReadStruct();
        _left -= thrift.Consumed;
        var type = header.Required(1, "a page type");
        var uncompressed = header.Required(2, "a page size");
        var compressed = header.Required(3, "a compressed page size");
        if (compressed < 0 || compressed > _left) throw new InvalidDataException("a Parquet page runs past its column chunk");
        if (uncompressed < 0 || uncompressed > Math.Min(_context.Limits.MaxInMemoryBytes, int.MaxValue - 64))
            throw new InputLimitException($"a Parquet page of {uncompressed:N0} bytes is more than a page may take in memory");
        var raw = new byte[compressed];
        _stream.ReadExactly(raw);
        _left -= compressed;
        switch (type)
        {
            case 2:
            {
                var dph = header.Struct(7) ?? throw new InvalidDataException("a dictionary page without its header");
                var data = Decompress(raw, 0, (int)uncompressed);
                var count = dph.Required(1, "a dictionary size");
                if (count < 0 || count > (long)data.Length * 8 + 8) throw new InvalidDataException("a dictionary larger than its page");
                _page = data;
                _at = 0;
                _end = data.Length;
                _booleanBit = 0;
                var dictionary = new string[count];
                for (var i = 0; i < count; i++)
                {
                    if ((i & 4095) == 0) _context.ThrowIfCancelled();
                    dictionary[i] = Plain();
                }
                _dictionary = dictionary;
                _page = [];
                return true;
            }
            case 0:
            {
                var dph = header.Struct(5) ?? throw new InvalidDataException("a data page without its header");
                var data = Decompress(raw, 0, (int)uncompressed);
                var at = 0;
                _repetitions = _column.MaxRepetition > 0 ? PrefixedLevels(data, ref at, _column.MaxRepetition) : null;
                _definitions = _column.MaxDefinition > 0 ? PrefixedLevels(data, ref at, _column.MaxDefinition) : null;
                StartValues(data, at, (int)dph.Required(2, "a page encoding"), dph.Required(1, "a page value count"));
                return true;
            }
            case 3:
            {
                var v2 = header.Struct(8) ?? throw new InvalidDataException("a data page v2 without its header");
                var repBytes = v2.Required(6, "repetition level bytes");
                var defBytes = v2.Required(5, "definition level bytes");
                if (repBytes < 0 || defBytes < 0 || repBytes + defBytes > raw.Length || repBytes + defBytes > uncompressed)
                    throw new InvalidDataException("Parquet levels larger than their page");
                var levels = (int)(repBytes + defBytes);
                // Levels are never compressed in v2 pages; the values after them may be.
                var values = v2.Bool(7) == false || raw.Length == levels
                    ? raw.AsSpan(levels).ToArray()
                    : Decompress(raw, levels, (int)(uncompressed - levels));
                var data = new byte[levels + values.Length];
                raw.AsSpan(0, levels).CopyTo(data);
                values.CopyTo(data, levels);
                _repetitions = _column.MaxRepetition > 0 ? new RleHybridDecoder(data, 0, (int)repBytes, RleHybridDecoder.BitWidth(_column.MaxRepetition)) : null;
                _definitions = _column.MaxDefinition > 0 ? new RleHybridDecoder(data, (int)repBytes, levels, RleHybridDecoder.BitWidth(_column.MaxDefinition)) : null;
                StartValues(data, levels, (int)v2.Required(4, "a page encoding"), v2.Required(1, "a page value count"));
                return true;
            }
            default:
                return true; // index pages and unknown page kinds hold no values
        }
    }

    private static RleHybridDecoder PrefixedLevels(byte[] data, ref int at, int max)
    {
        if (at + 4 > data.Length) throw new InvalidDataException("Parquet levels past their page");
        var length = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(at));
        if (length < 0 || at + 4 + length > data.Length) throw new InvalidDataException("Parquet levels past their page");
        var decoder = new RleHybridDecoder(data, at + 4, at + 4 + length, RleHybridDecoder.BitWidth(max));
        at += 4 + length;
        return decoder;
    }

    private void StartValues(byte[] data, int at, int encoding, long count)
    {
        if (count < 0) throw new InvalidDataException("a negative Parquet value count");
        _page = data;
        _at = at;
        _end = data.Length;
        _booleanBit = 0;
        _encoding = encoding;
        _pageValuesLeft = count;
        _indices = null;
        switch (encoding)
        {
            case 0:
                break;
            case 2 or 8:
                if (_dictionary is null) throw new InvalidDataException("dictionary-encoded values without a dictionary page");
                if (at >= data.Length)
                {
                    // A page of nulls only may hold no index bytes at all.
                    _indices = new RleHybridDecoder(data, at, at, 0);
                    break;
                }
                _indices = new RleHybridDecoder(data, at + 1, data.Length, data[at]);
                break;
            case 3 when _column.Type == PhysicalType.Boolean:
            {
                var i = at;
                _indices = PrefixedLevels(data, ref i, 1);
                break;
            }
            case 5 or 6 or 7 or 9:
                _decoded = DecodeAll(data, at, encoding);
                _decodedAt = 0;
                break;
            default:
                throw new NotSupportedException($"Parquet encoding {EncodingName(encoding)} in column {_column.Name} is not read here");
        }
    }

    private string[]? _decoded;
    private int _decodedAt;

    /// <summary>The v2 encodings: a page's values decoded together, as text.</summary>
    private string[] DecodeAll(byte[] data, int at, int encoding)
    {
        var end = data.Length;
        switch (encoding)
        {
            case 5 when _column.Type is PhysicalType.Int32 or PhysicalType.Int64:
            {
                var values = DeltaDecoders.BinaryPacked(data, ref at, end);
                var bytes = new byte[8];
                return values.Select(v =>
                {
                    BinaryPrimitives.WriteInt64LittleEndian(bytes, v);
                    return ParquetValueText.Render(_column, bytes);
                }).ToArray();
            }
            case 6 when _column.Type == PhysicalType.ByteArray:
                return DeltaDecoders.LengthByteArray(data, ref at, end).Select(v => ParquetValueText.Render(_column, data.AsSpan(v.Start, v.Length))).ToArray();
            case 7 when _column.Type is PhysicalType.ByteArray or PhysicalType.FixedLenByteArray:
                return DeltaDecoders.ByteArray(data, ref at, end, Math.Min(_context.Limits.MaxInMemoryBytes, int.MaxValue)).Select(v => ParquetValueText.Render(_column, v)).ToArray();
            case 9 when _column.Type is PhysicalType.Float or PhysicalType.Double or PhysicalType.Int32 or PhysicalType.Int64 or PhysicalType.FixedLenByteArray:
            {
                var width = _column.Type switch { PhysicalType.Float or PhysicalType.Int32 => 4, PhysicalType.Double or PhysicalType.Int64 => 8, _ => _column.TypeLength };
                return DeltaDecoders.StreamSplit(data, at, end, width).Select(v => ParquetValueText.Render(_column, v)).ToArray();
            }
            default:
                throw new InvalidDataException($"Parquet encoding {EncodingName(encoding)} is not valid for column {_column.Name} of type {_column.Type}");
        }
    }

    private static string EncodingName(int encoding) => encoding switch
    {
        3 => "RLE", 4 => "BIT_PACKED", 5 => "DELTA_BINARY_PACKED", 6 => "DELTA_LENGTH_BYTE_ARRAY", 7 => "DELTA_BYTE_ARRAY", 9 => "BYTE_STREAM_SPLIT",
        _ => encoding.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private string Value()
    {
        if (_encoding is 5 or 6 or 7 or 9)
            return _decodedAt < _decoded!.Length ? _decoded[_decodedAt++] : throw new InvalidDataException($"column {_column.Name} has fewer encoded values than its levels say");
        if (_encoding is 2 or 8)
        {
            var index = _indices!.Next();
            if ((uint)index >= (uint)_dictionary!.Length) throw new InvalidDataException("a dictionary index out of range");
            return _dictionary[index];
        }
        if (_encoding == 3) return _indices!.Next() != 0 ? "true" : "false";
        return Plain();
    }

    private string Plain()
    {
        var size = _column.Type switch
        {
            PhysicalType.Boolean => 0,
            PhysicalType.Int32 or PhysicalType.Float => 4,
            PhysicalType.Int64 or PhysicalType.Double => 8,
            PhysicalType.Int96 => 12,
            PhysicalType.FixedLenByteArray => _column.TypeLength,
            _ => -1,
        };
        if (size == 0)
        {
            var index = _at + (int)(_booleanBit >> 3);
            if (index >= _end) throw new InvalidDataException("Parquet values run past their page");
            var bit = (_page[index] >> (int)(_booleanBit & 7)) & 1;
            _booleanBit++;
            return bit != 0 ? "true" : "false";
        }
        if (size < 0)
        {
            if (_at + 4 > _end) throw new InvalidDataException("Parquet values run past their page");
            size = BinaryPrimitives.ReadInt32LittleEndian(_page.AsSpan(_at));
            _at += 4;
            if (size < 0) throw new InvalidDataException("a negative Parquet string length");
        }
        if (size > _end - _at) throw new InvalidDataException("Parquet values run past their page");
        var text = ParquetValueText.Render(_column, _page.AsSpan(_at, size));
        _at += size;
        return text;
    }

    private byte[] Decompress(byte[] raw, int offset, int uncompressed)
    {
        var input = raw.AsSpan(offset);
        switch (_chunk.Codec)
        {
            case Uncompressed:
                return input.ToArray();
            case Snappy:
            {
                // The stated length is checked before the decoder allocates it.
                var stated = SnappyLength(input);
                if (stated != uncompressed) throw new InvalidDataException("a Snappy page whose length differs from its header");
                _context.CountExpanded(uncompressed);
                try
                {
                    return IronSnappy.Snappy.Decode(input);
                }
                catch (Exception e) when (e is not InvalidDataException and not OutOfMemoryException)
                {
                    throw new InvalidDataException($"a damaged Snappy page ({e.Message})");
                }
            }
            case Gzip:
            {
                _context.CountExpanded(uncompressed);
                var output = new byte[uncompressed];
                using var gzip = new GZipStream(new MemoryStream(raw, offset, raw.Length - offset, writable: false), CompressionMode.Decompress);
                gzip.ReadExactly(output);
                return output;
            }
            default:
                throw new NotSupportedException($"column {_column.Name} is compressed with {CodecName(_chunk.Codec)}, which is not read here");
        }
    }

    private static long SnappyLength(ReadOnlySpan<byte> input)
    {
        long value = 0;
        for (int i = 0, shift = 0; i < input.Length && shift < 35; i++, shift += 7)
        {
            value |= (long)(input[i] & 0x7F) << shift;
            if ((input[i] & 0x80) == 0) return value;
        }
        throw new InvalidDataException("a damaged Snappy page");
    }

    public void Dispose() => _stream.Dispose();
}
