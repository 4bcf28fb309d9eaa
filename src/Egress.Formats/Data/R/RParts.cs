using Egress.Formats.Content;

namespace Egress.Formats.Data.R;

/// <summary>
/// Turns R objects into parts: a data.frame becomes a table with its column names (factors as their
/// labels, Dates as ISO dates, NA as empty), a matrix a table, a named list of equal-length vectors a
/// table, any other vector a column. Lists, pairlists, environments and unusual attributes are walked
/// (without recursion, each object once) so data nested anywhere is found; raw vectors are files of
/// their own. Paths name where each lies: <c>results.RData#df</c>, <c>fit.rds#model</c>, <c>x.rds#a/b</c>.
/// </summary>
public static class RParts
{
    private const int MaxParts = 4096;

    /// <summary>Attributes that describe structure (read when rendering), not data of their own.</summary>
    private static readonly HashSet<string> Structural = ["names", "class", "row.names", "levels", "dim", "dimnames", "tsp", "srcref", "wholeSrcref"];

    public static IEnumerable<Part> For(RObject root, string path, UnpackContext context)
    {
        var pending = new Stack<(RObject Value, string Path)>();
        pending.Push((root, path));
        var seen = new HashSet<RObject>(ReferenceEqualityComparer.Instance);
        var parts = 0;
        while (pending.Count > 0)
        {
            context.ThrowIfCancelled();
            var (value, at) = pending.Pop();
            if (value is RNull or RSymbol || !seen.Add(value)) continue;
            var children = new List<(RObject, string)>();
            foreach (var (name, attribute) in value.Attributes)
                if (name is null || !Structural.Contains(name))
                    children.Add((attribute, Child(at, "@" + (name ?? "attribute"))));
            Part? part = null;
            switch (value)
            {
                case RList list when list.Inherits("data.frame") || IsColumnList(list):
                    part = Table(list, at);
                    for (var i = 0; i < list.Items.Length; i++)
                        if (list.Items[i] is RList or RPairs or REnvironment) children.Add((list.Items[i], Child(at, Name(list.Names, i))));
                    break;
                case RList list:
                    part = Scalars(Enumerable.Range(0, list.Items.Length).Select(i => (Name(list.Names, i), list.Items[i])), at, children);
                    break;
                case RPairs pairs:
                    part = Scalars(pairs.Items.Select((item, i) => (item.Tag ?? $"[[{i + 1}]]", item.Value)), at, children);
                    break;
                case REnvironment env:
                    children.Add((env.Frame, at));
                    if (env.HashTable is RList buckets) children.AddRange(buckets.Items.Select(b => (b, at)));
                    children.Add((env.Enclosure, at));
                    break;
                case RRaw raw when raw.Bytes.Length > 0:
                    part = new EmbeddedFile(at, new MemorySource(raw.Bytes));
                    break;
                case RChars { Value: { Length: > 0 } text }:
                    part = Column(new RStrings([text]), at, null);
                    break;
                case RDoubles or RInts or RStrings or RComplex:
                    part = Matrix(value, at) ?? (Length(value) > 0 ? Column(value, at, Leaf(at)) : null);
                    break;
            }
            if (part is not null)
            {
                if (++parts > MaxParts) throw new InputLimitException($"R data holds more than {MaxParts:N0} separate vectors and tables");
                yield return part;
            }
            for (var i = children.Count - 1; i >= 0; i--) pending.Push(children[i]);
        }
    }

    /// <summary>
    /// A list's single values (a call's arguments, a list of settings) as one table of name and value,
    /// rather than a part each; everything else in the list is walked as a child.
    /// </summary>
    private static TablePart? Scalars(IEnumerable<(string Name, RObject Value)> items, string path, List<(RObject, string)> children)
    {
        var scalars = new List<IReadOnlyList<string>>();
        foreach (var (name, value) in items)
        {
            if (value is RDoubles or RInts or RStrings or RComplex && Length(value) == 1 && value.Attributes.Count == 0)
                scalars.Add([name, Renderer(value)(0)]);
            else children.Add((value, Child(path, name)));
        }
        return scalars.Count == 0 ? null : new TablePart(path, null, scalars);
    }

    private static string Child(string path, string name) => path + (path.Contains('#') ? "/" : "#") + name;

    private static string Name(string?[]? names, int i) => names is not null && i < names.Length && !string.IsNullOrEmpty(names[i]) ? names[i]! : $"[[{i + 1}]]";

    private static string Leaf(string path) => path[(path.LastIndexOfAny(['#', '/']) + 1)..];

    /// <summary>A named list of two or more vectors of one length (a data frame without its class).</summary>
    private static bool IsColumnList(RList list) =>
        list.Items.Length >= 2 && list.Names is not null && list.Items.All(i => i is RDoubles or RInts or RStrings or RComplex && i.Attribute("dim") is null)
        && list.Items.Select(Length).Distinct().Count() == 1 && Length(list.Items[0]) > 0;

