namespace Egress.Formats.Encodings;

/// <summary>
/// URL-encoded runs (%XX escapes, '+' for a space): a query string or form value that carries a table
/// once its commas and line breaks are escaped. A run is a URL-like token with enough escapes that
/// decoding changes what the scanner reads.
/// </summary>
internal static class PercentEncoding
{
    private const int MinEscapes = 4;

    /// <summary>
    /// The next URL-encoded run at or after <paramref name="from"/>: its bounds and whether escapes make up
    /// much of it (a dense run hides its content; a sparse one is mostly readable as it is).
    /// </summary>
    public static bool Next(ReadOnlySpan<byte> s, int from, out int start, out int end, out bool dense)
    {
        start = end = 0;
        dense = false;
        var pos = from;
        while (pos < s.Length)
        {
            var k = s[pos..].IndexOf((byte)'%');
            if (k < 0) return false;
            var at = pos + k;
            if (!IsEscape(s, at))
            {
                pos = at + 1;
                continue;
            }
            start = at;
            while (start > from && IsTokenByte(s[start - 1])) start--;
            end = at;
            var escapes = 0;
            while (end < s.Length && IsTokenByte(s[end]))
            {
                if (IsEscape(s, end)) { escapes++; end += 3; }
                else end++;
            }
            pos = end;
            // Escapes take three bytes for one: a tenth of the run's bytes is a handful of escaped separators.
            if (escapes < MinEscapes || escapes * 3 * 10 < end - start) continue;
            dense = escapes * 3 * 10 >= (end - start) * 3;
            return true;
        }
        return false;
    }

    public static byte[] Decode(ReadOnlySpan<byte> run)
    {
        var output = new byte[run.Length];
        var n = 0;
        for (var i = 0; i < run.Length; i++)
        {
            var b = run[i];
            if (b == '%' && IsEscape(run, i))
            {
                output[n++] = (byte)(EncodedAlphabet.Nibble(run[i + 1]) << 4 | EncodedAlphabet.Nibble(run[i + 2]));
                i += 2;
            }
            else output[n++] = b == '+' ? (byte)' ' : b;
        }
        return output[..n];
    }

    private static bool IsEscape(ReadOnlySpan<byte> s, int at) =>
        at + 2 < s.Length && s[at] == '%' && EncodedAlphabet.IsHexDigit(s[at + 1]) && EncodedAlphabet.IsHexDigit(s[at + 2]);

    /// <summary>What a URL or form value is written with; commas, quotes, brackets and spaces end it.</summary>
    private static bool IsTokenByte(byte b) =>
        b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
            or (byte)'%' or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~' or (byte)'+' or (byte)'&' or (byte)'='
            or (byte)'/' or (byte)':' or (byte)'?' or (byte)'@' or (byte)'!' or (byte)'*' or (byte)'$' or (byte)'#';
}
