namespace Egress.Formats.Data.Pickle;

/// <summary>
/// A pandas DataFrame or Series as pickled (pandas 0.14.1 and later): the object's state names its
/// block manager, whose state holds the axes (column and row Index objects) and the blocks (a 2-D
/// array of some columns each, with the columns it holds in <c>mgr_locs</c>). Assembled into one table
/// with the column names as header; a row index that is not a plain range is the first column.
/// </summary>
internal sealed class PandasFrame
{
    public required List<string> Header { get; init; }
    public required long Rows { get; init; }
    public required List<Func<long, string?>> Columns { get; init; }
    /// <summary>The arrays and objects taken into the table (the walker does not read them again).</summary>
    public List<object> Used { get; } = [];

    public IEnumerable<IReadOnlyList<string>> Cells()
    {
        for (long r = 0; r < Rows; r++)
        {
            var row = new string[Columns.Count];
            for (var c = 0; c < row.Length; c++) row[c] = Columns[c](r) ?? "";
            yield return row;
        }
    }

    public static PandasFrame? From(PyObject o)
    {
        if (o.MadeOf is not { } cls || !cls.Module.StartsWith("pandas", StringComparison.Ordinal) || cls.Name is not ("DataFrame" or "Series")) return null;
        if (o.State is not PyDict state) return null;
        var manager = Get(state, "_mgr") ?? Get(state, "_data");
        if (manager is not PyObject { State: PyTuple { Items: var managerState } }) return null;
        var extra = managerState.OfType<PyDict>().Select(d => Get(d, "0.14.1")).OfType<PyDict>().FirstOrDefault();
        if (extra is null || Get(extra, "axes") is not PyList { Items: var axes } || Get(extra, "blocks") is not PyList { Items: var blocks }) return null;
        var series = cls.Name == "Series";
        if (axes.Count != (series ? 1 : 2)) return null;
        var rowIndex = Index(axes[^1]);
        var names = series ? new List<string> { PickleScalars.Text(Get(state, "_name")) is { Length: > 0 } seriesName ? seriesName : "value" } : Index(axes[0]).Values;
        if (names is null) return null;
        var width = names.Count;
        var columns = new Func<long, string?>?[width];
        var rows = rowIndex.Length;
        var used = new List<object>();
        foreach (var block in blocks)
        {
            if (block is not PyDict b || PickledArray.From(Get(b, "values")) is not { Unsupported: null } values) return null;
            var locations = Locations(Get(b, "mgr_locs"));
            if (locations is null) return null;
            var k = values.Shape.Length == 2 ? values.Shape[0] : 1;
            var n = values.Shape.Length == 2 ? values.Shape[1] : values.Shape.Length == 1 ? values.Shape[0] : 0;
            if (rows < 0) rows = n;
            if (n != rows || locations.Count != k) return null;
            for (var i = 0; i < k; i++)
            {
                var column = (int)locations[i];
                if (column < 0 || column >= width) return null;
                var inBlock = i;
                columns[column] = values.Shape.Length == 2
                    ? r => values.Element(values.Fortran ? r * k + inBlock : inBlock * n + r)
                    : r => values.Element(r);
            }
            used.Add(b.Entries.First(e => e.Key is "values").Value!);
        }
        if (rows < 0) rows = 0;
        var header = new List<string>();
        var cells = new List<Func<long, string?>>();
        if (rowIndex.Values is { } labels)
        {
            header.Add(rowIndex.Name ?? "index");
            cells.Add(r => r < labels.Count ? labels[(int)r] : "");
        }
        for (var c = 0; c < width; c++)
        {
            header.Add(names[c]);
            cells.Add(columns[c] ?? (_ => ""));
        }
        var result = new PandasFrame { Header = header, Rows = rows, Columns = cells };
        result.Used.AddRange(used);
        return result;
    }

    private static object? Get(PyDict dict, string key) => dict.Entries.FirstOrDefault(e => e.Key is string k && k == key).Value;

    /// <summary>
    /// An Index: <c>_new_Index(cls, {'data': array, 'name': …})</c>, or a RangeIndex (start, stop, step: no
    /// values of its own). Length is the number of labels (-1 when not known from the index itself).
    /// </summary>
    private static (List<string>? Values, long Length, string? Name) Index(object? node)
    {
        if (node is not PyObject { Args: PyTuple { Items: [PyGlobal cls, PyDict d] } }) return (null, -1, null);
        var name = Get(d, "name") is { } n ? PickleScalars.Text(n) : null;
        if (cls.Name == "RangeIndex")
        {
            var start = Get(d, "start") as long? ?? 0;
            var stop = Get(d, "stop") as long? ?? 0;
            var step = Get(d, "step") as long? ?? 1;
            var length = step == 0 ? 0 : Math.Max(0, (stop - start + step - Math.Sign(step)) / step);
            return (null, length, name);
        }
        if (PickledArray.From(Get(d, "data")) is not { Unsupported: null, Shape.Length: 1 } values) return (null, -1, name);
        var labels = new List<string>((int)Math.Min(values.Count, 1 << 20));
        for (long i = 0; i < values.Count; i++) labels.Add(values.Element(i) ?? "");
        return (labels, labels.Count, string.IsNullOrEmpty(name) ? null : name);
    }

    /// <summary>The columns a block holds: a slice(start, stop, step) or an integer array.</summary>
    private static List<long>? Locations(object? node)
    {
        if (node is PyObject { Callable: PyGlobal { Name: "slice" }, Args: PyTuple { Items: [var a, var b, var c] } })
        {
            var start = a as long? ?? 0;
            var stop = b as long? ?? 0;
            var step = c as long? ?? 1;
            if (step <= 0 || stop - start > 1 << 20) return null;
            var list = new List<long>();
            for (var i = start; i < stop; i += step) list.Add(i);
            return list;
        }
        if (PickledArray.From(node) is { Unsupported: null, Shape.Length: 1, Type.Kind: 'i' or 'u' } array && array.Count <= 1 << 20)
        {
            var list = new List<long>();
            for (long i = 0; i < array.Count; i++) list.Add(long.Parse(array.Element(i)!, System.Globalization.CultureInfo.InvariantCulture));
            return list;
        }
        return null;
    }
}
