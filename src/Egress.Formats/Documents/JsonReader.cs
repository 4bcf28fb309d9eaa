using System.Text.Json;
using Egress.Formats.Content;

namespace Egress.Formats.Documents;

/// <summary>
/// JSON and NDJSON (by content: a `{` or `[` that parses). Arrays of records, NDJSON lines and
/// objects of records become tables (<c>data.json#$.results</c>) with the union of their keys as
/// columns; column-oriented data (equal-length arrays, pandas columns and split, a plot's traces) is read
/// again as rows (<see cref="JsonColumnTables"/>); every value no table holds is scanned as text (<c>data.json#text</c>); long strings are
/// handed on as files (a CSV or base64 inside a string). Numbers are kept as written. Streamed in
/// passes over the content (structure, then text, then each table), so memory stays bounded for
/// any size; nesting is bounded by the context.
/// </summary>
public sealed class JsonReader : IContentReader
{
    public string Format => "json";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) =>
        JsonSniff.Classify(head) != JsonShape.None;

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var head = source.Head(Unpacker.HeadBytes);
        var lines = JsonSniff.Classify(head) == JsonShape.Lines;
        var data = Reopenable(source, context);
        var nesting = context.Limits.MaxNesting;

        var finder = new JsonTableFinder(nesting, lines);
        using (var stream = data.Open())
        {
            var pump = new JsonTokenPump(stream, 0, lines, context);
            while (pump.Pump(finder)) { }
        }
        var tables = finder.Choose();
        foreach (var table in tables)
            yield return new TablePart($"{path}#{table.Path}", table.Names, Rows(data, table, lines, context))
            {
                // Records are numbered as their index in the array (the header is line 1), NDJSON by line.
                FirstRowNumber = table.Offset == -1 || table.Keyed ? 0 : -1,
                RowNoun = table.Offset == -1 ? "line" : table.Keyed ? "member" : "record",
            };
        if (finder.HasLooseValues)
        {
            var byOffset = tables.ToDictionary(t => t.Offset);
            yield return new TextPart($"{path}#text", new LazyTextSource(() => Text(data, byOffset, lines, context)));
        }
        foreach (var (offset, where) in finder.Strings)
            yield return new EmbeddedFile($"{path}#{where}", new JsonStringSource(data, offset, context));
        foreach (var table in ColumnTables(data, lines, context))
            yield return new TablePart($"{path}#{table.Path}:{table.Shape}", table.Header, table.Rows) { FirstRowNumber = -1, RowNoun = "element" };
    }

    /// <summary>
    /// Column-oriented data (equal-length arrays, pandas columns and split, a plot's traces) read again as rows, for
    /// documents small enough to hold as a tree; the passes above still read every value as text.
    /// </summary>
    private static IReadOnlyList<JsonColumnTable> ColumnTables(ContentSource data, bool lines, UnpackContext context)
    {
        if (lines || data.Length is not { } n || n > Math.Min(JsonColumnTables.MaxBytes, context.Limits.MaxInMemoryBytes)) return [];
        try
        {
            return JsonColumnTables.Find(data.ReadAll(context), context.Limits.MaxNesting);
        }
        catch (InputLimitException)
        {
            return [];
        }
    }

    /// <summary>
    /// Each pass opens the content again: content that is costly to reopen (decompressed) is buffered
    /// when it fits in memory, and otherwise decompressed again for each pass (each counted in the budget).
    /// </summary>
    private static ContentSource Reopenable(ContentSource source, UnpackContext context)
    {
        if (source.Seekable) return source;
        if (source.Length is { } n && n > context.Limits.MaxInMemoryBytes) return source;
        try
        {
            return new MemorySource(source.ReadAll(context));
        }
        catch (InputLimitException)
        {
            return source;
        }
    }

    private static IEnumerable<IReadOnlyList<string>> Rows(ContentSource data, JsonTable table, bool lines, UnpackContext context)
    {
        var start = Math.Max(0, table.Offset);
        using var stream = JsonTokenPump.OpenAt(data, start, context);
        var pump = new JsonTokenPump(stream, start, lines && table.Offset == -1, context);
        var rows = new JsonRowCollector(context.Limits.MaxNesting, lines, table);
        while (true)
        {
            var more = pump.Pump(rows);
            while (rows.Ready.TryDequeue(out var row)) yield return row;
            if (!more) yield break;
        }
    }

    private static IEnumerable<string> Text(ContentSource data, IReadOnlyDictionary<long, JsonTable> tables, bool lines, UnpackContext context)
    {
        using var stream = data.Open();
        var pump = new JsonTokenPump(stream, 0, lines, context);
        var text = new JsonTextRenderer(context.Limits.MaxNesting, lines, tables);
        while (true)
        {
            var more = pump.Pump(text);
            if (text.Output.Length > 0)
            {
                yield return text.Output.ToString();
                text.Output.Clear();
            }
            if (!more) yield break;
        }
    }
}

/// <summary>A long JSON string as a file of its own (unescaped, UTF-8), read again from its offset when opened.</summary>
internal sealed class JsonStringSource(ContentSource document, long offset, UnpackContext context) : ContentSource
{
    public override long? Length => null;

    public override Stream Open()
    {
        using var stream = JsonTokenPump.OpenAt(document, offset, context);
        var pump = new JsonTokenPump(stream, offset, multipleValues: false, context);
        var grab = new FirstString();
        while (grab.Text is null && pump.Pump(grab)) { }
        return new MemoryStream(System.Text.Encoding.UTF8.GetBytes(grab.Text ?? ""), writable: false);
    }

    private sealed class FirstString : IJsonTokens
    {
        public string? Text { get; private set; }

        public bool Token(ref Utf8JsonReader reader, long at)
        {
            Text = reader.TokenType == JsonTokenType.String ? reader.GetString() ?? "" : "";
            return false;
        }
    }
}
