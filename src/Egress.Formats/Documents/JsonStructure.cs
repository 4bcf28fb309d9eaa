using System.Text;
using System.Text.Json;

namespace Egress.Formats.Documents;

/// <summary>An open JSON container (object or array) while a document is walked.</summary>
internal sealed class JsonFrame(JsonFrame? parent, bool isArray, long offset)
{
    public JsonFrame? Parent { get; } = parent;
    public bool IsArray { get; } = isArray;
    /// <summary>Where its opening bracket is in the content (-1 for the stream of NDJSON lines).</summary>
    public long Offset { get; } = offset;
    /// <summary>Its member name in the parent object (null in an array).</summary>
    public string? Name { get; init; }
    /// <summary>Its position in the parent array.</summary>
    public int Index { get; init; }
    /// <summary>Children seen so far.</summary>
    public int Count { get; set; }
    /// <summary>The member name just read, for the value that follows.</summary>
    public string? PendingName { get; set; }
    /// <summary>The table this container is (a candidate while the document is first walked).</summary>
    public JsonTable? Table { get; set; }
}

/// <summary>
/// A container read as a table: an array whose elements are objects or arrays (records), the stream
/// of NDJSON lines, or an object whose members are all objects (records keyed by name, as pandas
/// writes a data frame). Its columns are the union of the records' keys in first-seen order, nested
/// objects flattened with dotted names; arrays inside a record are walked on their own.
/// </summary>
internal sealed class JsonTable(long offset, string path, bool keyed)
{
    public const int MaxColumns = 2048;
    public const string KeyColumn = "(key)";

    private readonly Dictionary<string, int> _columns = new(StringComparer.Ordinal);
    private readonly List<string> _names = keyed ? [KeyColumn] : [];

    public long Offset { get; } = offset;
    public string Path { get; } = path;
    /// <summary>An object whose members are the records: each row starts with the member's name.</summary>
    public bool Keyed { get; } = keyed;
    public bool Rejected { get; set; }
    /// <summary>The tables that would own a value placed directly in this container (it lies in their records).</summary>
    public List<JsonTable> Owners { get; } = [];
    public bool Chosen { get; set; }
    public IReadOnlyList<string> Names => _names;
    public int DataColumns => _names.Count - (Keyed ? 1 : 0);

    public int? Column(string key) => _columns.TryGetValue(key, out var c) ? c : null;

    /// <summary>Adds a column for the key; false when the table already has as many columns as it may.</summary>
    public bool Add(string key)
    {
        if (_columns.ContainsKey(key)) return true;
        if (_names.Count >= MaxColumns) return false;
        _columns[key] = _names.Count;
        _names.Add(key);
        return true;
    }
}

/// <summary>
/// The walk shared by every pass over a JSON document: frames for open containers, and which tables
/// own a value (the records it lies in). A value in a record belongs to the table through the
/// record's nested objects, at most <see cref="MaxRecordDepth"/> levels down; an array inside a record
/// is its own thing (walked as text, or a table of its own).
/// </summary>
internal abstract class JsonWalk(int maxNesting, bool lines) : IJsonTokens
{
    public const int MaxRecordDepth = 4;
    /// <summary>Strings this long, or with line breaks, are also handed on as files of their own (a CSV or base64 in a string).</summary>
    public const int LongString = 4096;
    public const int MaxEmbeddedStrings = 1000;

    protected JsonFrame Top = new(null, isArray: true, offset: -1);
    protected bool Lines { get; } = lines;
    protected int LongStrings;

    public bool Token(ref Utf8JsonReader reader, long offset)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                if (reader.CurrentDepth >= maxNesting)
                    throw new InputLimitException($"JSON nested more than {maxNesting} levels deep");
                var parent = Top;
                var frame = new JsonFrame(parent, reader.TokenType == JsonTokenType.StartArray, offset)
                {
                    Name = parent.IsArray ? null : parent.PendingName ?? "",
                    Index = parent.IsArray ? parent.Count : 0,
                };
                var ok = Started(frame);
                parent.Count++;
                Top = frame;
                return ok;
            case JsonTokenType.EndObject or JsonTokenType.EndArray:
                var done = Top;
                Top = done.Parent ?? throw new InvalidDataException("unbalanced JSON brackets");
                return Ended(done);
            case JsonTokenType.PropertyName:
                Top.PendingName = reader.GetString();
                return true;
            default:
                var container = Top;
                var key = container.IsArray ? null : container.PendingName ?? "";
                var index = container.Count++;
                return Scalar(ref reader, container, key, index, offset);
        }
    }

    protected abstract bool Started(JsonFrame frame);
    protected abstract bool Ended(JsonFrame frame);
    protected abstract bool Scalar(ref Utf8JsonReader reader, JsonFrame container, string? key, int index, long offset);

    /// <summary>
    /// Each table that owns a value placed in <paramref name="container"/> under <paramref name="key"/>
    /// (member name, or null with <paramref name="index"/> in an array), with the value's column key.
    /// </summary>
    protected static void Owners(JsonFrame container, string? key, int index, List<(JsonTable Table, string Column)> owners)
    {
        owners.Clear();
        var node = container;
        string? column = null;
        for (var level = 0; level < MaxRecordDepth; level++)
        {
            var parent = node.Parent;
            if (parent is null) break;
            if (parent.Table is { Rejected: false } table)
            {
                column ??= key ?? $"[{index}]";
                owners.Add((table, column));
            }
            if (parent.IsArray || node.IsArray) break;
            column = (node.Name ?? "") + "." + (column ?? key ?? $"[{index}]");
            node = parent;
        }
    }

    /// <summary>The JSONPath of a container: $, $.results, $['odd key'], $.rows[3]; a line of NDJSON is $[n].</summary>
    protected string PathOf(JsonFrame frame)
    {
        var segments = new List<JsonFrame>();
        for (var f = frame; f.Parent is not null; f = f.Parent) segments.Add(f);
        var path = new StringBuilder("$");
        for (var i = segments.Count - 1; i >= 0; i--)
        {
            var f = segments[i];
            if (f.Parent!.Parent is null)
            {
                if (Lines) path.Append('[').Append(f.Index).Append(']');
                continue;
            }
            AppendSegment(path, f.Parent.IsArray ? null : f.Name, f.Index);
        }
        return path.ToString();
    }

    /// <summary>The path of a value in a container.</summary>
    protected string PathOf(JsonFrame container, string? key, int index)
    {
        var path = new StringBuilder(PathOf(container));
        if (container.Parent is null && !Lines) return path.ToString();
        if (container.Parent is null) return path.Append('[').Append(index).Append(']').ToString();
        AppendSegment(path, key, index);
        return path.ToString();
    }

    private static void AppendSegment(StringBuilder path, string? name, int index)
    {
        if (name is null) path.Append('[').Append(index).Append(']');
        else if (name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(name[0])) path.Append('.').Append(name);
        else path.Append("['").Append(name.Length > 64 ? name[..64] + "…" : name).Append("']");
    }

    /// <summary>A scalar as text: numbers exactly as written, strings unescaped, booleans as words; null is empty.</summary>
    protected static string Text(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString() ?? "",
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => "",
    };

    protected static bool IsLong(string text) => text.Length >= LongString || text.Length >= 64 && text.Contains('\n');
}