    private static TablePart Table(RList frame, string path)
    {
        var names = frame.Names;
        var header = Enumerable.Range(0, frame.Items.Length).Select(i => names is not null && i < names.Length ? names[i] ?? "" : $"V{i + 1}").ToList();
        var columns = frame.Items.Select(Renderer).ToList();
        var rows = frame.Items.Length == 0 ? 0 : frame.Items.Max(Length);
        var rowNames = frame.Attribute("row.names");
        // Compact row names c(NA, -n) only count rows, which the columns already have (and a damaged count must not make rows).
        if (rowNames is RInts { Values: [RVectors.NaInteger, _] }) { }
        else if (rowNames is RStrings or RInts && Length(rowNames) > 0)
        {
            // Row names are data too (they may be IDs): the first column.
            header.Insert(0, "");
            columns.Insert(0, Renderer(rowNames));
            rows = Math.Max(rows, Length(rowNames));
        }
        return new TablePart(path, header, Rows(columns, rows));
    }

    /// <summary>A vector with two dimensions: rows × columns, stored column-major; dimnames give the header and row names.</summary>
    private static TablePart? Matrix(RObject value, string path)
    {
        if (value.Attribute("dim") is not RInts { Values: [var r, var c] } || r < 0 || c < 0 || (long)r * c != Length(value)) return null;
        var render = Renderer(value);
        var dimnames = value.Attribute("dimnames") as RList;
        var rowNames = dimnames is { Items.Length: 2 } && dimnames.Items[0] is RStrings rn ? rn.Values : null;
        var colNames = dimnames is { Items.Length: 2 } && dimnames.Items[1] is RStrings cn ? cn.Values : null;
        List<string>? header = colNames?.Select(n => n ?? "").ToList();
        if (header is not null && rowNames is not null) header.Insert(0, "");
        return new TablePart(path, header, MatrixRows(render, r, c, rowNames));
    }

    private static IEnumerable<IReadOnlyList<string>> MatrixRows(Func<int, string> render, int rows, int columns, string?[]? rowNames)
    {
        var offset = rowNames is null ? 0 : 1;
        for (var i = 0; i < rows; i++)
        {
            var cells = new string[columns + offset];
            if (rowNames is not null) cells[0] = i < rowNames.Length ? rowNames[i] ?? "" : "";
            for (var j = 0; j < columns; j++) cells[j + offset] = render(j * rows + i);
            yield return cells;
        }
    }

    /// <summary>A vector as a column; its element names (which may be IDs) as a column before it.</summary>
    private static TablePart Column(RObject vector, string path, string? name)
    {
        if (vector.Attribute("names") is RStrings names && names.Values.Length == Length(vector))
            return new(path, ["", name ?? ""], Rows([Renderer(names), Renderer(vector)], Length(vector)));
        return new(path, name is null ? null : [name], Rows([Renderer(vector)], Length(vector)));
    }

    private static IEnumerable<IReadOnlyList<string>> Rows(List<Func<int, string>> columns, int rows)
    {
        for (var i = 0; i < rows; i++)
        {
            var cells = new string[columns.Count];
            for (var c = 0; c < cells.Length; c++) cells[c] = columns[c](i);
            yield return cells;
        }
    }

    private static int Length(RObject v) => v switch
    {
        RDoubles d => d.Values.Length,
        RInts i => i.Values.Length,
        RStrings s => s.Values.Length,
        RComplex c => c.Parts.Length / 2,
        RList l => l.Items.Length,
        _ => 0,
    };

    /// <summary>How each element of a vector reads: factors as labels, logicals as TRUE/FALSE, Dates as ISO dates, NA as empty.</summary>
    private static Func<int, string> Renderer(RObject v)
    {
        switch (v)
        {
            case RInts ints when v.Attribute("levels") is RStrings levels:
                return i => i >= ints.Values.Length ? "" : ints.Values[i] is var code && code >= 1 && code <= levels.Values.Length ? levels.Values[code - 1] ?? ""
                    : code == RVectors.NaInteger ? "" : NumberText.Integer(code);
            case RInts { Logical: true } logical:
                return i => i >= logical.Values.Length ? "" : logical.Values[i] switch { RVectors.NaInteger => "", 0 => "FALSE", _ => "TRUE" };
            case RInts ints when v.Inherits("Date"):
                return i => i >= ints.Values.Length || ints.Values[i] == RVectors.NaInteger ? "" : NumberText.EpochDays(ints.Values[i]);
            case RInts ints:
                return i => i >= ints.Values.Length || ints.Values[i] == RVectors.NaInteger ? "" : NumberText.Integer(ints.Values[i]);
            case RDoubles doubles when v.Inherits("Date"):
                return i => i >= doubles.Values.Length || !double.IsFinite(doubles.Values[i]) ? "" : NumberText.EpochDays((long)Math.Floor(doubles.Values[i]));
            case RDoubles doubles when v.Inherits("POSIXct"):
                return i => i >= doubles.Values.Length || !double.IsFinite(doubles.Values[i]) ? ""
                    : NumberText.EpochTicks(decimal.Truncate((decimal)doubles.Values[i] * TimeSpan.TicksPerSecond)) ?? NumberText.Double(doubles.Values[i]);
            case RDoubles doubles:
                return i => i >= doubles.Values.Length || RVectors.IsNa(doubles.Values[i]) ? "" : NumberText.Double(doubles.Values[i]);
            case RStrings strings:
                return i => i >= strings.Values.Length ? "" : strings.Values[i] ?? "";
            case RComplex complex:
                return i =>
                {
                    if (2 * i + 1 >= complex.Parts.Length) return "";
                    var re = NumberText.Double(complex.Parts[2 * i]);
                    var im = NumberText.Double(complex.Parts[2 * i + 1]);
                    return im.StartsWith('-') ? $"{re}{im}i" : $"{re}+{im}i";
                };
            default:
                return _ => "";
        }
    }
}
