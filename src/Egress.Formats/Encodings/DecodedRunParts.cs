using Egress.Formats.Content;

namespace Egress.Formats.Encodings;

/// <summary>
/// Turns the encoded runs of a scanned part into parts, in the order they lie: a readable run is walked
/// through the unpacker as an embedded file one layer below the part (sniffed again, so a base64 of a
/// gzip of a CSV is read; unexplained bytes end opaque, their reason naming the encoding), and a bound
/// that stopped the collection is a notice.
/// </summary>
public static class DecodedRunParts
{
    /// <param name="pathOf">The provenance of a run from its encoding, offset and line.</param>
    public static IEnumerable<Part> Walk(CollectedRuns runs, Part source, Func<string, long, long, string> pathOf, Unpacker unpacker, UnpackContext context)
    {
        var depth = source.Depth + 1;
        foreach (var run in runs.Runs)
        {
            var path = pathOf(run.Encoding, run.Offset, run.Line);
            Notice? limit = null;
            try
            {
                context.CountExpanded(run.Bytes.Length);
            }
            catch (InputLimitException e)
            {
                limit = new Notice(path, NoticeKind.LimitReached, e.Message) { Depth = depth };
            }
            if (limit is not null)
            {
                yield return limit;
                yield break;
            }
            foreach (var part in unpacker.Walk(new MemorySource(run.Bytes), path, context, depth))
                yield return part is OpaquePart opaque && opaque.Path == path
                    ? opaque with { Reason = $"a {run.Description ?? run.Encoding + " run"} of {run.EncodedLength:N0} characters that decodes to {opaque.Reason}" }
                    : part;
        }
        if (runs.Limit is { } why)
            yield return new Notice(source.Path, NoticeKind.LimitReached, $"the encoded runs in it were not all decoded ({why})") { Depth = source.Depth };
    }
}
