using System.Text;
using Egress.Formats.Content;
using Egress.Formats.Data.Sqlite;

namespace Egress.Formats.Data;

/// <summary>
/// SQLite databases (<c>SQLite format 3\0</c>), read from the file format directly: nothing in the
/// file is executed (no SQL, no triggers, no views, no virtual-table modules). Every table with storage
/// becomes a table part named by the table (<c>study.db#participants</c>) with its declared column names,
/// the INTEGER PRIMARY KEY column filled from the rowid; the schema's statements are text; blobs are read
/// again as files of their own. Free pages (rows deleted but not vacuumed away) are not read and
/// are reported, so such a file is never released. The file is read whole (bounded by the in-memory cap).
/// </summary>
public sealed class SqliteReader : IContentReader
{
    /// <summary>Blobs read again as files, per table: beyond this the rest is reported as not inspected.</summary>
    private const int MaxBlobsPerTable = 256;

    public string Format => "sqlite";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) => head.StartsWith(SqliteFile.Magic);

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var file = new SqliteFile(source.ReadAll(context));
        if (file.Truncated)
            yield return new Notice(path, NoticeKind.Corrupt, "the SQLite file ends before the pages its header counts (a truncated copy); what is missing was not inspected");
        var schema = Schema(file, context);
        if (schema.Count > 0)
            yield return new TextPart(path + "#schema", new MemorySource(Encoding.UTF8.GetBytes(string.Join(";\n", schema.Select(s => s.Sql)) + "\n")));
        foreach (var entry in schema.Where(s => s.Type == "table" && s.RootPage > 0))
        {
            context.ThrowIfCancelled();
            var where = $"{path}#{entry.Name}";
            var table = SqliteTableSchema.Parse(entry.Sql);
            var blobs = new List<byte[]>();
            var failure = new RowFailure(where, Format);
            yield return new TablePart(where, table.Columns, failure.Guard(Rows(file, entry.RootPage, table, blobs, context)));
            if (failure.Notice is { } notice) yield return notice;
            for (var i = 0; i < blobs.Count && i < MaxBlobsPerTable; i++)
                yield return new EmbeddedFile($"{where}/blob{i + 1}", new MemorySource(blobs[i]));
            if (blobs.Count > MaxBlobsPerTable)
                yield return new Notice(where, NoticeKind.LimitReached, $"more than {MaxBlobsPerTable} blobs in table {entry.Name}; the rest were not inspected");
        }
        if (file.FreePages > 0)
            yield return new Notice(path + "#free-pages", NoticeKind.Unsupported,
                $"{file.FreePages:N0} free pages may still hold deleted rows, which are not read here; VACUUM the database before exporting it");
    }

    private sealed record SchemaEntry(string Type, string Name, long RootPage, string Sql);

    /// <summary>sqlite_schema (the b-tree on page 1): type, name, tbl_name, rootpage, sql.</summary>
    private static List<SchemaEntry> Schema(SqliteFile file, UnpackContext context)
    {
        var entries = new List<SchemaEntry>();
        foreach (var (_, record) in SqliteBTree.Cells(file, 1, context))
        {
            var cells = SqliteRecord.Cells(record, file.Text, null);
            if (cells.Count < 5) throw new InvalidDataException("an sqlite_schema row with fewer than five columns");
            if (!long.TryParse(cells[3], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var root))
                root = 0;
            entries.Add(new SchemaEntry(cells[0], cells[1], root, cells[4]));
        }
        return entries;
    }

    private static IEnumerable<IReadOnlyList<string>> Rows(SqliteFile file, long root, SqliteTableSchema table, List<byte[]> blobs, UnpackContext context)
    {
        var width = table.Columns?.Count ?? 0;
        // The scanner may read the rows more than once: the blobs are those of the last reading.
        blobs.Clear();
        foreach (var (rowId, record) in SqliteBTree.Cells(file, root, context))
        {
            var cells = SqliteRecord.Cells(record, file.Text, blobs.Count <= MaxBlobsPerTable ? blobs : null);
            // Columns added by ALTER TABLE after a row was written are missing from its record: their default is not known here.
            while (cells.Count < width) cells.Add("");
            if (table.RowIdColumn >= 0 && table.RowIdColumn < cells.Count && cells[table.RowIdColumn].Length == 0)
                cells[table.RowIdColumn] = NumberText.Integer(rowId);
            yield return cells;
        }
    }
}
