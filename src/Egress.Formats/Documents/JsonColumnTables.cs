using System.Text.Json;

namespace Egress.Formats.Documents;

/// <summary>A column-oriented table found in a JSON document: its JSONPath, header and rows (aligned from the columns).</summary>
public sealed record JsonColumnTable(string Path, string Shape, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>
/// Column-oriented data in a JSON document, read as rows: the record finder of <see cref="JsonReader"/> sees records
/// (arrays of objects, objects of objects), but data is as often written a column at a time. Found anywhere in the
/// document (a plot's traces, a widget's payload):
/// <list type="bullet">
/// <item>an object of equal-length arrays of scalars (R jsonlite's <c>dataframe="columns"</c>, a Plotly trace's
/// <c>x</c>, <c>y</c>, <c>text</c>, with one level of nested objects such as <c>marker.size</c>);</item>
/// <item>an object of objects of scalars keyed by row (pandas <c>orient="columns"</c>: <c>{"col":{"0":v,"1":v}}</c>),
/// when there are more rows than columns (the other way round it is records keyed by name, which the record finder reads);</item>
/// <item>pandas <c>orient="split"</c>: <c>columns</c> and <c>data</c> (rows) together, the header put back;</item>
/// <item>an array of a few long arrays of equal length (column-major), transposed.</item>
/// </list>
/// Bounded: documents up to <see cref="MaxBytes"/>, <see cref="MaxTables"/> tables, <see cref="MaxNodes"/> nodes visited.
/// </summary>
public static class JsonColumnTables
{
    public const int MaxBytes = 32 << 20;
    public const int MaxTables = 64;
    public const int MaxNodes = 2_000_000;
    private const int MaxColumns = 512;
    private const int MaxDepth = 64;
    /// <summary>Fewest cells a table must have (two short arrays such as a plot's axis range and domain are not data).</summary>
    private const int MinCells = 6;

    public static IReadOnlyList<JsonColumnTable> Find(ReadOnlyMemory<byte> json, int maxNesting)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions
            {
                MaxDepth = Math.Max(1, maxNesting),
                AllowTrailingCommas = true,
                CommentHandling = JsonCommentHandling.Skip,
            });
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // Damaged JSON: the streaming reader reports it; there is no whole tree to read columns from.
            return [];
        }
        var found = new List<JsonColumnTable>();
        var nodes = 0;
        Walk(root, "$", 0, found, ref nodes);
        return found;
    }

    private static void Walk(JsonElement node, string path, int depth, List<JsonColumnTable> found, ref int nodes)
    {
        if (found.Count >= MaxTables || depth > MaxDepth || ++nodes > MaxNodes) return;
        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                if (Split(node, path) is { } split) found.Add(split);
                if (ArrayColumns(node, path) is { } columns) found.Add(columns);
                if (KeyedColumns(node, path) is { } keyed) found.Add(keyed);
                foreach (var member in node.EnumerateObject())
                {
                    if (member.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)) continue;
                    Walk(member.Value, Child(path, member.Name), depth + 1, found, ref nodes);
                    if (found.Count >= MaxTables || nodes > MaxNodes) return;
                }
                break;
            case JsonValueKind.Array:
                if (ColumnMajor(node, path) is { } transposed) found.Add(transposed);
                if (SeriesColumns(node, path) is { } series) found.Add(series);
                var i = 0;
                foreach (var item in node.EnumerateArray())
                {
                    if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                        Walk(item, $"{path}[{i}]", depth + 1, found, ref nodes);
                    if (found.Count >= MaxTables || ++nodes > MaxNodes) return;
                    i++;
                }
                break;
        }
    }

    /// <summary>Members that are arrays of scalars, with one level of nested objects (marker.size); the largest set of equal length is the table.</summary>
    private static JsonColumnTable? ArrayColumns(JsonElement node, string path)
    {
        var columns = new List<(string Name, JsonElement Values)>();
        foreach (var member in node.EnumerateObject())
        {
            if (IsScalarArray(member.Value)) columns.Add((member.Name, member.Value));
            else if (member.Value.ValueKind == JsonValueKind.Object)
                foreach (var inner in member.Value.EnumerateObject())
                    if (IsScalarArray(inner.Value)) columns.Add((member.Name + "." + inner.Name, inner.Value));
            if (columns.Count >= MaxColumns) break;
        }
        if (columns.Count < 2) return null;
        var best = columns.GroupBy(c => c.Values.GetArrayLength())
            .Where(g => g.Key >= 1 && g.Count() >= 2)
            .OrderByDescending(g => g.Count() * (long)g.Key).FirstOrDefault();
        if (best is null || best.Count() * (long)best.Key < MinCells) return null;
        var chosen = best.ToList();
        var length = best.Key;
        var rows = new List<IReadOnlyList<string>>(length);
        var enumerators = chosen.Select(c => c.Values.EnumerateArray().GetEnumerator()).ToArray();
        for (var r = 0; r < length; r++)
        {
            var row = new string[chosen.Count];
            for (var c = 0; c < chosen.Count; c++)
            {
                enumerators[c].MoveNext();
                row[c] = Text(enumerators[c].Current);
            }
            rows.Add(row);
        }
        return new JsonColumnTable(path, "columns", chosen.Select(c => c.Name).ToList(), rows);
    }

    /// <summary>An object of objects of scalars keyed by row (pandas orient="columns"), read with the row keys first, when rows outnumber columns.</summary>
    private static JsonColumnTable? KeyedColumns(JsonElement node, string path)
    {
        var columns = new List<(string Name, JsonElement Values)>();
        var keys = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var member in node.EnumerateObject())
        {
            if (member.Value.ValueKind != JsonValueKind.Object) return null;
            var count = 0;
            foreach (var cell in member.Value.EnumerateObject())
            {
                if (!IsScalar(cell.Value)) return null;
                if (!seen.ContainsKey(cell.Name))
                {
                    seen[cell.Name] = keys.Count;
                    keys.Add(cell.Name);
                }
                count++;
            }
            if (count == 0) return null;
            columns.Add((member.Name, member.Value));
            if (columns.Count > MaxColumns) return null;
        }
        if (columns.Count < 2 || keys.Count <= columns.Count || keys.Count * (long)columns.Count < MinCells) return null;
        var cells = new string[keys.Count][];
        for (var r = 0; r < keys.Count; r++)
        {
            cells[r] = new string[columns.Count + 1];
            cells[r][0] = keys[r];
            Array.Fill(cells[r], "", 1, columns.Count);
        }
        for (var c = 0; c < columns.Count; c++)
            foreach (var cell in columns[c].Values.EnumerateObject())
                cells[seen[cell.Name]][c + 1] = Text(cell.Value);
        return new JsonColumnTable(path, "columns keyed by row", [JsonTable.KeyColumn, .. columns.Select(c => c.Name)], cells);
    }

    /// <summary>pandas orient="split": an array of column names and an array of rows of that width.</summary>
    private static JsonColumnTable? Split(JsonElement node, string path)
    {
        if (!node.TryGetProperty("columns", out var names) || !node.TryGetProperty("data", out var data)) return null;
        if (!IsScalarArray(names) || data.ValueKind != JsonValueKind.Array) return null;
        var width = names.GetArrayLength();
        if (width < 1 || width > MaxColumns) return null;
        var rows = new List<IReadOnlyList<string>>();
        foreach (var row in data.EnumerateArray())
        {
            if (!IsScalarArray(row) || row.GetArrayLength() != width) return null;
            rows.Add(row.EnumerateArray().Select(Text).ToArray());
        }
        if (rows.Count == 0) return null;
        return new JsonColumnTable(path, "split", names.EnumerateArray().Select(Text).ToList(), rows);
    }

    /// <summary>A few long arrays of scalars of equal length: columns written one after another, transposed into rows.</summary>
    private static JsonColumnTable? ColumnMajor(JsonElement node, string path)
    {
        var count = node.GetArrayLength();
        if (count is < 2 or > 64) return null;
        var length = -1;
        foreach (var item in node.EnumerateArray())
        {
            if (!IsScalarArray(item)) return null;
            var n = item.GetArrayLength();
            if (length >= 0 && n != length) return null;
            length = n;
        }
        if (length < 10 || length < 2 * count) return null;
        var columns = node.EnumerateArray().Select(a => a.EnumerateArray().Select(Text).ToArray()).ToArray();
        var rows = new List<IReadOnlyList<string>>(length);
        for (var r = 0; r < length; r++) rows.Add(columns.Select(c => c[r]).ToArray());
        return new JsonColumnTable(path, "column-major arrays", Enumerable.Range(1, count).Select(i => $"[{i - 1}]").ToList(), rows);
    }

    /// <summary>
    /// An array of objects that each hold one column: a scatter-matrix's dimensions (<c>{"label":"age","values":[...]}</c>),
    /// a chart's series (<c>{"name":…,"data":[...]}</c>). Each object's first array of scalars is its column, named by its
    /// label, name or title; the columns of the commonest length are aligned.
    /// </summary>
    private static JsonColumnTable? SeriesColumns(JsonElement node, string path)
    {
        var count = node.GetArrayLength();
        if (count is < 2 or > MaxColumns) return null;
        var columns = new List<(string Name, JsonElement Values)>();
        var i = 0;
        foreach (var item in node.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) return null;
            JsonElement? values = null;
            string? name = null;
            foreach (var member in item.EnumerateObject())
            {
                if (values is null && IsScalarArray(member.Value)) values = member.Value;
                else if (name is null && member.Name is "label" or "name" or "title" && member.Value.ValueKind == JsonValueKind.String) name = member.Value.GetString();
            }
            if (values is { } v) columns.Add((name ?? $"[{i}]", v));
            i++;
        }
        var best = columns.GroupBy(c => c.Values.GetArrayLength()).Where(g => g.Count() >= 2)
            .OrderByDescending(g => g.Count() * (long)g.Key).FirstOrDefault();
        if (best is null || best.Count() * (long)best.Key < MinCells) return null;
        var chosen = best.ToList();
        var cells = chosen.Select(c => c.Values.EnumerateArray().Select(Text).ToArray()).ToArray();
        var rows = new List<IReadOnlyList<string>>(best.Key);
        for (var r = 0; r < best.Key; r++) rows.Add(cells.Select(c => c[r]).ToArray());
        return new JsonColumnTable(path, "series", chosen.Select(c => c.Name).ToList(), rows);
    }

    private static bool IsScalar(JsonElement e) => e.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null;

    private static bool IsScalarArray(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Array) return false;
        var any = false;
        foreach (var item in e.EnumerateArray())
        {
            if (!IsScalar(item)) return false;
            any = true;
        }
        return any;
    }

    /// <summary>A scalar as the record finder writes it: numbers as written, strings unescaped, null empty.</summary>
    private static string Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString() ?? "",
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "",
    };

    private static string Child(string path, string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(name[0])
            ? $"{path}.{name}"
            : $"{path}['{(name.Length > 64 ? name[..64] + "…" : name)}']";
}
