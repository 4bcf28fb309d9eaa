using System.Buffers.Binary;
using System.Text;
using Egress.Formats.Content;
using Egress.Formats.Data.Parquet;

namespace Egress.Formats.Data;

/// <summary>
/// Apache Parquet (magic <c>PAR1</c> at both ends): the footer's metadata (Thrift compact protocol)
/// gives the schema and row groups; the flat columns become one table whose rows are assembled
/// across row groups, one row group at a time, one page per column in memory. Repeated (nested list)
/// columns become a table each. Column chunks compressed with a codec not read here (Zstandard, LZ4,
/// Brotli, LZO) are reported as unsupported: the file is then never released.
/// </summary>
public sealed class ParquetReader : IContentReader
{
    /// <summary>Past this many columns, the chunks are read from one copy in memory rather than one open stream each.</summary>
    private const int MaxOpenStreams = 64;

    public string Format => "parquet";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) => head.StartsWith("PAR1"u8);

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var (metadata, file) = ReadFooter(source, context);
        for (var g = 0; g < metadata.RowGroups.Count; g++)
            for (var c = 0; c < metadata.Columns.Count; c++)
                if (!ParquetColumnCursor.Decompresses(metadata.RowGroups[g].Chunks[c].Codec))
                    yield return new Notice($"{path}#{metadata.Columns[c].Name}", NoticeKind.Unsupported,
                        $"Parquet column {metadata.Columns[c].Name} in row group {g + 1} is compressed with {ParquetColumnCursor.CodecName(metadata.RowGroups[g].Chunks[c].Codec)}, which is not read here");

        var flat = Enumerable.Range(0, metadata.Columns.Count).Where(c => metadata.Columns[c].MaxRepetition == 0).ToArray();
        if (flat.Length > 0)
        {
            var failure = new RowFailure(path, Format);
            yield return new TablePart(path, flat.Select(c => metadata.Columns[c].Name).ToList(), failure.Guard(FlatRows(metadata, flat, file, context)));
            if (failure.Notice is { } notice) yield return notice;
        }
        foreach (var c in Enumerable.Range(0, metadata.Columns.Count).Where(c => metadata.Columns[c].MaxRepetition > 0))
        {
            var part = $"{path}#{metadata.Columns[c].Name}";
            var failure = new RowFailure(part, Format);
            yield return new TablePart(part, [metadata.Columns[c].Name], failure.Guard(RepeatedValues(metadata, c, file, context)));
            if (failure.Notice is { } notice) yield return notice;
        }
        var text = new StringBuilder();
        // The Arrow schema repeats the Parquet schema (already read) as base64 of a binary layout.
        foreach (var (key, value) in metadata.KeyValues.Where(kv => kv.Key != "ARROW:schema"))
            text.Append(key).Append(": ").Append(value).Append('\n');
        if (text.Length > 0)
            yield return new TextPart(path + "#metadata", new MemorySource(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static (ParquetMetadata, RandomAccess) ReadFooter(ContentSource source, UnpackContext context)
    {
        var file = new RandomAccess(source, context);
        var length = file.Length;
        if (length < 12) throw new InvalidDataException("a Parquet file too short to hold its footer");
        var tail = new byte[8];
        using (var s = file.OpenAt(length - 8)) s.ReadExactly(tail);
        if (!tail.AsSpan(4).SequenceEqual("PAR1"u8))
            throw new InvalidDataException(tail.AsSpan(4).SequenceEqual("PARE"u8)
                ? "an encrypted Parquet footer" : "no Parquet footer at the end (the file is truncated or damaged)");
        var footer = BinaryPrimitives.ReadUInt32LittleEndian(tail);
        if (footer > length - 12 || footer > context.Limits.MaxInMemoryBytes)
            throw new InvalidDataException("a Parquet footer longer than the file");
        using var f = new BufferedStream(file.OpenAt(length - 8 - footer), 1 << 16);
        var metadata = ParquetMetadata.From(new ThriftCompactReader(f, footer).ReadStruct(), length);
        file.WideColumns = metadata.Columns.Count > MaxOpenStreams;
        return (metadata, file);
    }

    private static IEnumerable<IReadOnlyList<string>> FlatRows(ParquetMetadata metadata, int[] flat, RandomAccess file, UnpackContext context)
    {
        foreach (var group in metadata.RowGroups)
        {
            var cursors = new ParquetColumnCursor?[flat.Length];
            try
            {
                for (var i = 0; i < flat.Length; i++)
                {
                    var chunk = group.Chunks[flat[i]];
                    if (ParquetColumnCursor.Decompresses(chunk.Codec))
                        cursors[i] = new ParquetColumnCursor(metadata.Columns[flat[i]], chunk, file.OpenAt(chunk.Start), context);
                }
                for (long r = 0; r < group.Rows; r++)
                {
                    if ((r & 1023) == 0) context.ThrowIfCancelled();
                    var cells = new string[flat.Length];
                    for (var i = 0; i < cells.Length; i++)
                    {
                        if (cursors[i] is not { } cursor)
                        {
                            cells[i] = "";
                            continue;
                        }
                        if (!cursor.TryNext(out var value, out _))
                            throw new InvalidDataException($"column {metadata.Columns[flat[i]].Name} holds fewer values than its row group's {group.Rows:N0} rows");
                        cells[i] = value ?? "";
                    }
                    yield return cells;
                }
            }
            finally
            {
                foreach (var cursor in cursors) cursor?.Dispose();
            }
        }
    }

    private static IEnumerable<IReadOnlyList<string>> RepeatedValues(ParquetMetadata metadata, int column, RandomAccess file, UnpackContext context)
    {
        foreach (var group in metadata.RowGroups)
        {
            var chunk = group.Chunks[column];
            if (!ParquetColumnCursor.Decompresses(chunk.Codec)) continue;
            using var cursor = new ParquetColumnCursor(metadata.Columns[column], chunk, file.OpenAt(chunk.Start), context);
            long n = 0;
            while (cursor.TryNext(out var value, out _))
            {
                if ((++n & 1023) == 0) context.ThrowIfCancelled();
                if (value is not null) yield return [value];
            }
        }
    }

    /// <summary>Streams that start anywhere in the file: the file itself when it can seek, else one copy in memory.</summary>
    private sealed class RandomAccess(ContentSource source, UnpackContext context)
    {
        private ReadOnlyMemory<byte>? _bytes;

        public bool WideColumns { get; set; }

        public long Length => source.Seekable && source.Length is { } n ? n : Bytes().Length;

        public Stream OpenAt(long offset)
        {
            if (source.Seekable && !WideColumns)
            {
                var s = source.Open();
                s.Seek(offset, SeekOrigin.Begin);
                return s;
            }
            var bytes = Bytes();
            if (offset < 0 || offset > bytes.Length) throw new InvalidDataException("a Parquet offset outside the file");
            return System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset + (int)offset, segment.Count - (int)offset, writable: false)
                : new MemoryStream(bytes[(int)offset..].ToArray(), writable: false);
        }

        private ReadOnlyMemory<byte> Bytes() => _bytes ??= source.ReadAll(context);
    }
}
