namespace Egress.Formats.Encodings;

internal enum RunKind : byte
{
    Alphabet,
    HexDump,
    Percent,
    QuotedPrintable,
    Ascii85,
    Btoa,
    Uuencode,
    Base85,
    Literals,
}

/// <summary>
/// A run found in a block: decoded already, or, when it touches the block's start or end (a wrapped
/// payload cut by the block boundary), kept as text to be joined with its other part and decoded whole.
/// </summary>
internal readonly record struct FoundRun(RunKind Kind, int Start, int End, bool OpenStart, bool OpenEnd, DecodedRun? Decoded)
{
    /// <summary>Why the run could not be decoded within the bounds (a dump's repeat standing for too many bytes).</summary>
    public string? Limit { get; init; }
}

/// <summary>
/// Finds the encoded runs in one block of text: base64, base32 and hex runs (one line or wrapped), hex
/// dumps, URL-encoded and quoted-printable runs, ASCII85 and btoa between their markers, uuencoded files,
/// base85 without delimiters, and string literals that code joins into one run. Each finder starts with a
/// vectorised search for what its encoding cannot do without (a long alphabet run, a long run of hex
/// digits and spaces, '%', '=', a marker, a long run without spaces, a quote), so a block with none costs
/// a few passes at memory speed.
/// </summary>
internal static class EncodedRunFinder
{
    /// <param name="firstBlock">The block starts the part (a run at its start was not cut by a block boundary).</param>
    /// <param name="maxRuns">Stop after this many runs; returns null when there is none.</param>
    public static List<FoundRun>? Find(ReadOnlySpan<byte> block, bool firstBlock, int maxRuns)
    {
        List<FoundRun>? found = null;
        FindAlphabetRuns(block, firstBlock, maxRuns, ref found);
        FindHexDumps(block, firstBlock, maxRuns, ref found);
        FindPercentRuns(block, maxRuns, ref found);
        FindQuotedPrintable(block, maxRuns, ref found);
        var delimitedFrom = found?.Count ?? 0;
        // One pass for a byte every Adobe marker has, one for what "xbtoa Begin" and "begin 644" share: a search
        // for a longer marker runs at half the speed, and most blocks have neither.
        if (block.IndexOf((byte)'~') >= 0)
            FindDelimited(block, firstBlock, RunKind.Ascii85, "<~"u8, "~>"u8, closeLine: false, Base85.AllAscii85, ref found);
        if (block.IndexOf("egin"u8) >= 0 || !firstBlock && MayContinueLineRun(block))
        {
            FindDelimited(block, firstBlock, RunKind.Btoa, "xbtoa Begin"u8, "xbtoa End"u8, closeLine: true, Base85.AllAscii85, ref found);
            FindUuencoded(block, firstBlock, ref found);
        }
        FindUndelimitedBase85(block, maxRuns, ref found);
        if (found is not null && found.Count > delimitedFrom) DropInside(found, delimitedFrom);
        FindLiteralChains(block, maxRuns, ref found);
        return found;
    }

    /// <summary>Decodes a run kept as text (joined over a block boundary).</summary>
    public static DecodedRun? Decode(RunKind kind, ReadOnlySpan<byte> raw, long offset) => kind switch
    {
        RunKind.Alphabet => AlphabetRunDecoder.Decode(raw, offset),
        RunKind.HexDump => HexDump.TryRead(raw, 0, out var bytes, out _, out _, out _) >= 0 ? new DecodedRun("hexdump", offset, raw.Length, bytes) : null,
        RunKind.Percent => PercentRun(raw, offset, dense: true),
        RunKind.Ascii85 => Base85Runs.DecodeAdobe(raw, offset),
        RunKind.Btoa => Base85Runs.DecodeBtoa(raw, offset),
        RunKind.Uuencode => Uuencode.Decode(raw, offset),
        _ => QuotedPrintableRun(raw, offset, dense: true),
    };

    private static void Add(ref List<FoundRun>? found, FoundRun run) => (found ??= []).Add(run);

    private static bool Full(List<FoundRun>? found, int maxRuns) => found is not null && found.Count > maxRuns;

