namespace Egress.Formats.Encodings;

/// <summary>
/// Decodes a run of the base64/hex alphabet (one line or wrapped over several): hex when it uses only
/// hex digits in one case, with letters and digits both; base64 (standard or URL-safe) otherwise.
/// Runs that cannot be an encoding (a rule of dashes, a word in capitals) are left alone.
/// </summary>
internal static class AlphabetRunDecoder
{
    /// <summary>48 hex digits are 24 bytes: a 40-digit git hash is below it, a SHA-256 above (and then a short fragment).</summary>
    public const int MinHexDigits = 48;
    public const int MinBase64Chars = AlphabetRuns.MinRun;

    private static readonly int[] HashHexWidths = [32, 40, 56, 64, 96, 128];
    private static readonly int[] HashBase64Widths = [22, 24, 27, 28, 43, 44, 86, 88];

    /// <param name="raw">The run's text, line breaks included.</param>
    public static DecodedRun? Decode(ReadOnlySpan<byte> raw, long offset)
    {
        var (lines, width, uniform) = Shape(raw);
        int upper = 0, lower = 0, digits = 0, symbols = 0, hexUpper = 0, hexLower = 0, chars = 0, padding = 0, urlSafe = 0;
        int pairs = 0, classChanges = 0, previousClass = -1;
        foreach (var b in raw)
        {
            if (b is (byte)'\r' or (byte)'\n') continue;
            if (b == '=') { padding++; continue; }
            chars++;
            var cls = EncodedAlphabet.Class(b);
            if (cls != EncodedAlphabet.Symbol && previousClass >= 0 && previousClass != EncodedAlphabet.Symbol)
            {
                pairs++;
                if (cls != previousClass) classChanges++;
            }
            previousClass = cls;
            switch (cls)
            {
                case EncodedAlphabet.Upper: upper++; if (b <= 'F') hexUpper++; break;
                case EncodedAlphabet.Lower: lower++; if (b <= 'f') hexLower++; break;
                case EncodedAlphabet.Digit: digits++; break;
                case EncodedAlphabet.Symbol: symbols++; if (b is (byte)'-' or (byte)'_') urlSafe++; break;
                default: return null;
            }
        }
        var isHex = padding == 0 && symbols == 0 && hexUpper == upper && hexLower == lower && (upper == 0 || lower == 0)
                    && upper + lower > 0 && digits > 0;
        if (isHex)
        {
            if (chars < MinHexDigits) return null;
            var (hexSkip, hexBytes) = Aligned(raw, chars, 2, DecodeHex);
            return new DecodedRun("hex", offset + hexSkip, raw.Length - hexSkip, hexBytes)
            {
                Tokens = uniform && lines > 1 && Array.IndexOf(HashHexWidths, width) >= 0 ? lines : 1,
            };
        }
        if (chars < MinBase64Chars) return null;
        if (symbols == 0 && digits > 0 && (upper == 0) != (lower == 0) && Base32Run(raw, offset, lower > 0, pairs, classChanges) is { } base32)
            return base32;
        // Hex digits joined by hyphens are an identifier (a UUID), not base64, which would use other letters.
        if (symbols == urlSafe && hexUpper == upper && hexLower == lower && raw.IndexOf((byte)'_') < 0) return null;
        // Encoded bytes use upper case, lower case and digits alike; a run of one class is a rule or a word.
        var classes = (upper > 0 ? 1 : 0) + (lower > 0 ? 1 : 0) + (digits > 0 ? 1 : 0);
        if (classes < 2) return null;
        var encoding = urlSafe > 0 && urlSafe == symbols ? "base64url" : "base64";
        var (skip, bytes) = Aligned(raw, chars, 4, (text, n) => DecodeBase64(text, n));
        return new DecodedRun(encoding, offset + skip, raw.Length - skip, bytes)
        {
            // Paths and identifiers are mostly lower case or have no digits and symbols, rules are mostly dashes,
            // and words keep their case for several letters (snake_case, CamelCase, SHOUTED_NAMES): if such a run
            // decodes to noise it was text, not an encoding.
            Weak = lower * 10 >= chars * 7 || digits + symbols == 0 || symbols * 10 > chars * 3 || WordLike(pairs, classChanges),
            Tokens = uniform && lines > 1 && Array.IndexOf(HashBase64Widths, width) >= 0 ? lines : 1,
        };
    }

