namespace Egress.Formats.Encodings;

/// <summary>
/// Base32 (RFC 4648 §6, A–Z 2–7) and base32hex (§7, 0–9 A–V), padded with '=' or not, either case.
/// Line breaks and padding are skipped; a character of neither alphabet ends the decode.
/// </summary>
internal static class Base32
{
    private const string Standard = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string Extended = "0123456789ABCDEFGHIJKLMNOPQRSTUV";

    private static readonly sbyte[] StandardValues = Build(Standard);
    private static readonly sbyte[] ExtendedValues = Build(Extended);

    /// <summary>Whether every character is of the standard (or, with <paramref name="extendedHex"/>, the base32hex) alphabet, '=', or a line break.</summary>
    public static bool Fits(ReadOnlySpan<byte> raw, bool extendedHex)
    {
        var values = extendedHex ? ExtendedValues : StandardValues;
        foreach (var b in raw)
            if (values[b] < 0 && b is not ((byte)'=' or (byte)'\n' or (byte)'\r')) return false;
        return true;
    }

    public static byte[] Decode(ReadOnlySpan<byte> raw, bool extendedHex)
    {
        var values = extendedHex ? ExtendedValues : StandardValues;
        var output = new byte[raw.Length * 5 / 8 + 1];
        int n = 0, bits = 0;
        long accumulator = 0;
        foreach (var b in raw)
        {
            if (b is (byte)'=' or (byte)'\n' or (byte)'\r') continue;
            var v = values[b];
            if (v < 0) break;
            accumulator = (accumulator << 5 | (long)(byte)v) & 0xFFFF;
            bits += 5;
            if (bits < 8) continue;
            bits -= 8;
            output[n++] = (byte)(accumulator >> bits);
        }
        return output[..n];
    }

    private static sbyte[] Build(string alphabet)
    {
        var t = new sbyte[256];
        Array.Fill(t, (sbyte)-1);
        for (var i = 0; i < alphabet.Length; i++)
        {
            t[alphabet[i]] = (sbyte)i;
            t[char.ToLowerInvariant(alphabet[i])] = (sbyte)i;
        }
        return t;
    }
}