    private static void FindAlphabetRuns(ReadOnlySpan<byte> block, bool firstBlock, int maxRuns, ref List<FoundRun>? found)
    {
        var pos = 0;
        if (!firstBlock)
        {
            // The tail of a wrapped payload cut by the block boundary can be shorter than a run on its own.
            var j = 0;
            while (j < block.Length && EncodedAlphabet.IsBase64(block[j])) j++;
            while (j < block.Length && j > 0 && block[j] == '=') j++;
            if (j >= 2 && (j == block.Length || AlphabetRuns.AfterLineBreak(block, j) > 0))
            {
                var end = AlphabetRuns.Extend(block, 0, j, out var openEnd);
                Add(ref found, new FoundRun(RunKind.Alphabet, 0, end, true, openEnd, null));
                pos = end;
            }
        }
        while (!Full(found, maxRuns) && AlphabetRuns.Next(block, pos, out var start, out var stop))
        {
            // Base64 cut up by %XX escapes is URL-encoded: that finder decodes the whole of it.
            if (start > 0 && block[start - 1] == '%' || stop < block.Length && block[stop] == '%')
            {
                pos = stop;
                continue;
            }
            var end = AlphabetRuns.Extend(block, start, stop, out var openEnd);
            var openStart = start == 0 && !firstBlock;
            if (openStart || openEnd) Add(ref found, new FoundRun(RunKind.Alphabet, start, end, openStart, openEnd, null));
            else if (AlphabetRunDecoder.Decode(block[start..end], start) is { } run)
                Add(ref found, new FoundRun(RunKind.Alphabet, start, end, false, false, run));
            pos = end;
        }
    }

    /// <summary>A hex dump line's bytes column (8 groups of 4 digits in xxd and od, 16 pairs in hexdump -C) is longer than this.</summary>
    private const int MinDumpColumn = 36;

    private static void FindHexDumps(ReadOnlySpan<byte> block, bool firstBlock, int maxRuns, ref List<FoundRun>? found)
    {
        // A dump at the block's start may be the rest of one cut by the block boundary (and so start at any offset).
        var next = TryDump(block, 0, firstBlock, ref found);
        while (!Full(found, maxRuns) && AlphabetRuns.NextHexAndSpaces(block, next, MinDumpColumn, out var start, out _))
        {
            var lineStart = block[..start].LastIndexOf((byte)'\n') + 1;
            next = TryDump(block, lineStart, firstBlock, ref found);
            if (next == lineStart) next = LineEnd(block, start);
        }
    }

    /// <summary>Reads a dump starting on the line at <paramref name="lineStart"/>; returns where to look on.</summary>
    private static int TryDump(ReadOnlySpan<byte> block, int lineStart, bool firstBlock, ref List<FoundRun>? found)
    {
        var end = HexDump.TryRead(block, lineStart, out var bytes, out var openEnd, out var firstOffset, out var limit);
        if (limit is not null)
        {
            Add(ref found, new FoundRun(RunKind.HexDump, lineStart, Math.Max(end, lineStart), false, false, null) { Limit = limit });
            return Math.Max(end, LineEnd(block, lineStart));
        }
        if (end < 0) return lineStart;
        var openStart = lineStart == 0 && !firstBlock && firstOffset != 0;
        Add(ref found, openStart || openEnd
            ? new FoundRun(RunKind.HexDump, lineStart, end, openStart, openEnd, null)
            : new FoundRun(RunKind.HexDump, lineStart, end, false, false, new DecodedRun("hexdump", lineStart, end - lineStart, bytes)));
        return end;
    }

    private static int LineEnd(ReadOnlySpan<byte> block, int at)
    {
        var k = block[at..].IndexOf((byte)'\n');
        return k < 0 ? block.Length : at + k;
    }

    private static void FindPercentRuns(ReadOnlySpan<byte> block, int maxRuns, ref List<FoundRun>? found)
    {
        var pos = 0;
        while (!Full(found, maxRuns) && PercentEncoding.Next(block, pos, out var start, out var end, out var dense))
        {
            Add(ref found, new FoundRun(RunKind.Percent, start, end, false, false, PercentRun(block[start..end], start, dense)));
            pos = end;
        }
    }

    private static void FindQuotedPrintable(ReadOnlySpan<byte> block, int maxRuns, ref List<FoundRun>? found)
    {
        if (block.IndexOf((byte)'=') < 0) return;
        foreach (var (start, end, dense) in QuotedPrintable.Regions(block))
        {
            if (Full(found, maxRuns)) return;
            Add(ref found, new FoundRun(RunKind.QuotedPrintable, start, end, false, false, QuotedPrintableRun(block[start..end], start, dense)));
        }
    }

    private static void FindDelimited(ReadOnlySpan<byte> block, bool firstBlock, RunKind kind, ReadOnlySpan<byte> open, ReadOnlySpan<byte> close,
        bool closeLine, DelimitedRuns.BodyTest body, ref List<FoundRun>? found)
    {
        if (DelimitedRuns.Find(block, firstBlock, open, close, closeLine, body) is not { } runs) return;
        foreach (var (start, end, openStart, openEnd) in runs)
            Add(ref found, new FoundRun(kind, start, end, openStart, openEnd, openStart || openEnd ? null : Decode(kind, block[start..end], start)));
    }

    /// <summary>
    /// The block may start inside a btoa or uuencoded body cut by the boundary: its first line is as wide as their
    /// lines (78 characters of btoa, 'M' and 60 of uuencode) and of their alphabet.
    /// </summary>
    private static bool MayContinueLineRun(ReadOnlySpan<byte> block)
    {
        var k = block.IndexOf((byte)'\n');
        var line = (k < 0 ? block : block[..k]).TrimEnd((byte)'\r');
        return (line.Length == 78 || line.Length == 61 && line[0] == 'M') && Base85.AllAscii85(line);
    }

