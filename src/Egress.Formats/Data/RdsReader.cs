using Egress.Formats.Content;
using Egress.Formats.Data.R;

namespace Egress.Formats.Data;

/// <summary>
/// R's serialized objects: <c>.rds</c> (saveRDS: one object) and <c>.RData</c>/<c>.rda</c> (save: magic
/// RDX2/RDX3, then a pairlist of named objects, each a part: <c>results.RData#df</c>). XDR, native
/// binary and ASCII encodings, versions 2 and 3. gzip'd files reach this reader through the gzip
/// reader; bzip2- and xz-compressed ones are not decompressed here and stay opaque.
/// </summary>
public sealed class RdsReader : IContentReader
{
    public string Format => "R data";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source)
    {
        if (head.Length >= 5 && head[0] == 'R' && head[1] == 'D' && head[2] is (byte)'X' or (byte)'A' or (byte)'B' && head[3] is (byte)'2' or (byte)'3' && head[4] == '\n')
            return true;
        if (head.Length < 6) return false;
        return (head[0], head[1]) switch
        {
            ((byte)'X', (byte)'\n') => head[2] == 0 && head[3] == 0 && head[4] == 0 && head[5] is 2 or 3,
            ((byte)'B', (byte)'\n') => head[2] is 2 or 3 && head[3] == 0 && head[4] == 0 && head[5] == 0,
            ((byte)'A', (byte)'\n') => head[2] is (byte)'2' or (byte)'3' && head[3] == '\n',
            _ => false,
        };
    }

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var data = source.ReadAll(context);
        var isWorkspace = data.Span.StartsWith("RD"u8);
        var (root, rest, unsupported) = Unserialize(data, isWorkspace ? 5 : 0, context);
        if (unsupported is not null)
        {
            yield return new Notice(path, NoticeKind.Unsupported, $"R data with {unsupported}");
            yield break;
        }
        if (isWorkspace)
        {
            if (root is not RPairs objects) throw new InvalidDataException("an R workspace that is not a list of named objects");
            foreach (var (name, value) in objects.Items)
                foreach (var part in RParts.For(value, $"{path}#{name ?? "?"}", context))
                    yield return part;
        }
        else
            foreach (var part in RParts.For(root!, path, context))
                yield return part;
        // ASCII data ends with a newline; anything more after the object is content of its own.
        if (rest > 0 && data.Span[^(int)rest..].ContainsAnyExcept(" \r\n\t"u8))
            yield return new EmbeddedFile(path + "#after-object", new MemorySource(data[^(int)rest..]));
    }

    private static (RObject? Root, long Trailing, string? Unsupported) Unserialize(ReadOnlyMemory<byte> data, int start, UnpackContext context)
    {
        var input = RInput.For(data, start);
        var reader = new RUnserializer(input, context);
        try
        {
            reader.ReadHeader();
            var root = reader.ReadItem();
            return (root, input.Remaining, null);
        }
        catch (NotSupportedException e)
        {
            return (null, 0, e.Message.Replace(" is not read here", "", StringComparison.Ordinal));
        }
    }
}
