using System.IO.Compression;
using System.Text;
using Egress.Formats.Content;
using Egress.Formats.Data.Avro;

namespace Egress.Formats.Data;

/// <summary>
/// Avro object container files (<c>Obj\x01</c>): the schema from the file's metadata, then blocks of
/// records (codec null, deflate or snappy), each ended by the file's sync marker. Records become one
/// table (fields as columns, nested records as parent.child); the metadata other than the schema is
/// text. Other codecs (zstandard, bzip2, xz) are unsupported. The file is read whole (bounded by the in-memory cap).
/// </summary>
public sealed class AvroReader : IContentReader
{
    public string Format => "avro";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) => head.Length >= 4 && head.StartsWith("Obj\x01"u8);

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var data = source.ReadAll(context);
        var header = new AvroDecoder(data[4..], context.Limits.MaxNesting);
        var metadata = new Dictionary<string, byte[]>();
        while (true)
        {
            var count = header.Long();
            if (count == 0) break;
            if (count < 0)
            {
                count = -count;
                header.Long();
            }
            if (count > data.Length) throw new InvalidDataException("an Avro metadata map larger than the file");
            for (long i = 0; i < count; i++)
            {
                var key = Encoding.UTF8.GetString(header.Take(Length(header, data.Length)));
                metadata[key] = header.Take(Length(header, data.Length)).ToArray();
            }
        }
        var sync = header.Take(16).ToArray();
        var codec = metadata.TryGetValue("avro.codec", out var c) ? Encoding.UTF8.GetString(c) : "null";
        var schema = AvroSchema.Parse(metadata.TryGetValue("avro.schema", out var s) ? Encoding.UTF8.GetString(s) : throw new InvalidDataException("an Avro file without its schema"),
            context.Limits.MaxNesting);
        var blocksAt = 4 + header.Position;
        if (codec is not ("null" or "deflate" or "snappy"))
            yield return new Notice(path, NoticeKind.Unsupported, $"Avro blocks compressed with {codec} are not read here");
        else
        {
            var failure = new RowFailure(path, Format);
            yield return new TablePart(path, AvroDecoder.Header(schema), failure.Guard(Rows(data[blocksAt..], sync, codec, schema, context)));
            if (failure.Notice is { } notice) yield return notice;
        }
        var text = new StringBuilder();
        foreach (var (key, value) in metadata.Where(kv => kv.Key is not ("avro.schema" or "avro.codec")))
            text.Append(key).Append(": ").Append(Encoding.UTF8.GetString(value)).Append('\n');
        if (text.Length > 0) yield return new TextPart(path + "#metadata", new MemorySource(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static int Length(AvroDecoder d, int max)
    {
        var n = d.Long();
        return n < 0 || n > max ? throw new EndOfStreamException() : (int)n;
    }

    private static IEnumerable<IReadOnlyList<string>> Rows(ReadOnlyMemory<byte> blocks, byte[] sync, string codec, AvroSchema schema, UnpackContext context)
    {
        var reader = new AvroDecoder(blocks, context.Limits.MaxNesting);
        while (!reader.AtEnd)
        {
            context.ThrowIfCancelled();
            var count = reader.Long();
            var size = reader.Long();
            if (count < 0 || size < 0 || size > blocks.Length) throw new InvalidDataException("an Avro block with a negative or oversized length");
            var block = Block(reader.Take((int)size).ToArray(), codec, context);
            if (!reader.Take(16).SequenceEqual(sync)) throw new InvalidDataException("an Avro block not ended by the file's sync marker");
            var records = new AvroDecoder(block, context.Limits.MaxNesting);
            for (long r = 0; r < count; r++)
            {
                if ((r & 1023) == 0) context.ThrowIfCancelled();
                yield return records.Row(schema);
            }
            if (!records.AtEnd) throw new InvalidDataException("an Avro block with bytes after its records");
        }
    }

    private static byte[] Block(byte[] stored, string codec, UnpackContext context)
    {
        switch (codec)
        {
            case "deflate":
            {
                using var inflate = context.CountExpansion(new DeflateStream(new MemoryStream(stored), CompressionMode.Decompress));
                using var output = new MemoryStream();
                var chunk = new byte[1 << 16];
                int n;
                while ((n = inflate.Read(chunk)) > 0)
                {
                    if (output.Length + n > context.Limits.MaxInMemoryBytes) throw new InputLimitException("an Avro block inflating past the in-memory cap");
                    output.Write(chunk, 0, n);
                }
                return output.ToArray();
            }
            case "snappy":
            {
                // Snappy blocks end with the CRC-32 of the uncompressed data (4 bytes, not checked here).
                if (stored.Length < 4) throw new EndOfStreamException();
                var block = IronSnappy.Snappy.Decode(stored.AsSpan(0, stored.Length - 4));
                context.CountExpanded(block.Length);
                return block;
            }
            default:
                return stored;
        }
    }
}
