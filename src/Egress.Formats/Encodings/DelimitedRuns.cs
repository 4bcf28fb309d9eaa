namespace Egress.Formats.Encodings;

/// <summary>
/// Finds runs between an opening and a closing marker (ASCII85's <c>&lt;~ … ~&gt;</c>, btoa's
/// <c>xbtoa Begin … xbtoa End</c>) whose body is all of the encoding's alphabet. A run the block
/// boundary cuts is returned open (at the block's end after an opening marker, at its start before a
/// closing one) to be joined with its other part.
/// </summary>
internal static class DelimitedRuns
{
    public delegate bool BodyTest(ReadOnlySpan<byte> body);

    /// <summary>The runs of one block, as (start, end, open at start, open at end).</summary>
    /// <param name="closeLine">The closing marker's line belongs to the run (btoa's trailer gives the length).</param>
    public static List<(int Start, int End, bool OpenStart, bool OpenEnd)>? Find(ReadOnlySpan<byte> block, bool firstBlock,
        ReadOnlySpan<byte> open, ReadOnlySpan<byte> close, bool closeLine, BodyTest body)
    {
        List<(int, int, bool, bool)>? runs = null;
        var pos = 0;
        if (!firstBlock)
        {
            var c = block.IndexOf(close);
            if (c >= 0 && block[..c].IndexOf(open) < 0 && body(block[..c]))
            {
                var end = CloseEnd(block, c + close.Length, closeLine);
                (runs ??= []).Add((0, end, true, false));
                pos = end;
            }
        }
        int k;
        while ((k = block[pos..].IndexOf(open)) >= 0)
        {
            var start = pos + k;
            var bodyStart = start + open.Length;
            var c = block[bodyStart..].IndexOf(close);
            if (c < 0)
            {
                if (body(block[bodyStart..])) (runs ??= []).Add((start, block.Length, false, true));
                break;
            }
            if (!body(block.Slice(bodyStart, c)))
            {
                pos = bodyStart;
                continue;
            }
            var end = CloseEnd(block, bodyStart + c + close.Length, closeLine);
            (runs ??= []).Add((start, end, false, false));
            pos = end;
        }
        return runs;
    }

    private static int CloseEnd(ReadOnlySpan<byte> block, int afterClose, bool closeLine)
    {
        if (!closeLine) return afterClose;
        var k = block[afterClose..].IndexOf((byte)'\n');
        return k < 0 ? block.Length : afterClose + k;
    }
}
