namespace Egress.Formats.Content;

/// <summary>
/// Walks an export down to the parts the detectors read: sniffs each layer by content, hands it to
/// the first reader that recognises it, and walks embedded files again, depth-bounded. Content no
/// reader recognises is text when it looks like text and opaque otherwise. A reader that fails
/// (damaged input, a limit, a bug) ends its layer with a notice, never the check: fail closed.
/// </summary>
public sealed class Unpacker(IReadOnlyList<IContentReader> readers)
{
    public const int HeadBytes = 64 * 1024;

    public IReadOnlyList<IContentReader> Readers { get; } = readers;

    public IEnumerable<Part> Walk(ContentSource source, string path, UnpackContext context) => WalkLayer(source, path, context, 0);

    /// <summary>
    /// Walks content found <paramref name="depth"/> layers down (a run decoded from a text part one layer
    /// below that part), so nesting stays bounded however the layers were found.
    /// </summary>
    public IEnumerable<Part> Walk(ContentSource source, string path, UnpackContext context, int depth)
    {
        if (depth > context.Limits.MaxDepth) return [TooDeep(path, context, depth)];
        return WalkLayer(source, path, context, depth);
    }

    /// <summary>Whether content is text or a format some reader recognises (else it is opaque).</summary>
    public bool CanRead(ContentSource source, ReadOnlySpan<byte> head) =>
        head.Length == 0 || Recognize(head, source) is { IsCatchAll: false } || !LayoutSniffer.LooksBinary(head);

    private IEnumerable<Part> WalkLayer(ContentSource source, string path, UnpackContext context, int depth)
    {
        byte[]? head = null;
        IContentReader? reader = null;
        Notice? failure = null;
        try
        {
            head = source.Head(HeadBytes);
            // Recognising may read more than the head (a zip's end record): it can fail like reading.
            reader = Recognize(head, source);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failure = Failed(path, e);
        }
        if (failure is not null)
        {
            yield return failure with { Depth = depth };
            yield break;
        }
        if (reader is null)
        {
            if (head!.Length == 0) yield break;
            if (!LayoutSniffer.LooksBinary(head)) yield return new TextPart(path, source) { Depth = depth };
            else yield return Opaque(source, path, head, context, depth);
            yield break;
        }
        using var parts = reader.Read(source, path, context).GetEnumerator();
        // Once unpacking is stopped (a budget spent, a bomb found), what remains is not read: whatever
        // stopped it has reported itself (the limit's exception became a notice or finding; a reader that stops gives its notice).
        while (!context.Stopped)
        {
            Part? part = null;
            try
            {
                if (!parts.MoveNext()) break;
                part = parts.Current;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failure = Failed(path, e, reader.Format);
            }
            if (failure is not null)
            {
                yield return failure with { Depth = depth };
                yield break;
            }
            if (part is not EmbeddedFile embedded)
            {
                yield return part!.Depth == depth ? part : part with { Depth = depth };
                continue;
            }
            foreach (var inner in Walk(embedded.Source, embedded.Path, context, depth + 1)) yield return inner;
        }
    }

    private static Notice TooDeep(string path, UnpackContext context, int depth) =>
        new(path, NoticeKind.LimitReached,
            $"nested more than {context.Limits.MaxDepth} layers deep (archives or encodings inside each other); not unpacked further") { Depth = depth };

    /// <summary>
    /// Content no reader explains: what it looks like (from its byte statistics) and how large it is, so
    /// the report says what could not be inspected.
    /// </summary>
    private static Part Opaque(ContentSource source, string path, byte[] head, UnpackContext context, int depth)
    {
        long bytes;
        try
        {
            bytes = source.Length ?? (head.Length < HeadBytes ? head.Length : MeasureLength(source, context));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Failed(path, e) with { Depth = depth };
        }
        return new OpaquePart(path, bytes, BinaryClassifier.Describe(head)) { Depth = depth };
    }

    /// <summary>The length of content that does not know it (a decompressed stream), read through within the budgets.</summary>
    private static long MeasureLength(ContentSource source, UnpackContext context)
    {
        using var stream = source.Open();
        var buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            context.ThrowIfCancelled();
            total += n;
        }
        return total;
    }

    private IContentReader? Recognize(ReadOnlySpan<byte> head, ContentSource source)
    {
        foreach (var r in Readers)
            if (r.Recognizes(head, source))
                return r;
        return null;
    }

    /// <summary>A failure becomes a notice: a limit says which, anything else is damage (or a reader's bug) and says what.</summary>
    private static Notice Failed(string path, Exception e, string? format = null) => e switch
    {
        InputLimitException => new Notice(path, NoticeKind.LimitReached, e.Message),
        _ => new Notice(path, NoticeKind.Corrupt,
            $"{(format is null ? "content" : format)} could not be read to the end ({Describe(e)}); the rest was not inspected"),
    };

    private static string Describe(Exception e) => e switch
    {
        EndOfStreamException => "it ends early",
        InvalidDataException or FormatException => e.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
