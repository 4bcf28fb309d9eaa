using System.Text.Json;

namespace Egress.Formats.Documents;

/// <summary>
/// The first pass over a JSON document: finds the containers that are tables and their columns, the
/// long strings to hand on as files, and whether any value lies outside the tables (then the
/// document's text part is worth scanning). Holds only the structure, never the values.
/// </summary>
internal sealed class JsonTableFinder(int maxNesting, bool lines) : JsonWalk(maxNesting, lines)
{
    public const int MaxTables = 256;

    private readonly List<(JsonTable Table, string Column)> _owners = [];
    private readonly Dictionary<JsonTable, long> _ownedValues = [];

    public List<JsonTable> Tables { get; } = [];
    public List<(long Offset, string Path)> Strings { get; } = [];
    /// <summary>Values that no table holds: the document's loose text is worth scanning.</summary>
    public bool HasLooseValues { get; private set; }

    protected override bool Started(JsonFrame frame)
    {
        var parent = frame.Parent!;
        // An object of records stops being one at its first member that is not an object.
        if (parent.Table is { Keyed: true } keyed && frame.IsArray) keyed.Rejected = true;
        // A container whose first child is a container is a candidate: an array of records (not the
        // document itself, unless it is a stream of lines), or an object whose first member is an object.
        if (parent.Count == 0 && parent.Table is null && (parent.IsArray ? parent.Parent is not null || Lines : !frame.IsArray))
            Candidate(parent);
        return true;
    }

    /// <summary>A container whose first child is a container becomes a table candidate.</summary>
    private void Candidate(JsonFrame container)
    {
        if (Tables.Count >= MaxTables) return;
        var table = new JsonTable(container.Offset, PathOf(container), keyed: !container.IsArray);
        Owners(container, null, 0, _owners);
        table.Owners.AddRange(_owners.Select(o => o.Table));
        container.Table = table;
        Tables.Add(table);
    }

    protected override bool Ended(JsonFrame frame)
    {
        if (frame.Table is { Keyed: true } keyed && frame.Count < 2) keyed.Rejected = true;
        return true;
    }

    protected override bool Scalar(ref Utf8JsonReader reader, JsonFrame container, string? key, int index, long offset)
    {
        if (container.Table is { Keyed: true } keyed) keyed.Rejected = true;
        if (reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length >= 64 && Strings.Count < MaxEmbeddedStrings)
        {
            var text = reader.GetString() ?? "";
            if (IsLong(text))
            {
                Strings.Add((offset, PathOf(container, key, index)));
                LongStrings++;
            }
        }
        if (reader.TokenType == JsonTokenType.Null) return true;
        Owners(container, key, index, _owners);
        var held = false;
        foreach (var (table, column) in _owners)
        {
            if (!table.Add(column)) continue;
            _ownedValues[table] = _ownedValues.GetValueOrDefault(table) + 1;
            held = true;
        }
        if (!held) HasLooseValues = true;
        return true;
    }

    /// <summary>
    /// Settles which candidates are tables: not rejected, with columns, and not inside the records of a
    /// table already chosen. Values held only by candidates that were not chosen are loose after all.
    /// </summary>
    public IReadOnlyList<JsonTable> Choose()
    {
        foreach (var table in Tables)
        {
            table.Chosen = !table.Rejected && table.DataColumns > 0 && !table.Owners.Any(o => o.Chosen);
            if (!table.Chosen && _ownedValues.GetValueOrDefault(table) > 0) HasLooseValues = true;
        }
        return Tables.Where(t => t.Chosen).ToList();
    }
}
