namespace Egress.Formats.Encodings;

/// <summary>
/// Quoted-printable regions (=XX escapes in upper-case hex, '=' ending a line as a soft break), as in
/// e-mail bodies. A value split by a soft break ("27.12=\n34") or written as escapes is whole only once
/// decoded. A region is a stretch of lines whose escapes and soft breaks lie close together.
/// </summary>
internal static class QuotedPrintable
{
    /// <summary>Escapes further apart than this start a new region.</summary>
    private const int MaxGap = 2048;

    public static List<(int Start, int End, bool Dense)> Regions(ReadOnlySpan<byte> s)
    {
        var regions = new List<(int, int, bool)>();
        var pos = 0;
        int first = -1, last = -1, soft = 0, escapes = 0;
        var lastIsSoft = false;
        while (pos < s.Length)
        {
            var k = s[pos..].IndexOf((byte)'=');
            if (k < 0) break;
            var at = pos + k;
            pos = at + 1;
            var kind = Feature(s, at);
            if (kind == 0) continue;
            if (first >= 0 && at - last > MaxGap)
            {
                Close(s, regions, first, last, lastIsSoft, soft, escapes);
                first = -1;
            }
            if (first < 0) { first = at; soft = escapes = 0; }
            last = at;
            lastIsSoft = kind == 1;
            if (lastIsSoft) soft++;
            else { escapes++; pos = at + 3; }
        }
        if (first >= 0) Close(s, regions, first, last, lastIsSoft, soft, escapes);
        return regions;
    }

    private static void Close(ReadOnlySpan<byte> s, List<(int, int, bool)> regions, int first, int last, bool lastIsSoft, int soft, int escapes)
    {
        // One '=' at a line end is base64 padding as often as a soft break: it takes a few together.
        if (!(soft >= 1 && soft + escapes >= 3 || escapes >= 8)) return;
        var start = s[..first].LastIndexOf((byte)'\n') + 1;
        var end = LineEnd(s, last);
        if (lastIsSoft && end < s.Length) end = LineEnd(s, end + 1);
        if (end < s.Length) end++; // the last line's break
        regions.Add((start, end, escapes * 3 * 10 >= (end - start) * 3));
    }

    private static int LineEnd(ReadOnlySpan<byte> s, int at)
    {
        var k = s[at..].IndexOf((byte)'\n');
        return k < 0 ? s.Length : at + k;
    }

    /// <summary>0: an ordinary '='; 1: a soft line break; 2: an escape.</summary>
    private static int Feature(ReadOnlySpan<byte> s, int at)
    {
        if (at > 0 && s[at - 1] == '=') return 0;
        if (AlphabetRuns.AfterLineBreak(s, at + 1) > 0) return 1;
        return at + 2 < s.Length && IsUpperHex(s[at + 1]) && IsUpperHex(s[at + 2]) ? 2 : 0;
    }

    private static bool IsUpperHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'A' and <= (byte)'F';

    public static byte[] Decode(ReadOnlySpan<byte> region)
    {
        var output = new byte[region.Length];
        var n = 0;
        for (var i = 0; i < region.Length; i++)
        {
            var b = region[i];
            if (b != '=') { output[n++] = b; continue; }
            var after = AlphabetRuns.AfterLineBreak(region, i + 1);
            if (after > 0) { i = after - 1; continue; }
            if (i + 2 < region.Length && EncodedAlphabet.IsHexDigit(region[i + 1]) && EncodedAlphabet.IsHexDigit(region[i + 2]))
            {
                output[n++] = (byte)(EncodedAlphabet.Nibble(region[i + 1]) << 4 | EncodedAlphabet.Nibble(region[i + 2]));
                i += 2;
                continue;
            }
            output[n++] = b;
        }
        return output[..n];
    }
}
