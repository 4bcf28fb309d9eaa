using System.Buffers;

namespace Egress.Formats.Words;

/// <summary>
/// Rewrites the values a block of text spells out, so the scanner can match them: numbers in words ("one hundred and
/// seventy-one point seven" → 171.7) and dates whose month is a name and whose parts the tokenizer splits ("14 Nov 2006",
/// "Nov 14, 2006", "the fourteenth of November two thousand and six" → 2006-11-14). Only the lines with a rewrite are
/// returned (after the part's header line, for a table), and only when the block has several: one "twenty-one" in prose
/// is not a disguise. Text without letters costs one vectorised search; a large block of prose, one look at an eighth of it
/// (a window at the start of each stretch of 32 KiB), and a full read only of the stretches whose window spells values
/// (with the stretch before, where they may have begun).
/// </summary>
public static class SpelledValueRewriter
{
    /// <summary>Values rewritten in a block before it is worth scanning again.</summary>
    public const int MinRewrites = 3;
    /// <summary>The name the rewritten lines go by, as an encoding's would (`notes.txt#words@0`).</summary>
    public const string Encoding = "words";
    private const int MaxRunWords = 64;
    /// <summary>A block longer than two of these is read in stretches this long, each only when its first <see cref="SampleWindow"/> bytes spell values.</summary>
    public const int SampleEvery = 64 * 1024;
    // 1 KiB of every 64 KiB: a table or prose written in words spells values in every line, and a 200 MB table without any
    // costs 1/64 of its bytes read word by word (4 KiB of 32 KiB cost ~10 % of the whole check of the benchmark slice).
    private const int SampleWindow = 1024;
    /// <summary>Values spelled in a window for its stretch to be read (ordinary prose spells fewer than one per window).</summary>
    private const int MinWindowSignals = 4;

    private static readonly SearchValues<byte> Letters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    private readonly record struct Edit(int Start, int End, string Text);

    /// <summary>The block's lines with their spelled values in digits, or null when it spells fewer than <see cref="MinRewrites"/>.</summary>
    /// <param name="firstBlock">The block starts the part: its first line (a table's header) is kept in front of the rewritten lines.</param>
    public static byte[]? Rewrite(ReadOnlySpan<byte> block, bool firstBlock)
    {
        if (block.Length <= 2 * SampleEvery) return RewriteWhole(block, firstBlock);
        // A large block is read in stretches of whole lines, each read only when a window at its start spells values:
        // looking at every word of ordinary prose costs more than the rest of its check, and a table or prose written in
        // words spells a value in every line.
        MemoryStream? output = null;
        var at = 0;
        var skipped = -1; // where the stretch before this one starts, when it was not read: spelled values may begin in it
        while (at < block.Length)
        {
            var next = at + SampleEvery >= block.Length ? -1 : block[(at + SampleEvery)..].IndexOf((byte)'\n');
            var end = next < 0 ? block.Length : at + SampleEvery + next + 1;
            var (_, months, numbers) = Find(block[at..Math.Min(end, at + SampleWindow)]);
            if (numbers + (months?.Count ?? 0) >= MinWindowSignals)
            {
                var from = skipped >= 0 ? skipped : at;
                if (RewriteWhole(block[from..end], firstBlock && from == 0) is { } part) (output ??= new MemoryStream()).Write(part);
                skipped = -1;
            }
            else skipped = at;
            at = end;
        }
        return output?.ToArray();
    }

    private static byte[]? RewriteWhole(ReadOnlySpan<byte> block, bool firstBlock)
    {
        var (edits, months, numbers) = Find(block);
        if (numbers < MinRewrites && months is null) return null;
        return Assemble(block, edits ?? [], months ?? [], numbers, firstBlock);
    }

    private static (List<Edit>? Edits, List<int>? Months, int Numbers) Find(ReadOnlySpan<byte> block)
    {
        List<Edit>? edits = null;
        List<int>? months = null;
        var numbers = 0;
        Span<NumberWord> run = stackalloc NumberWord[MaxRunWords];
        int runCount = 0, runStart = 0, runEnd = 0;
        var at = 0;
        while (true)
        {
            var rel = block[at..].IndexOfAny(Letters);
            if (rel < 0) break;
            var start = at + rel;
            var end = start + 1;
            while (end < block.Length && IsLetter(block[end])) end++;
            at = end;
            var word = NumberWords.Lookup(block[start..end]);
            if (word.Kind == NumberWordKind.None)
            {
                if (end - start >= 3 && DateCanonicalizer.MonthNumber(block[start..end]) > 0 && NextToDayOrYear(block, start, end, runCount > 0 ? runEnd : -1))
                    (months ??= []).Add(start);
                continue;
            }
            // A run goes on across spaces and hyphens only: a comma, a tab, a line or any other word ends it.
            if (runCount > 0 && (runCount == MaxRunWords || !OnlyJoiners(block[runEnd..start])))
            {
                Close(block, run[..runCount], runStart, runEnd, ref edits, ref numbers);
                runCount = 0;
            }
            if (runCount == 0) runStart = start;
            run[runCount++] = word;
            runEnd = end;
        }
        if (runCount > 0) Close(block, run[..runCount], runStart, runEnd, ref edits, ref numbers);
        return (edits, months, numbers);
    }

