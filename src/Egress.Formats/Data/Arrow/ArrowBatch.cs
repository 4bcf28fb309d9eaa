using System.Buffers.Binary;

namespace Egress.Formats.Data.Arrow;

/// <summary>
/// A RecordBatch (or a DictionaryBatch's data) laid over its body: field nodes and buffers are taken in
/// the schema's depth-first order, each buffer checked to lie in the body. Compressed bodies (LZ4, ZSTD)
/// and the layouts not read here (unions, views, run-end encoding) are unsupported.
/// </summary>
internal sealed class ArrowBatch
{
    private readonly ReadOnlyMemory<byte> _body;
    private readonly ReadOnlyMemory<byte> _nodes;
    private readonly int _nodeCount;
    private readonly ReadOnlyMemory<byte> _buffers;
    private readonly int _bufferCount;
    private readonly IReadOnlyDictionary<long, ArrowArray> _dictionaries;
    private int _node, _buffer;
    /// <summary>Buffers are LZ4 frames, each after its 8-byte uncompressed length (−1: stored as it is).</summary>
    private readonly bool _lz4;
    private readonly Content.UnpackContext _context;

    public long Length { get; }

    public ArrowBatch(FlatBuffer batch, ReadOnlyMemory<byte> body, IReadOnlyDictionary<long, ArrowArray> dictionaries, Content.UnpackContext context)
    {
        _context = context;
        if (batch.Table(3) is { } compression)
        {
            if (compression.Byte(0) != 0) throw new NotSupportedException("Arrow buffers compressed with Zstandard are not read here");
            _lz4 = true;
        }
        Length = batch.Long(0);
        if (Length < 0) throw new InvalidDataException("a negative Arrow batch length");
        _body = body;
        _nodes = batch.Structs(1, 16, out _nodeCount);
        _buffers = batch.Structs(2, 16, out _bufferCount);
        _dictionaries = dictionaries;
    }

    public List<ArrowArray> Arrays(IEnumerable<ArrowField> fields) => fields.Select(Array).ToList();

    private ArrowArray Array(ArrowField f)
    {
        if (_node >= _nodeCount) throw new InvalidDataException("an Arrow batch with fewer field nodes than its schema has fields");
        var length = BinaryPrimitives.ReadInt64LittleEndian(_nodes.Span[(16 * _node++)..]);
        if (length < 0) throw new InvalidDataException("a negative Arrow array length");
        ArrowArray? dictionary = null;
        if (f.DictionaryId is { } id)
        {
            if (!_dictionaries.TryGetValue(id, out dictionary)) throw new InvalidDataException($"an Arrow column uses dictionary {id}, which comes nowhere before it");
            return new ArrowArray { Field = f, Length = length, Validity = Buffer(), Values = Buffer(), Dictionary = dictionary };
        }
        switch (f.Type)
        {
            case ArrowType.Null:
                return new ArrowArray { Field = f, Length = length };
            case ArrowType.Int or ArrowType.FloatingPoint or ArrowType.Bool or ArrowType.Decimal or ArrowType.Date or ArrowType.Time
                or ArrowType.Timestamp or ArrowType.Interval or ArrowType.FixedSizeBinary or ArrowType.Duration:
                return new ArrowArray { Field = f, Length = length, Validity = Buffer(), Values = Buffer() };
            case ArrowType.Binary or ArrowType.Utf8 or ArrowType.LargeBinary or ArrowType.LargeUtf8:
                return new ArrowArray { Field = f, Length = length, Validity = Buffer(), Offsets = Buffer(), Data = Buffer() };
            case ArrowType.List or ArrowType.LargeList or ArrowType.Map:
            {
                var validity = Buffer();
                var offsets = Buffer();
                return new ArrowArray { Field = f, Length = length, Validity = validity, Offsets = offsets, Children = Arrays(f.Children) };
            }
            case ArrowType.FixedSizeList or ArrowType.Struct:
            {
                var validity = Buffer();
                return new ArrowArray { Field = f, Length = length, Validity = validity, Children = Arrays(f.Children) };
            }
            default:
                throw new NotSupportedException($"Arrow {f.Type} columns are not read here");
        }
    }

    private ReadOnlyMemory<byte> Buffer()
    {
        if (_buffer >= _bufferCount) throw new InvalidDataException("an Arrow batch with fewer buffers than its columns need");
        var span = _buffers.Span[(16 * _buffer++)..];
        var offset = BinaryPrimitives.ReadInt64LittleEndian(span);
        var length = BinaryPrimitives.ReadInt64LittleEndian(span[8..]);
        if (offset < 0 || length < 0 || offset > _body.Length || length > _body.Length - offset)
            throw new InvalidDataException("an Arrow buffer outside its batch's body");
        var stored = _body.Slice((int)offset, (int)length);
        if (!_lz4 || length == 0) return stored;
        if (length < 8) throw new InvalidDataException("an LZ4-compressed Arrow buffer without its length");
        var plain = BinaryPrimitives.ReadInt64LittleEndian(stored.Span);
        if (plain == -1) return stored[8..];
        if (plain < 0 || plain > _context.Limits.MaxInMemoryBytes) throw new InputLimitException("an Arrow buffer decompressing past the in-memory cap");
        _context.CountExpanded(plain);
        return Compression.Lz4Frame.Decode(stored.Span[8..], (int)plain);
    }
}
