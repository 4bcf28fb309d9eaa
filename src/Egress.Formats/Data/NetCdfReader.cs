using System.Text;
using Egress.Formats.Content;
using Egress.Formats.Data.NetCdf;

namespace Egress.Formats.Data;

/// <summary>
/// Classic netCDF (<c>CDF\x01</c>, <c>\x02</c>, <c>\x05</c>): variables along the same first dimension
/// (one-dimensional numbers, character variables as strings) become one table named by that dimension
/// (<c>obs.nc#obs</c>), record variables read record by record; any other variable is a table of its
/// own (rows of its last axis); scalars and attributes are text. Fill values are empty cells.
/// netCDF-4 files are HDF5 (<see cref="Hdf5Reader"/>). The file is read whole (bounded by the in-memory cap).
/// </summary>
public sealed class NetCdfReader : IContentReader
{
    public string Format => "netCDF";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) =>
        head.Length >= 32 && head.StartsWith("CDF"u8) && head[3] is 1 or 2 or 5;

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var data = source.ReadAll(context);
        var h = NetCdfHeader.Read(data);
        var layout = new Layout(h, data.Length);
        var text = new StringBuilder(h.Attributes.ToString());
        var columns = h.Vars.Where(v => IsColumn(h, v)).GroupBy(v => v.Dims[0]);
        foreach (var group in columns)
        {
            var dim = h.Dims[group.Key];
            var where = $"{path}#{dim.Name}";
            var vars = group.ToList();
            var failure = new RowFailure(where, Format);
            yield return new TablePart(where, vars.Select(v => v.Name).ToList(), failure.Guard(ColumnRows(data, layout, vars, layout.Length(group.Key), context)));
            if (failure.Notice is { } notice) yield return notice;
        }
        foreach (var v in h.Vars.Where(v => !IsColumn(h, v)))
        {
            var shape = v.Dims.Select(layout.Length).ToArray();
            var count = shape.Aggregate(1L, (a, b) => b == 0 ? 0 : Math.Min(a * b, long.MaxValue / 2));
            if (v.Dims.Length == 0 || v.Type == 2 && v.Dims.Length == 1)
            {
                text.Append(v.Name).Append(": ").Append(Cell(data, layout, v, 0, v.Type == 2 ? count : 1)).Append('\n');
                continue;
            }
            var where = $"{path}#{v.Name}";
            var failure = new RowFailure(where, Format);
            yield return new TablePart(where, null, failure.Guard(ArrayRows(data, layout, v, shape, count, context)));
            if (failure.Notice is { } notice) yield return notice;
        }
        if (text.Length > 0) yield return new TextPart(path + "#attributes", new MemorySource(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>A column of a table: numbers over one dimension, or strings (characters over a second, fixed dimension).</summary>
    private static bool IsColumn(NetCdfHeader h, NetCdfHeader.Variable v) =>
        v.Type != 2 && v.Dims.Length == 1 || v.Type == 2 && v.Dims.Length == 2 && h.Dims[v.Dims[1]].Length > 0;

    private static IEnumerable<IReadOnlyList<string>> ColumnRows(ReadOnlyMemory<byte> data, Layout layout, List<NetCdfHeader.Variable> vars, long rows, UnpackContext context)
    {
        for (long r = 0; r < rows; r++)
        {
            if ((r & 1023) == 0) context.ThrowIfCancelled();
            var row = new string[vars.Count];
            for (var i = 0; i < row.Length; i++)
            {
                var v = vars[i];
                var width = v.Type == 2 ? layout.Length(v.Dims[1]) : 1;
                row[i] = Cell(data, layout, v, r * width, width);
            }
            yield return row;
        }
    }

    private static IEnumerable<IReadOnlyList<string>> ArrayRows(ReadOnlyMemory<byte> data, Layout layout, NetCdfHeader.Variable v, long[] shape, long count, UnpackContext context)
    {
        var width = shape[^1];
        if (width == 0) yield break;
        var chars = v.Type == 2;
        var rows = count / width;
        for (long r = 0; r < rows; r++)
        {
            if ((r & 1023) == 0) context.ThrowIfCancelled();
            if (chars)
            {
                yield return [Cell(data, layout, v, r * width, width)];
                continue;
            }
            var row = new string[Math.Min(width, 1 << 16)];
            for (var c = 0; c < row.Length; c++) row[c] = Cell(data, layout, v, r * width + c, 1);
            yield return row;
        }
    }

    /// <summary>Element <paramref name="index"/> (or <paramref name="width"/> characters from it) as text; a fill value is empty.</summary>
    private static string Cell(ReadOnlyMemory<byte> data, Layout layout, NetCdfHeader.Variable v, long index, long width)
    {
        var size = NetCdfHeader.Size(v.Type);
        if (v.Type == 2)
        {
            var bytes = new byte[width];
            for (long k = 0; k < width; k++) bytes[k] = data.Span[layout.Offset(v, index + k, 1)];
            var end = Array.IndexOf(bytes, (byte)0);
            return Encoding.UTF8.GetString(bytes, 0, end >= 0 ? end : bytes.Length).TrimEnd(' ');
        }
        var value = data.Span.Slice(layout.Offset(v, index, size), size);
        var number = NetCdfHeader.Number(value, v.Type);
        if (v.Fill is { } fill ? number.Equals(fill) : IsDefaultFill(number, v.Type) || double.IsNaN(number)) return "";
        return NetCdfHeader.Value(value, v.Type);
    }

    private static bool IsDefaultFill(double v, int type) => type switch
    {
        1 => v == -127,
        3 => v == -32767,
        4 => v == -2147483647,
        5 => (float)v == 9.96921E+36f,
        6 => v == 9.969209968386869E+36,
        7 => v == 255,
        8 => v == 65535,
        9 => v == 4294967295,
        _ => false,
    };

    /// <summary>Where each element lies: non-record variables contiguously from their start, record variables interleaved record by record.</summary>
    private sealed class Layout
    {
        private readonly NetCdfHeader _h;
        private readonly int _recordDim;
        private readonly long _recordSize;
        private readonly long _records;
        private readonly long _fileLength;

        public Layout(NetCdfHeader h, long fileLength)
        {
            _h = h;
            _fileLength = fileLength;
            _recordDim = h.Dims.FindIndex(d => d.Length == 0);
            var recordVars = h.Vars.Where(IsRecord).ToList();
            // One record variable alone is not padded: its record is exactly its slab.
            _recordSize = recordVars.Count == 1 ? Slab(recordVars[0]) * NetCdfHeader.Size(recordVars[0].Type) : recordVars.Sum(v => v.VSize);
            _records = h.Records >= 0 ? h.Records
                : _recordSize == 0 || recordVars.Count == 0 ? 0 : Math.Max(0, (fileLength - recordVars.Min(v => v.Begin)) / _recordSize);
        }

        private bool IsRecord(NetCdfHeader.Variable v) => _recordDim >= 0 && v.Dims.Length > 0 && v.Dims[0] == _recordDim;

        public long Length(int dim) => dim == _recordDim ? _records : _h.Dims[dim].Length;

        /// <summary>Elements in one record of a record variable (its dimensions after the first).</summary>
        private long Slab(NetCdfHeader.Variable v) => v.Dims.Skip(1).Aggregate(1L, (a, d) => Math.Min(a * _h.Dims[d].Length, long.MaxValue / 2));

        public int Offset(NetCdfHeader.Variable v, long index, int size)
        {
            long at;
            if (IsRecord(v))
            {
                var slab = Slab(v);
                if (slab == 0) throw new InvalidDataException("an empty netCDF record slab");
                at = v.Begin + index / slab * _recordSize + index % slab * size;
            }
            else at = v.Begin + index * size;
            if (at < 0 || at + size > _fileLength) throw new EndOfStreamException();
            return (int)at;
        }
    }
}