    private static void Close(ReadOnlySpan<byte> block, ReadOnlySpan<NumberWord> run, int start, int end, ref List<Edit>? edits, ref int numbers)
    {
        // One word alone ("one", "first", "ten") is left as written, prose is full of them: unless it is a cell, or a date's day.
        var alone = run.Length == 1 && !IsWholeCell(block, start, end) && !BesideMonth(block, start, end);
        if (alone) return;
        var readings = SpokenNumber.Read(run);
        if (readings.Count == 0) return;
        if (readings.TrueForAll(r => r.ValueWords < 2 && !r.HasPoint) && !(readings.Count == 1 && (IsWholeCell(block, start, end) || BesideMonth(block, start, end))))
            return;
        (edits ??= []).Add(new Edit(start, end, string.Join(' ', readings.Select(r => r.Digits))));
        numbers += readings.Count;
    }

    /// <summary>A run that is all of its cell (between delimiters, quotes or line ends) is a value even when it is one word.</summary>
    private static bool IsWholeCell(ReadOnlySpan<byte> block, int start, int end)
    {
        var before = start == 0 ? (byte)'\n' : block[start - 1];
        var after = end == block.Length ? (byte)'\n' : block[end];
        return IsCellEdge(before) && IsCellEdge(after);
    }

    private static bool IsCellEdge(byte b) => b is (byte)',' or (byte)'\t' or (byte)';' or (byte)'|' or (byte)'"' or (byte)'\n' or (byte)'\r';

    /// <summary>A month name just after the run ("fourteenth of November") or just before it ("November fourteenth").</summary>
    private static bool BesideMonth(ReadOnlySpan<byte> block, int start, int end)
    {
        var after = end;
        while (after < block.Length && after - end < 4 && block[after] is (byte)' ' or (byte)'o' or (byte)'f' or (byte)'O' or (byte)'F') after++;
        var wordEnd = after;
        while (wordEnd < block.Length && IsLetter(block[wordEnd])) wordEnd++;
        if (wordEnd > after && DateCanonicalizer.MonthNumber(block[after..wordEnd]) > 0) return true;
        var before = start;
        while (before > 0 && start - before < 2 && block[before - 1] is (byte)' ') before--;
        var wordStart = before;
        while (wordStart > 0 && IsLetter(block[wordStart - 1])) wordStart--;
        return before > wordStart && DateCanonicalizer.MonthNumber(block[wordStart..before]) > 0;
    }

    /// <summary>A month name with a number beside it, in digits or in words ("may" and "march" are mostly not months).</summary>
    private static bool NextToDayOrYear(ReadOnlySpan<byte> block, int start, int end, int numberRunEnd)
    {
        if (numberRunEnd >= 0 && start - numberRunEnd <= 4) return true; // "fourteenth of November"
        var before = block[Math.Max(0, start - 6)..start];
        var after = block[end..Math.Min(block.Length, end + 3)];
        if (before.IndexOfAnyInRange((byte)'0', (byte)'9') >= 0 || after.IndexOfAnyInRange((byte)'0', (byte)'9') >= 0) return true;
        var next = end;
        while (next < block.Length && next - end < 2 && block[next] is (byte)' ' or (byte)'-') next++;
        var wordEnd = next;
        while (wordEnd < block.Length && IsLetter(block[wordEnd])) wordEnd++;
        return wordEnd > next && NumberWords.Lookup(block[next..wordEnd]).Kind is not NumberWordKind.None;
    }

    private static bool OnlyJoiners(ReadOnlySpan<byte> between)
    {
        if (between.IsEmpty || between.Length > 3) return false;
        foreach (var b in between)
            if (b is not ((byte)' ' or (byte)'-')) return false;
        return true;
    }

    private static bool IsLetter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';

    /// <summary>The changed lines, numbers in digits and then dates in ISO, when enough values were rewritten.</summary>
    private static byte[]? Assemble(ReadOnlySpan<byte> block, List<Edit> edits, List<int> months, int numbers, bool firstBlock)
    {
        var output = new MemoryStream();
        var line = new System.Text.StringBuilder();
        var rewrites = numbers;
        int e = 0, m = 0;
        var firstLineEnd = block.IndexOf((byte)'\n');
        var firstChange = Math.Min(edits.Count > 0 ? edits[0].Start : int.MaxValue, months.Count > 0 ? months[0] : int.MaxValue);
        if (firstBlock && firstLineEnd > 0 && firstChange > firstLineEnd)
        {
            output.Write(block[..firstLineEnd]);
            output.WriteByte((byte)'\n');
        }
        while (e < edits.Count || m < months.Count)
        {
            var next = Math.Min(e < edits.Count ? edits[e].Start : int.MaxValue, m < months.Count ? months[m] : int.MaxValue);
            var lineStart = block[..next].LastIndexOf((byte)'\n') + 1;
            var lineEndRel = block[next..].IndexOf((byte)'\n');
            var lineEnd = lineEndRel < 0 ? block.Length : next + lineEndRel;
            // The line with its numbers in digits.
            line.Clear();
            var copied = lineStart;
            var changed = false;
            for (; e < edits.Count && edits[e].Start < lineEnd; e++)
            {
                line.Append(System.Text.Encoding.UTF8.GetString(block[copied..edits[e].Start])).Append(edits[e].Text);
                copied = edits[e].End;
                changed = true;
            }
            line.Append(System.Text.Encoding.UTF8.GetString(block[copied..lineEnd]));
            var hasMonth = false;
            for (; m < months.Count && months[m] < lineEnd; m++) hasMonth = true;
            var text = line.ToString();
            if (hasMonth)
            {
                var dated = SpacedDates.Rewrite(text, out var dates);
                if (dates > 0)
                {
                    text = dated;
                    rewrites += dates;
                    changed = true;
                }
            }
            if (!changed && !(firstBlock && lineStart == 0)) continue;
            output.Write(System.Text.Encoding.UTF8.GetBytes(text.TrimEnd('\r')));
            output.WriteByte((byte)'\n');
        }
        return rewrites >= MinRewrites ? output.ToArray() : null;
    }
}
