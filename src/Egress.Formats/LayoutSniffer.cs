using System.Text;

namespace Egress.Formats;

/// <summary>
/// Decides from a sample of the content whether it is a delimited table (and which delimiter), a
/// space-aligned table, plain text or binary. By content only, never by the file name.
/// </summary>
public static class LayoutSniffer
{
    private const int MaxLines = 200;
    private static readonly byte[] Candidates = [(byte)'\t', (byte)';', (byte)',', (byte)'|'];

    public static TextLayout Sniff(ReadOnlySpan<byte> sample, bool isWholeFile)
    {
        if (LooksBinary(sample)) return new TextLayout(LayoutKind.Binary, 0, 0, false, false);
        var lines = SampleLines(sample, isWholeFile);
        if (lines.Count == 0) return new TextLayout(LayoutKind.PlainText, 0, 0, false, false);
        var hasQuotes = sample.IndexOf((byte)'"') >= 0;

        foreach (var d in Candidates)
        {
            var layout = new TextLayout(LayoutKind.Delimited, d, 0, false, hasQuotes);
            var (mode, share) = ConsistentWidth(sample, lines, layout);
            if (mode >= 2 && share >= 0.8)
                return layout with { Columns = mode, HasHeader = HasHeader(sample, lines, layout) };
        }
        var spaced = new TextLayout(LayoutKind.Whitespace, (byte)' ', 0, false, false);
        var (width, consistency) = ConsistentWidth(sample, lines, spaced);
        if (width >= 2 && consistency >= 0.6 && lines.Count >= 3)
            return spaced with { Columns = width, HasHeader = HasHeader(sample, lines, spaced) };
        return new TextLayout(LayoutKind.PlainText, 0, 0, false, hasQuotes);
    }

    /// <summary>NUL bytes, many control bytes or invalid UTF-8 mean the content is not text.</summary>
    public static bool LooksBinary(ReadOnlySpan<byte> sample)
    {
        if (sample.IsEmpty) return false;
        if (sample.IndexOf((byte)0) >= 0) return true;
        var control = 0;
        foreach (var b in sample)
            if (b < 0x20 && b is not ((byte)'\n' or (byte)'\r' or (byte)'\t' or 0x0C)) control++;
        if (control > sample.Length / 100 + 1) return true;
        return !IsUtf8(sample);
    }

    /// <summary>Whether a sample is valid UTF-8, allowing a multi-byte character cut at its end.</summary>
    public static bool IsUtf8(ReadOnlySpan<byte> sample)
    {
        var check = sample.Length > 4 ? sample[..^4] : sample;
        return System.Text.Unicode.Utf8.IsValid(TrimPartial(check));
    }

    private static ReadOnlySpan<byte> TrimPartial(ReadOnlySpan<byte> s)
    {
        var end = s.Length;
        while (end > 0 && end > s.Length - 4 && (s[end - 1] & 0xC0) == 0x80) end--;
        if (end > 0 && s[end - 1] >= 0xC0) end--;
        return s[..end];
    }

    private static List<Range> SampleLines(ReadOnlySpan<byte> sample, bool isWholeFile)
    {
        var lines = new List<Range>();
        var pos = 0;
        while (pos < sample.Length && lines.Count < MaxLines)
        {
            var nl = sample[pos..].IndexOf((byte)'\n');
            if (nl < 0)
            {
                if (isWholeFile) lines.Add(pos..sample.Length);
                break;
            }
            var line = sample.Slice(pos, nl);
            if (!ValueCanonicalizer.Trim(line).IsEmpty) lines.Add(pos..(pos + nl));
            pos += nl + 1;
        }
        return lines;
    }

    private static (int Mode, double Share) ConsistentWidth(ReadOnlySpan<byte> sample, List<Range> lines, TextLayout layout)
    {
        var counts = new Dictionary<int, int>();
        Span<Range> cells = stackalloc Range[4096];
        foreach (var line in lines)
        {
            var text = sample[line];
            if (layout.Kind == LayoutKind.Delimited && text.IndexOf(layout.Delimiter) < 0) { Bump(counts, 1); continue; }
            var cursor = new RowCursor(text, layout);
            cursor.Next(cells, out var n);
            Bump(counts, n);
        }
        var mode = 0;
        var best = 0;
        foreach (var (width, count) in counts)
            if (count > best || count == best && width > mode) { mode = width; best = count; }
        return (mode, (double)best / lines.Count);
    }

    private static void Bump(Dictionary<int, int> counts, int key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    /// <summary>A header row has no numbers while some row below it does.</summary>
    private static bool HasHeader(ReadOnlySpan<byte> sample, List<Range> lines, TextLayout layout)
    {
        Span<Range> cells = stackalloc Range[4096];
        Span<byte> buffer = stackalloc byte[ValueCanonicalizer.MaxCanonicalBytes];
        var first = true;
        var firstHasNumber = false;
        var firstHasText = false;
        foreach (var line in lines)
        {
            var text = sample[line];
            var cursor = new RowCursor(text, layout);
            cursor.Next(cells, out var n);
            var numbers = 0;
            for (var i = 0; i < n; i++)
            {
                var kind = ValueCanonicalizer.Canonicalize(text[cells[i]], buffer).Kind;
                if (kind is ValueKind.Number) numbers++;
                else if (first && kind is ValueKind.Text or ValueKind.Date) firstHasText = true;
            }
            if (first)
            {
                firstHasNumber = numbers > 0;
                first = false;
                continue;
            }
            if (numbers > 0) return !firstHasNumber && firstHasText;
        }
        return false;
    }
}
