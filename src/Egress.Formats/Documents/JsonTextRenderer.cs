using System.Text;
using System.Text.Json;

namespace Egress.Formats.Documents;

/// <summary>
/// The second pass: every value no table holds, as lines of text (`name: value` in objects, the value
/// alone in arrays, a container's name on a line of its own), so nothing in the document goes unscanned.
/// Long strings handed on as files are left out here.
/// </summary>
internal sealed class JsonTextRenderer : JsonWalk
{
    private readonly IReadOnlyDictionary<long, JsonTable> _tables;
    private readonly List<(JsonTable Table, string Column)> _owners = [];

    public JsonTextRenderer(int maxNesting, bool lines, IReadOnlyDictionary<long, JsonTable> tables) : base(maxNesting, lines)
    {
        _tables = tables;
        Top.Table = tables.GetValueOrDefault(-1);
    }

    public StringBuilder Output { get; } = new();

    protected override bool Started(JsonFrame frame)
    {
        frame.Table = _tables.GetValueOrDefault(frame.Offset);
        var parent = frame.Parent!;
        if (!parent.IsArray && frame.Name is { Length: > 0 } name)
        {
            Owners(parent, name, 0, _owners);
            if (_owners.Count == 0) Output.Append(name).Append(":\n");
        }
        return true;
    }

    protected override bool Ended(JsonFrame frame) => true;

    protected override bool Scalar(ref Utf8JsonReader reader, JsonFrame container, string? key, int index, long offset)
    {
        if (reader.TokenType == JsonTokenType.Null) return true;
        var text = Text(ref reader);
        if (reader.TokenType == JsonTokenType.String && IsLong(text) && LongStrings < MaxEmbeddedStrings)
        {
            LongStrings++;
            return true;
        }
        Owners(container, key, index, _owners);
        foreach (var (table, column) in _owners)
            if (table.Column(column) is not null)
                return true;
        if (!string.IsNullOrEmpty(key)) Output.Append(key).Append(": ");
        Output.Append(text).Append('\n');
        return true;
    }
}

/// <summary>The third pass, once per table: its records as rows, cells by column, streamed from the table's opening bracket.</summary>
internal sealed class JsonRowCollector : JsonWalk
{
    private readonly JsonTable _table;
    private readonly List<(JsonTable Table, string Column)> _owners = [];
    private JsonFrame? _tableFrame;
    private string[]? _row;

    public JsonRowCollector(int maxNesting, bool lines, JsonTable table) : base(maxNesting, lines)
    {
        _table = table;
        if (table.Offset != -1) return;
        Top.Table = table;
        _tableFrame = Top;
    }

    public Queue<string[]> Ready { get; } = new();

    protected override bool Started(JsonFrame frame)
    {
        if (_tableFrame is null)
        {
            frame.Table = _table;
            _tableFrame = frame;
        }
        else if (frame.Parent == _tableFrame)
        {
            _row = NewRow();
            if (_table.Keyed) _row[0] = frame.Name ?? "";
        }
        return true;
    }

    protected override bool Ended(JsonFrame frame)
    {
        if (frame == _tableFrame) return false;
        if (frame.Parent == _tableFrame && _row is not null)
        {
            Ready.Enqueue(_row);
            _row = null;
        }
        return true;
    }

    protected override bool Scalar(ref Utf8JsonReader reader, JsonFrame container, string? key, int index, long offset)
    {
        // A value directly in the table is not a record (it is scanned as text): an empty row keeps the numbering.
        if (container == _tableFrame)
        {
            Ready.Enqueue(NewRow());
            return true;
        }
        if (_row is null || reader.TokenType == JsonTokenType.Null) return true;
        Owners(container, key, index, _owners);
        foreach (var (table, column) in _owners)
            if (table == _table && table.Column(column) is { } c)
                _row[c] = Text(ref reader);
        return true;
    }

    private string[] NewRow()
    {
        var row = new string[_table.Names.Count];
        Array.Fill(row, "");
        return row;
    }
}
