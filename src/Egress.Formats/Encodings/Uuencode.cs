namespace Egress.Formats.Encodings;

/// <summary>
/// Finds and decodes uuencoded files: a <c>begin 644 name</c> line, body lines whose first character
/// gives their byte count (' ' + n, '`' for none) followed by four characters per three bytes, a
/// zero-length line and <c>end</c>. A body cut by the block boundary is returned open.
/// </summary>
internal static class Uuencode
{
    /// <summary>The runs of one block, as (start, end, open at start, open at end).</summary>
    public static List<(int Start, int End, bool OpenStart, bool OpenEnd)>? Find(ReadOnlySpan<byte> block, bool firstBlock)
    {
        List<(int, int, bool, bool)>? runs = null;
        var pos = 0;
        if (!firstBlock)
        {
            // The rest of a body cut by the boundary: full lines ('M' and 60 characters) up to its end.
            var (end, lines, closed) = Body(block, 0);
            if (lines > 0 && block[0] == 'M' && (closed || end == block.Length))
            {
                (runs ??= []).Add((0, end, true, !closed));
                pos = end;
            }
        }
        int k;
        while ((k = block[pos..].IndexOf("begin "u8)) >= 0)
        {
            var start = pos + k;
            pos = start + 6;
            if (start > 0 && block[start - 1] != '\n' || !Header(block[start..], out var headerLength)) continue;
            var (end, lines, closed) = Body(block, start + headerLength);
            if (lines == 0) continue;
            (runs ??= []).Add((start, end, false, !closed && end == block.Length));
            pos = end;
        }
        return runs;
    }

    /// <summary>"begin", a 3- or 4-digit octal mode, a name; the length of the line with its break.</summary>
    private static bool Header(ReadOnlySpan<byte> s, out int length)
    {
        length = 0;
        var lineEnd = s.IndexOf((byte)'\n');
        if (lineEnd < 0) return false;
        var line = s[..lineEnd].TrimEnd((byte)'\r');
        var i = 6;
        while (i < line.Length && line[i] is >= (byte)'0' and <= (byte)'7') i++;
        if (i - 6 is < 3 or > 4 || i + 1 >= line.Length || line[i] != ' ') return false;
        length = lineEnd + 1;
        return true;
    }

    /// <summary>Reads body lines from <paramref name="at"/>: where they end, how many, and whether "end" closed them.</summary>
    private static (int End, int Lines, bool Closed) Body(ReadOnlySpan<byte> s, int at)
    {
        var lines = 0;
        var pos = at;
        while (pos < s.Length)
        {
            var lineEnd = s[pos..].IndexOf((byte)'\n');
            var next = lineEnd < 0 ? s.Length : pos + lineEnd + 1;
            var line = s[pos..(lineEnd < 0 ? s.Length : pos + lineEnd)].TrimEnd((byte)'\r');
            if (line.SequenceEqual("end"u8)) return (next, lines, true);
            if (!BodyLine(line)) return (pos, lines, false);
            lines++;
            pos = next;
        }
        return (pos, lines, false);
    }

    /// <summary>A count character and as many groups of four as the count needs (trailing spaces may have been trimmed, a checksum character added).</summary>
    private static bool BodyLine(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty) return false;
        foreach (var b in line)
            if (b is < (byte)' ' or > (byte)'`') return false;
        var count = (line[0] - ' ') & 63;
        if (count > 45) return false;
        var needed = 1 + (count + 2) / 3 * 4;
        return line.Length >= needed - 3 && line.Length <= needed + 1;
    }

    public static DecodedRun Decode(ReadOnlySpan<byte> raw, long offset)
    {
        var output = new List<byte>(raw.Length * 3 / 4);
        var body = raw;
        if (body.StartsWith("begin "u8) && Header(body, out var headerLength)) body = body[headerLength..];
        foreach (var range in body.Split((byte)'\n'))
        {
            var line = body[range].TrimEnd((byte)'\r');
            if (line.IsEmpty) continue;   // where two parts cut by a block boundary were joined
            if (line.SequenceEqual("end"u8) || !BodyLine(line)) break;
            var count = (line[0] - ' ') & 63;
            var taken = 0;
            for (var i = 1; taken < count; i += 4)
            {
                var group = 0;
                for (var j = 0; j < 4; j++)
                    group = group << 6 | (i + j < line.Length ? (line[i + j] - ' ') & 63 : 0);
                for (var j = 0; j < 3 && taken < count; j++, taken++) output.Add((byte)(group >> (16 - 8 * j)));
            }
        }
        return new DecodedRun("uuencode", offset, raw.Length, [.. output]);
    }
}
