using System.Buffers.Binary;
using System.Text;
using Egress.Formats.Content;

namespace Egress.Formats.Data;

/// <summary>
/// numpy .npy (magic <c>\x93NUMPY</c>, versions 1.0, 2.0 and 3.0): the header dict gives the element
/// type, the order and the shape. A 2-D array is a table (rows × columns, Fortran order read
/// column-major), a 1-D array one column, higher dimensions rows of the last axis; a structured
/// array is a table with its field names as header. Object arrays hold pickles: read by the pickle reader.
/// An .npz is a zip of .npy files and reaches this reader entry by entry.
/// </summary>
public sealed class NpyReader : IContentReader
{
    private const int MaxHeaderBytes = 1 << 20;
    /// <summary>Arrays wider than this are read as one column in file order rather than as rows of millions of cells.</summary>
    private const long MaxColumns = 1 << 16;

    public string Format => "npy";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) =>
        head.Length >= 6 && head[0] == 0x93 && head[1..6].SequenceEqual("NUMPY"u8);

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var header = ReadHeader(source);
        var layout = NpyLayout.From(header.Dict);
        if (layout.Unsupported is { } why)
        {
            yield return new Notice(path, NoticeKind.Unsupported, $"numpy array with {why}");
            yield break;
        }
        if (layout.HasObjects)
        {
            // An object array's data is a pickle of the array: read by the pickle reader (never unpickled).
            var whole = source.ReadAll(context);
            if (header.DataStart > whole.Length) throw new EndOfStreamException();
            yield return new EmbeddedFile(path + "#pickle", new MemorySource(whole[(int)header.DataStart..]));
            yield break;
        }
        var dataStart = header.DataStart;
        if (layout.Fields.Count == 1 && layout.Fields[0].Type is { Kind: 'f', Size: 4 or 8 } type)
        {
            // Bytes slipped in before the data (into the header's padding) shift every value: when the
            // array fits the file's end better, it is read from there and the slipped bytes are what is extra.
            if (source.Length is { } size && size - dataStart > layout.TotalBytes
                && PlausibleValues(source, size - layout.TotalBytes, type, type.BigEndian) > 2 * PlausibleValues(source, dataStart, type, type.BigEndian) + 4)
                dataStart = size - layout.TotalBytes;
            if (PlausibleValues(source, dataStart, type, !type.BigEndian) > 2 * PlausibleValues(source, dataStart, type, type.BigEndian) + 4)
                layout.Fields[0] = layout.Fields[0] with { Type = type with { BigEndian = !type.BigEndian } };
        }
        if (dataStart != header.DataStart)
            yield return new EmbeddedFile(path + "#before-array", new MemorySource(Slice(source, header.DataStart, (int)(dataStart - header.DataStart))));
        header = header with { DataStart = dataStart };
        var failure = new RowFailure(path, Format);
        yield return new TablePart(path, layout.Header, failure.Guard(Rows(source, header.DataStart, layout, context)));
        if (failure.Notice is { } notice) yield return notice;
        else if (source.Length is { } length && length > header.DataStart + layout.TotalBytes)
            yield return new EmbeddedFile(path + "#after-array",
                new DerivedSource(() => Skip(source.Open(), header.DataStart + layout.TotalBytes), length - header.DataStart - layout.TotalBytes, context));
    }

    /// <summary>
    /// A byte order flipped in the header (one bit: '&lt;' and '&gt;') turns data into noise that no longer
    /// matches anyone. When the declared order gives implausible numbers and the other order plausible
    /// ones, the data is read in the order that makes sense.
    /// </summary>
    private static int PlausibleValues(ContentSource source, long dataStart, NpyDtype type, bool bigEndian)
    {
        var sample = Slice(source, dataStart, 256 * type.Size);
        var plausible = 0;
        for (var at = 0; at + type.Size <= sample.Length; at += type.Size)
            if (Plausible(Value(sample.AsSpan(at, type.Size), bigEndian))) plausible++;
        return plausible;

        double Value(ReadOnlySpan<byte> b, bool bigEndian) => type.Size == 8
            ? bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b)
            : bigEndian ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b);

        static bool Plausible(double v) => v == 0 || double.IsFinite(v) && Math.Abs(v) is > 1e-12 and < 1e15;
    }

    /// <summary>Up to <paramref name="count"/> bytes of the source from <paramref name="offset"/>.</summary>
    private static byte[] Slice(ContentSource source, long offset, int count)
    {
        using var s = source.Open();
        var skip = new byte[4096];
        for (var left = offset; left > 0;)
        {
            var n = s.Read(skip, 0, (int)Math.Min(left, skip.Length));
            if (n == 0) return [];
            left -= n;
        }
        var bytes = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            var n = s.Read(bytes, filled, count - filled);
            if (n == 0) break;
            filled += n;
        }
        return filled == count ? bytes : bytes[..filled];
    }

    private sealed record NpyHeader(Dictionary<string, object?> Dict, long DataStart);

    private static NpyHeader ReadHeader(ContentSource source)
    {
        using var s = source.Open();
        var prefix = new byte[12];
        s.ReadExactly(prefix, 0, 10);
        var major = prefix[6];
        if (major is not (1 or 2 or 3)) throw new InvalidDataException($"numpy format version {major} is not known");
        long length;
        int lengthBytes;
        if (major == 1)
        {
            length = BinaryPrimitives.ReadUInt16LittleEndian(prefix.AsSpan(8));
            lengthBytes = 2;
        }
        else
        {
            s.ReadExactly(prefix, 10, 2);
            length = BinaryPrimitives.ReadUInt32LittleEndian(prefix.AsSpan(8));
            lengthBytes = 4;
        }
        if (length > MaxHeaderBytes) throw new InvalidDataException($"a numpy header of {length:N0} bytes is implausibly long");
        var text = new byte[length];
        s.ReadExactly(text);
        var literal = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(text).TrimEnd('\n', ' ', '\0');
        if (PythonLiteral.Parse(literal) is not Dictionary<string, object?> dict)
            throw new InvalidDataException("the numpy header is not a dict");
        return new NpyHeader(dict, 8 + lengthBytes + length);
    }

    private static IEnumerable<IReadOnlyList<string>> Rows(ContentSource source, long dataStart, NpyLayout layout, UnpackContext context)
    {
        if (layout.Rows == 0) yield break;
        if (layout.FortranColumns is { } strides)
        {
            // Column-major: a row's cells lie far apart, so the array is read whole (bounded by the in-memory cap).
            var all = source.ReadAll(context);
            if (all.Length < dataStart + layout.TotalBytes) throw new EndOfStreamException();
            var data = all[(int)dataStart..];
            for (long r = 0; r < layout.Rows; r++)
            {
                if ((r & 1023) == 0) context.ThrowIfCancelled();
                var cells = new string[layout.Columns];
                var baseIndex = strides.RowBase(r);
                for (var c = 0; c < cells.Length; c++)
                {
                    var at = (int)((baseIndex + c * strides.ColumnStride) * layout.ElementSize);
                    cells[c] = layout.Fields[0].Type.Format(data.Span.Slice(at, layout.ElementSize));
                }
                yield return cells;
            }
            yield break;
        }
        using var s = Skip(source.Open(), dataStart);
        var row = new byte[layout.RowBytes];
        for (long r = 0; r < layout.Rows; r++)
        {
            if ((r & 1023) == 0) context.ThrowIfCancelled();
            s.ReadExactly(row);
            yield return layout.Format(row);
        }
    }

    private static Stream Skip(Stream s, long count)
    {
        if (s.CanSeek)
        {
            s.Seek(count, SeekOrigin.Begin);
            return s;
        }
        var buffer = new byte[1 << 16];
        while (count > 0)
        {
            var r = s.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
            if (r == 0) throw new EndOfStreamException();
            count -= r;
        }
        return s;
    }

    /// <summary>How the array's bytes map to rows and cells.</summary>
    private sealed class NpyLayout
    {
        public List<(string Name, NpyDtype Type, int Offset, int Count)> Fields { get; } = [];
        public string? Unsupported { get; private init; }
        public bool HasObjects => Fields.Any(f => f.Type.IsObject);
        public IReadOnlyList<string>? Header { get; private set; }
        public long Rows { get; private set; }
        public int Columns { get; private set; }
        public int ElementSize { get; private set; }
        public int RowBytes { get; private set; }
        public long TotalBytes { get; private set; }
        public FortranStrides? FortranColumns { get; private set; }

        public string[] Format(ReadOnlySpan<byte> row)
        {
            var cells = new string[Columns];
            if (Fields.Count == 1 && Header is null)
            {
                var type = Fields[0].Type;
                for (var c = 0; c < cells.Length; c++) cells[c] = type.Format(row.Slice(c * ElementSize, ElementSize));
                return cells;
            }
            var at = 0;
            foreach (var (_, type, offset, count) in Fields)
                for (var k = 0; k < count; k++)
                    cells[at++] = type.Format(row.Slice(offset + k * type.Size, type.Size));
            return cells;
        }

        public static NpyLayout From(Dictionary<string, object?> header)
        {
            if (!header.TryGetValue("descr", out var descr) || !header.TryGetValue("shape", out var shapeValue) || shapeValue is not List<object?> shapeList)
                throw new InvalidDataException("the numpy header lacks descr or shape");
            var fortran = header.TryGetValue("fortran_order", out var f) && f is true;
            var shape = shapeList.Select(d => d is long n && n >= 0 ? n : throw new InvalidDataException("a numpy dimension is not a count")).ToArray();
            if (shape.Length > 32) throw new InvalidDataException("a numpy array with more than 32 dimensions");
            long count = 1;
            foreach (var d in shape) count = Multiply(count, d);
            var layout = new NpyLayout();
            if (descr is string simple)
            {
                var type = NpyDtype.Parse(simple);
                layout.Fields.Add(("", type, 0, 1));
                layout.ElementSize = type.Size;
                layout.TotalBytes = Multiply(count, type.Size);
                var columns = shape.Length >= 2 ? shape[^1] : 1;
                if (columns > MaxColumns || columns == 0) columns = 1;
                layout.Columns = (int)columns;
                layout.Rows = columns == 0 ? 0 : count / columns;
                layout.RowBytes = checked((int)Multiply(columns, type.Size));
                if (fortran && shape.Length >= 2 && layout.Columns > 1 && !type.IsObject) layout.FortranColumns = new FortranStrides(shape);
                return layout;
            }
            if (descr is not List<object?> fields) throw new InvalidDataException("the numpy descr is neither a type nor a list of fields");
            var names = new List<string>();
            var offset = 0;
            foreach (var field in fields)
            {
                if (field is not List<object?> { Count: >= 2 } parts || parts[1] is not string fieldType)
                    return new NpyLayout { Unsupported = "nested structured fields" };
                var name = parts[0] switch { string n => n, List<object?> { Count: 2 } titled when titled[1] is string n => n, _ => "" };
                var type = NpyDtype.Parse(fieldType);
                var repeat = 1L;
                if (parts.Count >= 3 && parts[2] is List<object?> sub)
                    foreach (var d in sub) repeat = Multiply(repeat, d is long n && n >= 0 ? n : throw new InvalidDataException("a field dimension is not a count"));
                if (repeat > MaxColumns) return new NpyLayout { Unsupported = "a field of more than 65,536 elements" };
                var size = checked((int)Multiply(repeat, type.Size));
                // Unnamed void fields are alignment padding.
                if (!(type.Kind == 'V' && name.Length == 0))
                {
                    layout.Fields.Add((name, type, offset, (int)repeat));
                    for (var k = 0; k < repeat; k++) names.Add(repeat == 1 ? name : $"{name}[{k}]");
                }
                offset = checked(offset + size);
            }
            if (names.Count > MaxColumns) return new NpyLayout { Unsupported = "more than 65,536 fields" };
            layout.Header = names;
            layout.Columns = names.Count;
            layout.RowBytes = offset;
            layout.ElementSize = offset;
            layout.Rows = count;
            layout.TotalBytes = Multiply(count, offset);
            return layout;
        }

        private static long Multiply(long a, long b)
        {
            try
            {
                return checked(a * b);
            }
            catch (OverflowException)
            {
                throw new InvalidDataException("the numpy shape is implausibly large");
            }
        }
    }

    /// <summary>Element positions of a Fortran-ordered (column-major) array: the first axis varies fastest.</summary>
    private sealed class FortranStrides
    {
        private readonly long[] _shape;
        private readonly long[] _stride;

        public FortranStrides(long[] shape)
        {
            _shape = shape;
            _stride = new long[shape.Length];
            long s = 1;
            for (var k = 0; k < shape.Length; k++)
            {
                _stride[k] = s;
                s *= Math.Max(1, shape[k]);
            }
        }

        public long ColumnStride => _stride[^1];

        /// <summary>The element index of row <paramref name="row"/>'s first cell; rows run over the leading axes in C order.</summary>
        public long RowBase(long row)
        {
            long index = 0;
            for (var k = _shape.Length - 2; k >= 0; k--)
            {
                index += row % _shape[k] * _stride[k];
                row /= _shape[k];
            }
            return index;
        }
    }
}
