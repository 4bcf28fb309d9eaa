using Egress.Formats.Content;

namespace Egress.Formats.Data.Pickle;

/// <summary>
/// Turns what a pickle built into parts: pandas frames and numpy arrays become tables, lists of rows,
/// lists of records and dicts of columns become tables, flat lists become one-column tables, dicts of
/// single values become (key, value) tables, long bytes are read again as files, and every other single
/// value is a line of text. Each container is read once (shared references and cycles are not followed
/// again), nesting is bounded.
/// </summary>
internal sealed class PickleWalker(string path, UnpackContext context)
{
    private const int MaxParts = 4096;
    /// <summary>Fewer single values than this in a list are a line of text rather than a one-column table.</summary>
    private const int MinColumn = 5;

    private readonly HashSet<object> _seen = new(ReferenceEqualityComparer.Instance);
    /// <summary>Values taken into a table (an array's data, a frame's blocks): not read again, even when queued from the memo.</summary>
    private readonly HashSet<object> _consumed = new(ReferenceEqualityComparer.Instance);
    private readonly Stack<(object Node, string Where, int Depth)> _pending = new();
    private readonly List<string> _lines = [];
    private readonly List<RowFailure> _failures = [];
    private int _parts;

    public IEnumerable<Part> Parts(IReadOnlyList<(object? Node, string Where)> roots)
    {
        // The first root to reach a container names it (a result also kept in the memo is the result), and is read first.
        var ordered = new List<(object Node, string Where)>();
        foreach (var (node, where) in roots)
        {
            if (IsSingleValue(node)) _lines.Add(PickleScalars.Text(node) ?? "");
            else if (node is not (null or PyGlobal) && _seen.Add(node)) ordered.Add((node, where));
        }
        for (var i = ordered.Count - 1; i >= 0; i--) _pending.Push((ordered[i].Node, ordered[i].Where, 0));
        var limited = false;
        while (_pending.Count > 0)
        {
            context.ThrowIfCancelled();
            var (node, where, depth) = _pending.Pop();
            if (_consumed.Contains(node)) continue;
            if (depth > context.Limits.MaxNesting)
            {
                yield return new Notice($"{path}#{where}", NoticeKind.LimitReached, $"pickled values nested more than {context.Limits.MaxNesting} deep; the deeper ones were not inspected");
                yield break;
            }
            if (_parts >= MaxParts)
            {
                limited = true;
                break;
            }
            foreach (var part in Visit(node, where, depth)) yield return part;
            // A table's rows are read before the next part is asked for: damage found in them is reported now.
            foreach (var failure in _failures) if (failure.Notice is { } notice) yield return notice;
            _failures.RemoveAll(f => f.Notice is not null);
        }
        if (limited) yield return new Notice(path, NoticeKind.LimitReached, $"more than {MaxParts:N0} tables and files in one pickle; the rest was not inspected");
        if (_lines.Count(l => l.Length > 0) > 0)
            yield return new TextPart($"{path}#values", new MemorySource(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", _lines.Where(l => l.Length > 0)) + "\n")));
    }

    /// <summary>Queues a container (once); a single value is not queued and returns false.</summary>
    private bool Push(object? node, string where, int depth)
    {
        if (node is null || IsSingleValue(node)) return false;
        if (node is PyGlobal) return true;
        if (_seen.Add(node)) _pending.Push((node, where, depth));
        return true;
    }

    private void Consume(object node)
    {
        _seen.Add(node);
        _consumed.Add(node);
    }

    private static bool IsSingleValue(object? node) =>
        node is null or byte[] { Length: <= PickleScalars.ShortBytes } || node is not byte[] && PickleScalars.Text(node) is not null;

    private IEnumerable<Part> Visit(object node, string where, int depth)
    {
        var at = $"{path}#{where}";
        switch (node)
        {
            case byte[] bytes:
                _parts++;
                yield return new EmbeddedFile(at, new MemorySource(bytes));
                yield break;
            case PyObject o when PandasFrame.From(o) is { } frame:
                _parts++;
                foreach (var used in frame.Used) Consume(used);
                yield return Table(at, frame.Header, frame.Cells());
                // Whatever else the frame holds (attrs, flags, other objects in its blocks) is read as well.
                Children(o, where, depth);
                yield break;
            case PyObject o when PickledArray.From(o) is { } array:
                if (array.Unsupported is not null)
                {
                    yield return new Notice(at, NoticeKind.Unsupported, array.Unsupported);
                    yield break;
                }
                if (array.Shape.Length == 0)
                {
                    _lines.Add(array.Count == 1 ? array.Element(0) ?? "" : "");
                    yield break;
                }
                _parts++;
                if (array.DataNode is { } dataNode) Consume(dataNode);
                yield return Table(at, null, ArrayRows(array));
                if (array.Objects is not null)
                    for (var i = 0; i < array.Objects.Count; i++) Push(array.Objects[i], $"{where}[{i}]", depth + 1);
                yield break;
            case PyObject o:
                Children(o, where, depth);
                yield break;
            case PyPersistent p:
                if (!Push(p.Id, where + "/persistent", depth + 1)) _lines.Add(PickleScalars.Text(p.Id) ?? "");
                yield break;
            case PyList list:
                foreach (var part in Sequence(list.Items, where, depth)) yield return part;
                yield break;
            case PyTuple tuple:
                foreach (var part in Sequence(tuple.Items, where, depth)) yield return part;
                yield break;
            case PyDict dict:
                foreach (var part in Dict(dict, where, depth)) yield return part;
                yield break;
        }
    }

    private void Children(PyObject o, string where, int depth)
    {
        foreach (var child in new[] { o.Args, o.State }.Concat(o.Extra))
            if (!Push(child, where, depth + 1)) _lines.Add(PickleScalars.Text(child) ?? "");
    }

    private IEnumerable<Part> Sequence(IReadOnlyList<object?> items, string where, int depth)
    {
        if (items.Count == 0) yield break;
        var at = $"{path}#{where}";
        if (items.All(i => PickleScalars.Text(i) is not null) && items.Count < MinColumn)
        {
            // A few values together (a shape, a dtype's arguments): one line of text.
            _lines.Add(string.Join(" ", items.Select(i => PickleScalars.Text(i))));
            yield break;
        }
        if (items.All(i => PickleScalars.Text(i) is not null))
        {
            _parts++;
            yield return Table(at, null, items.Select(i => (IReadOnlyList<string>)[PickleScalars.Text(i)!]));
            yield break;
        }
        if (items.Count >= 2 && Rows(items) is { } rows)
        {
            _parts++;
            yield return Table(at, null, rows);
            yield break;
        }
        if (items.Count >= 2 && Records(items) is ({ } header, { } records))
        {
            _parts++;
            yield return Table(at, header, records);
            yield break;
        }
        for (var i = items.Count - 1; i >= 0; i--)
            if (!Push(items[i], $"{where}[{i}]", depth + 1)) _lines.Add(PickleScalars.Text(items[i]) ?? "");
    }

    private IEnumerable<Part> Dict(PyDict dict, string where, int depth)
    {
        var entries = dict.Entries;
        if (entries.Count == 0) yield break;
        var at = $"{path}#{where}";
        if (dict.IsSet)
        {
            foreach (var part in Sequence(entries.Select(e => e.Key).ToList(), where, depth)) yield return part;
            yield break;
        }
        if (entries.All(e => PickleScalars.Text(e.Key) is not null))
        {
            // Equal-length columns: {'bmi': [...], 'sbp': [...]} (or numpy arrays).
            var columns = entries.Select(e => Column(e.Value)).ToList();
            if (columns.All(c => c is not null) && columns[0]!.Count >= 2 && columns.All(c => c!.Count == columns[0]!.Count))
            {
                _parts++;
                foreach (var e in entries) if (e.Value is not null) _seen.Add(e.Value);
                var count = columns[0]!.Count;
                yield return Table(at, entries.Select(e => PickleScalars.Text(e.Key)!).ToList(),
                    Enumerable.Range(0, count).Select(r => (IReadOnlyList<string>)columns.Select(c => c![r]).ToArray()));
                yield break;
            }
            // Single values or rows under keys: {eid: value} or {eid: (a, b, c)}.
            var keyed = entries.Select(e => PickleScalars.Text(e.Value) is { } v ? new List<string> { v } : Column(e.Value)).ToList();
            if (entries.Count >= 2 && keyed.All(k => k is not null))
            {
                _parts++;
                yield return Table(at, null, entries.Select((e, i) => (IReadOnlyList<string>)[PickleScalars.Text(e.Key)!, .. keyed[i]!]));
                yield break;
            }
        }
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            var (key, value) = (entries[i].Key, entries[i].Value);
            var name = PickleScalars.Text(key) ?? $"{i}";
            if (!Push(key, $"{where}/key{i}", depth + 1) | !Push(value, $"{where}/{name}", depth + 1))
                _lines.Add($"{PickleScalars.Text(key) ?? ""}: {PickleScalars.Text(value) ?? ""}".Trim(' ', ':'));
        }
    }

    /// <summary>A list or tuple of single values, or a 1-D numpy array, as text cells; else null.</summary>
    private static List<string>? Column(object? node)
    {
        IReadOnlyList<object?>? items = node switch { PyList l => l.Items, PyTuple t => t.Items, _ => null };
        if (items is not null)
        {
            var cells = new List<string>(items.Count);
            foreach (var i in items)
            {
                if (PickleScalars.Text(i) is not { } text) return null;
                cells.Add(text);
            }
            return cells;
        }
        if (PickledArray.From(node) is { Unsupported: null, Shape.Length: 1 } array && array.Count <= 1 << 24)
        {
            var cells = new List<string>((int)array.Count);
            for (long i = 0; i < array.Count; i++)
            {
                if (array.Element(i) is not { } text) return null;
                cells.Add(text);
            }
            return cells;
        }
        return null;
    }

    /// <summary>Lists of rows: every item a list or tuple of single values.</summary>
    private static List<IReadOnlyList<string>>? Rows(IReadOnlyList<object?> items)
    {
        var rows = new List<IReadOnlyList<string>>(items.Count);
        foreach (var item in items)
        {
            if (item is not (PyList or PyTuple) || Column(item) is not { Count: > 0 } row) return null;
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Lists of records: every item a dict of single values; the first record's keys are the header.</summary>
    private static (List<string>, List<IReadOnlyList<string>>)? Records(IReadOnlyList<object?> items)
    {
        if (items[0] is not PyDict { IsSet: false } first) return null;
        var header = new List<string>();
        foreach (var e in first.Entries)
        {
            if (PickleScalars.Text(e.Key) is not { } key) return null;
            header.Add(key);
        }
        var rows = new List<IReadOnlyList<string>>(items.Count);
        foreach (var item in items)
        {
            if (item is not PyDict { IsSet: false } d) return null;
            var row = new string[header.Count];
            Array.Fill(row, "");
            foreach (var e in d.Entries)
            {
                var key = PickleScalars.Text(e.Key);
                var value = PickleScalars.Text(e.Value);
                var column = key is null ? -1 : header.IndexOf(key);
                if (column < 0 || value is null) return null;
                row[column] = value;
            }
            rows.Add(row);
        }
        return (header, rows);
    }

    /// <summary>An array as rows: 1-D → one column, 2-D → its rows, more → rows of the last axis.</summary>
    private static IEnumerable<IReadOnlyList<string>> ArrayRows(PickledArray array)
    {
        var shape = array.Shape;
        var columns = shape.Length == 1 ? 1 : shape[^1];
        if (columns == 0 || array.Count == 0) yield break;
        var rows = array.Count / columns;
        for (long r = 0; r < rows; r++)
        {
            var row = new string[columns];
            for (long c = 0; c < columns; c++)
                row[c] = array.Element(shape.Length == 2 && array.Fortran ? c * rows + r : r * columns + c) ?? "";
            yield return row;
        }
    }

    private TablePart Table(string at, IReadOnlyList<string>? header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var failure = new RowFailure(at, "pickle");
        _failures.Add(failure);
        return new TablePart(at, header, failure.Guard(rows));
    }
}