    /// <summary>
    /// A run of letters in one case and digits, all of the base32 alphabet (A–Z 2–7) or of base32hex (0–9 A–V):
    /// decoded as base32, or as base32hex when only that alphabet fits or only its decode is text or a known stream.
    /// </summary>
    private static DecodedRun? Base32Run(ReadOnlySpan<byte> raw, long offset, bool lowerCase, int pairs, int classChanges)
    {
        var standard = Base32.Fits(raw, extendedHex: false);
        var extended = Base32.Fits(raw, extendedHex: true);
        if (!standard && !extended) return null;
        var bytes = standard ? Base32.Decode(raw, extendedHex: false) : null;
        var encoding = "base32";
        if (extended && (bytes is null || !StreamMagic.Plausible(bytes)))
        {
            var other = Base32.Decode(raw, extendedHex: true);
            if (bytes is null || StreamMagic.Plausible(other)) (bytes, encoding) = (other, "base32hex");
        }
        if (bytes!.Length < EncodedRunCollector.MinDecodedBytes) return null;
        return new DecodedRun(encoding, offset, raw.Length, bytes)
        {
            // Base32 letters and digits change class about 30 % of the time (2 × 26/32 × 6/32); SHOUTED words with
            // a digit here and there far less. Lower-case runs are identifiers more often than encodings.
            Weak = lowerCase || WordLike32(pairs, classChanges),
        };
    }

    /// <summary>Under an eighth of neighbouring characters changing class: words, not base32 (2.4 standard deviations at the shortest run, more above).</summary>
    internal static bool WordLike32(int pairs, int classChanges) => classChanges * 8 < pairs;

    /// <summary>
    /// Whether letters and digits change class (upper, lower, digit) as rarely as in words. In base64 of any
    /// payload that is not almost all zeros, two neighbouring characters differ in class about 65 % of the time
    /// (1 − (26² + 26² + 10²) / 64²); in identifiers and paths a few times in a whole name. Below a quarter is
    /// more than five standard deviations from an encoding even for the shortest run looked at.
    /// </summary>
    internal static bool WordLike(int pairs, int classChanges) => pairs >= 16 && classChanges * 4 < pairs;

    /// <summary>
    /// The run decoded from its first character, or, when that gives noise and skipping one to three
    /// characters gives text, from there: a prefix glued to an encoded run ("cp" + base64 in SVG ids, or a
    /// character added to throw the decoder off) shifts every byte.
    /// </summary>
    private static (int Skip, byte[] Bytes) Aligned(ReadOnlySpan<byte> raw, int chars, int quantum, DecodeSpan decode)
    {
        var bytes = decode(raw, chars);
        if (!LayoutSniffer.LooksBinary(bytes)) return (0, bytes);
        for (var skip = 1; skip < quantum && skip < raw.Length; skip++)
        {
            if (!EncodedAlphabet.IsBase64(raw[skip - 1])) break;
            var shifted = decode(raw[skip..], chars - skip);
            if (shifted.Length >= EncodedRunCollector.MinDecodedBytes && !LayoutSniffer.LooksBinary(shifted)) return (skip, shifted);
        }
        return (0, bytes);
    }

    private delegate byte[] DecodeSpan(ReadOnlySpan<byte> raw, int chars);

    /// <summary>Lines, the widest line, and whether all lines are equally wide (a list of hashes, or wrapping with a full last line).</summary>
    private static (int Lines, int Width, bool Uniform) Shape(ReadOnlySpan<byte> raw)
    {
        int lines = 0, width = -1;
        var uniform = true;
        foreach (var range in raw.Split((byte)'\n'))
        {
            var line = raw[range];
            if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
            lines++;
            if (width >= 0 && line.Length != width) uniform = false;
            width = Math.Max(width, line.Length);
        }
        return (lines, width, uniform);
    }

    private static byte[] DecodeHex(ReadOnlySpan<byte> raw, int digits)
    {
        var output = new byte[digits / 2];
        var n = 0;
        var high = -1;
        foreach (var b in raw)
        {
            var v = EncodedAlphabet.Nibble(b);
            if (v < 0) continue;
            if (high < 0) { high = v; continue; }
            if (n == output.Length) break;
            output[n++] = (byte)(high << 4 | v);
            high = -1;
        }
        return output;
    }

    private static byte[] DecodeBase64(ReadOnlySpan<byte> raw, int chars)
    {
        // A single character left over carries no whole byte.
        var output = new byte[chars / 4 * 3 + Math.Max(0, chars % 4 - 1)];
        int n = 0, bits = 0, accumulator = 0;
        foreach (var b in raw)
        {
            var v = EncodedAlphabet.Sextet(b);
            if (v < 0) continue;
            accumulator = accumulator << 6 | v;
            bits += 6;
            if (bits < 8) continue;
            bits -= 8;
            if (n < output.Length) output[n++] = (byte)(accumulator >> bits);
            accumulator &= (1 << bits) - 1;
        }
        return n == output.Length ? output : output[..n];
    }
}