    private static void FindUuencoded(ReadOnlySpan<byte> block, bool firstBlock, ref List<FoundRun>? found)
    {
        if (Uuencode.Find(block, firstBlock) is not { } runs) return;
        foreach (var (start, end, openStart, openEnd) in runs)
            Add(ref found, new FoundRun(RunKind.Uuencode, start, end, openStart, openEnd, openStart || openEnd ? null : Uuencode.Decode(block[start..end], start)));
    }

    /// <summary>
    /// Runs the other finders saw in a base85 or uuencoded run are pieces of it (its alphabet holds theirs): an
    /// alphabet run inside it, or '=XX' and '%XX' look-alikes anywhere in it.
    /// </summary>
    private static void DropInside(List<FoundRun> found, int delimitedFrom)
    {
        var wide = found[delimitedFrom..];
        found.RemoveAll(r => r.Kind is RunKind.Alphabet or RunKind.HexDump
                                 ? wide.Exists(d => d.Start <= r.Start && r.End <= d.End)
                                 : r.Kind is RunKind.Percent or RunKind.QuotedPrintable && wide.Exists(d => d.Start < r.End && r.Start < d.End));
    }

    private static void FindUndelimitedBase85(ReadOnlySpan<byte> block, int maxRuns, ref List<FoundRun>? found)
    {
        var pos = 0;
        while (!Full(found, maxRuns) && AlphabetRuns.NextPrintable(block, pos, Base85Runs.MinUndelimited, out var core, out var stop))
        {
            // The whole run: on to the spaces around the core (ASCII85 has ',' and ';' too).
            var start = core;
            while (start > pos && IsPrintable(block[start - 1])) start--;
            while (stop < block.Length && IsPrintable(block[stop])) stop++;
            pos = stop;
            // Most long runs without spaces (URLs, paths, code) fail the class test on their first line.
            if (!Base85Runs.LooksEncoded(block[start..stop])) continue;
            var end = WrappedEnd(block, start, stop);
            pos = end;
            // Inside a delimited run decoded already (what lies inside this one is dropped after).
            if (found is not null && found.Exists(r => r.Kind is RunKind.Ascii85 or RunKind.Btoa or RunKind.Uuencode && r.Start <= start && end <= r.End)) continue;
            if (Base85Runs.DecodeUndelimited(block[start..end], start) is { } run)
                Add(ref found, new FoundRun(RunKind.Base85, start, end, false, false, run));
        }
    }

    private static bool IsPrintable(byte b) => (byte)(b - '!') < 94;

    /// <summary>The end of a run wrapped on lines of one width (a shorter last line), or of its first line.</summary>
    private static int WrappedEnd(ReadOnlySpan<byte> block, int start, int stop)
    {
        var width = stop - start;
        var end = stop;
        while (AlphabetRuns.AfterLineBreak(block, end) is var next and > 0)
        {
            var j = next;
            while (j < block.Length && IsPrintable(block[j])) j++;
            if (j < block.Length && block[j] is not ((byte)'\n' or (byte)'\r')) return end;
            var length = j - next;
            if (length == 0 || length > width) return end;
            end = j;
            if (length < width) return end;
        }
        return end;
    }

    /// <summary>Pieces of a run in string literals that code joins: the joined contents are searched as one text.</summary>
    private static void FindLiteralChains(ReadOnlySpan<byte> block, int maxRuns, ref List<FoundRun>? found)
    {
        if (StringLiteralChains.Find(block, AlphabetRuns.MinRun) is not { } chains) return;
        foreach (var chain in chains)
        {
            if (Full(found, maxRuns)) return;
            if (Find(chain.Joined, firstBlock: true, maxRuns) is not { } inner) continue;
            foreach (var run in inner)
            {
                if (run.Decoded is not { } decoded) continue;
                Add(ref found, new FoundRun(RunKind.Literals, chain.Start, chain.End, false, false,
                    new DecodedRun("literals", chain.Start, chain.End - chain.Start, decoded.Bytes)
                    {
                        Weak = decoded.Weak || !chain.Strong,
                        Tokens = decoded.Tokens,
                        Description = $"{decoded.Encoding} run in string literals joined",
                    }));
            }
        }
    }

    /// <summary>A sparse run is mostly readable as it is: it only counts when it decodes to something readable.</summary>
    private static DecodedRun PercentRun(ReadOnlySpan<byte> raw, long offset, bool dense) =>
        new("urlencoded", offset, raw.Length, PercentEncoding.Decode(raw)) { Weak = !dense };

    private static DecodedRun QuotedPrintableRun(ReadOnlySpan<byte> raw, long offset, bool dense) =>
        new("quoted-printable", offset, raw.Length, QuotedPrintable.Decode(raw)) { Weak = !dense };
}
