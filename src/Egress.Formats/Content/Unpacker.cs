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

    public IEnumerable<Part> Walk(ContentSource source, string path, UnpackContext context) => Walk(source, path, context, 0);

    private IEnumerable<Part> Walk(ContentSource source, string path, UnpackContext context, int depth)
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
            yield return failure;
            yield break;
        }
        if (reader is null)
        {
            if (head!.Length == 0) yield break;
            if (!LayoutSniffer.LooksBinary(head)) yield return new TextPart(path, source);
            else yield return new OpaquePart(path, source.Length ?? head.Length, "binary content of an unknown format");
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
                yield return failure;
                yield break;
            }
            if (part is not EmbeddedFile embedded)
            {
                yield return part!;
                continue;
            }
            if (depth + 1 > context.Limits.MaxDepth)
            {
                yield return new Notice(embedded.Path, NoticeKind.LimitReached,
                    $"nested more than {context.Limits.MaxDepth} layers deep (archives or encodings inside each other); not unpacked further");
                continue;
            }
            foreach (var inner in Walk(embedded.Source, embedded.Path, context, depth + 1)) yield return inner;
        }
    }

    private IContentReader? Recognize(byte[] head, ContentSource source)
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
