using System.Buffers.Binary;
using System.Text;
using Egress.Formats.Content;
using Egress.Formats.Data.Arrow;

namespace Egress.Formats.Data;

/// <summary>
/// Apache Arrow IPC: the file format (Feather v2, <c>ARROW1</c>) and the stream format (a Schema message
/// after the continuation marker). The schema's fields become one table across record batches (struct
/// fields flattened to <c>parent.child</c> columns, lists as <c>[a, b]</c> cells, dictionary-encoded
/// columns resolved, LZ4-compressed buffers decoded); the schema's key–value metadata (pandas' own, not
/// the index) is text. Zstandard-compressed buffers, big-endian files, unions and view types are
/// unsupported: never released. The file is read whole (bounded by the in-memory cap).
/// </summary>
public sealed class ArrowReader : IContentReader
{
    private const int Continuation = -1;
    private const byte SchemaMessage = 1, DictionaryBatchMessage = 2, RecordBatchMessage = 3;

    public string Format => "arrow";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) =>
        head.StartsWith("ARROW1"u8) || head.Length >= 16 && BinaryPrimitives.ReadInt32LittleEndian(head) == Continuation && StartsWithSchema(head);

    /// <summary>The stream format has no magic: its first message must parse as a Schema.</summary>
    private static bool StartsWithSchema(ReadOnlySpan<byte> head)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(head[4..]);
        if (length < 16 || length > head.Length - 8) return false;
        try
        {
            var message = FlatBuffer.Root(head.Slice(8, length).ToArray());
            return message.Byte(1) == SchemaMessage && message.Table(2) is not null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var data = source.ReadAll(context);
        var file = data.Span.StartsWith("ARROW1"u8);
        var at = file ? 8 : 0;
        var (schema, next) = Message(data, at);
        if (schema.Byte(1) != SchemaMessage || schema.Table(2) is not { } schemaTable) throw new InvalidDataException("an Arrow stream that does not begin with its schema");
        var fields = ArrowField.Schema(schemaTable, Math.Min(64, context.Limits.MaxNesting));
        var header = new List<string>();
        foreach (var f in fields) Columns(f, f.Name, header);
        var failure = new RowFailure(path, Format);
        yield return new TablePart(path, header, failure.Guard(Rows(data, next, fields, context)));
        if (failure.Notice is { } notice) yield return notice;
        else if (file && !data.Span.EndsWith("ARROW1"u8))
            yield return new Notice(path, NoticeKind.Corrupt, "the Arrow file has no footer (a truncated file); what is missing was not inspected");
        var metadata = new StringBuilder();
        foreach (var kv in schemaTable.Tables(2)) metadata.Append(kv.String(0)).Append(": ").Append(kv.String(1)).Append('\n');
        if (metadata.Length > 0) yield return new TextPart(path + "#metadata", new MemorySource(Encoding.UTF8.GetBytes(metadata.ToString())));
    }

    /// <summary>The header's column names: a struct's children as parent.child.</summary>
    private static void Columns(ArrowField f, string name, List<string> header)
    {
        if (f.Type == ArrowType.Struct && f.DictionaryId is null && f.Children.Count > 0)
            foreach (var c in f.Children) Columns(c, $"{name}.{c.Name}", header);
        else header.Add(name);
    }

    private static void Cells(ArrowArray a, long row, List<string> cells)
    {
        if (a.Field.Type == ArrowType.Struct && a.Field.DictionaryId is null && a.Children.Count > 0)
            foreach (var c in a.Children) Cells(c, row, cells);
        else cells.Add(a.Text(row));
    }

    private static IEnumerable<IReadOnlyList<string>> Rows(ReadOnlyMemory<byte> data, int at, List<ArrowField> fields, UnpackContext context)
    {
        var dictionaries = new Dictionary<long, ArrowArray>();
        while (true)
        {
            context.ThrowIfCancelled();
            if (at + 8 > data.Length) throw new EndOfStreamException();
            if (IsEnd(data.Span[at..])) yield break;
            var (message, bodyAt) = Message(data, at);
            var bodyLength = message.Long(3);
            if (bodyLength < 0 || bodyLength > data.Length - bodyAt) throw new EndOfStreamException();
            var body = data.Slice(bodyAt, (int)bodyLength);
            at = bodyAt + (int)bodyLength;
            switch (message.Byte(1))
            {
                case RecordBatchMessage:
                {
                    var batch = new ArrowBatch(message.Table(2) ?? throw new InvalidDataException("an Arrow record batch without its header"), body, dictionaries, context);
                    var arrays = batch.Arrays(fields);
                    for (long r = 0; r < batch.Length; r++)
                    {
                        if ((r & 1023) == 0) context.ThrowIfCancelled();
                        var cells = new List<string>(arrays.Count);
                        foreach (var a in arrays) Cells(a, r, cells);
                        yield return cells;
                    }
                    break;
                }
                case DictionaryBatchMessage:
                {
                    var header = message.Table(2) ?? throw new InvalidDataException("an Arrow dictionary batch without its header");
                    var id = header.Long(0);
                    if (header.Bool(2)) throw new NotSupportedException("Arrow dictionary deltas are not read here");
                    var field = Find(fields, id) ?? throw new InvalidDataException($"an Arrow dictionary {id} no column uses");
                    var values = field with { DictionaryId = null };
                    var batch = new ArrowBatch(header.Table(1) ?? throw new InvalidDataException("an Arrow dictionary batch without its data"), body, dictionaries, context);
                    dictionaries[id] = batch.Arrays([values])[0];
                    break;
                }
                default:
                    throw new NotSupportedException("Arrow tensors are not read here");
            }
        }
    }

    private static ArrowField? Find(IEnumerable<ArrowField> fields, long id)
    {
        foreach (var f in fields)
        {
            if (f.DictionaryId == id) return f;
            if (Find(f.Children, id) is { } inner) return inner;
        }
        return null;
    }

    /// <summary>The end-of-stream marker: a zero length, after the continuation marker or alone (before format 0.15).</summary>
    private static bool IsEnd(ReadOnlySpan<byte> b)
    {
        var first = BinaryPrimitives.ReadInt32LittleEndian(b);
        return first == 0 || first == Continuation && BinaryPrimitives.ReadInt32LittleEndian(b[4..]) == 0;
    }

    /// <summary>One message's metadata (a FlatBuffers Message) at <paramref name="at"/>, and where its body starts.</summary>
    private static (FlatBuffer Message, int BodyAt) Message(ReadOnlyMemory<byte> data, int at)
    {
        if (at + 8 > data.Length) throw new EndOfStreamException();
        var length = BinaryPrimitives.ReadInt32LittleEndian(data.Span[at..]);
        at += 4;
        if (length == Continuation)
        {
            length = BinaryPrimitives.ReadInt32LittleEndian(data.Span[at..]);
            at += 4;
        }
        if (length <= 0 || length > data.Length - at) throw new EndOfStreamException();
        return (FlatBuffer.Root(data.Slice(at, length)), at + length);
    }
}
