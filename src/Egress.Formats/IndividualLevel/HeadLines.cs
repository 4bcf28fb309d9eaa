using System.Text;

namespace Egress.Formats.IndividualLevel;

/// <summary>
/// The whole lines of a content's first bytes, for readers that recognise text formats by their rows.
/// A line cut off at the end of the head is left out unless the head is the whole content.
/// </summary>
public static class HeadLines
{
    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The head without a UTF-8 byte-order mark.</summary>
    public static ReadOnlySpan<byte> WithoutBom(ReadOnlySpan<byte> head) => head.StartsWith(Bom) ? head[3..] : head;

    /// <summary>Up to <paramref name="max"/> non-empty lines (CR stripped) as ranges of <paramref name="text"/>.</summary>
    public static List<Range> Split(ReadOnlySpan<byte> text, bool isWhole, int max)
    {
        var lines = new List<Range>();
        var pos = 0;
        while (pos < text.Length && lines.Count < max)
        {
            var nl = text[pos..].IndexOf((byte)'\n');
            if (nl < 0 && !isWhole) break;
            var end = nl < 0 ? text.Length : pos + nl;
            var stop = end > pos && text[end - 1] == '\r' ? end - 1 : end;
            if (stop > pos) lines.Add(pos..stop);
            pos = end + 1;
        }
        return lines;
    }

    /// <summary>The tokens of a line split by runs of spaces and tabs.</summary>
    public static List<string> Tokens(ReadOnlySpan<byte> line, int max = 64)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < line.Length && tokens.Count < max)
        {
            while (i < line.Length && line[i] is (byte)' ' or (byte)'\t') i++;
            if (i >= line.Length) break;
            var start = i;
            while (i < line.Length && line[i] is not ((byte)' ' or (byte)'\t')) i++;
            tokens.Add(Encoding.UTF8.GetString(line[start..i]));
        }
        return tokens;
    }

    /// <summary>How many tokens a line holds, split by runs of spaces and tabs (no allocation).</summary>
    public static int CountTokens(ReadOnlySpan<byte> line)
    {
        var count = 0;
        var inToken = false;
        foreach (var b in line)
        {
            var separator = b is (byte)' ' or (byte)'\t';
            if (!separator && !inToken) count++;
            inToken = !separator;
        }
        return count;
    }

    /// <summary>The head as sniffed by the unpacker, or read again when a reader is handed only the source.</summary>
    public static byte[] Of(Content.ContentSource source) => source.Head(Content.Unpacker.HeadBytes);
}
