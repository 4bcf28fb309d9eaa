namespace Egress.Formats;

/// <summary>
/// An ICD-10 code written with its dot (`I21.0`, `E11.9`, `M54.50`) has the canonical form of the same code without it
/// (`i210`, as UK Biobank writes them): either way a code is written, it hashes alike.
/// </summary>
internal static class Icd10Code
{
    /// <summary>A letter, two digits, a dot and one or two digits: the code as `letter digits` in lower case.</summary>
    public static CanonicalValue TryCanonicalize(ReadOnlySpan<byte> s, Span<byte> dest)
    {
        if (s.Length is not (5 or 6) || s[3] != '.') return CanonicalValue.Empty;
        var letter = (byte)(s[0] | 0x20);
        if (letter is < (byte)'a' or > (byte)'z' || !IsDigit(s[1]) || !IsDigit(s[2]) || !IsDigit(s[4]) || s.Length == 6 && !IsDigit(s[5]))
            return CanonicalValue.Empty;
        dest[0] = letter;
        dest[1] = s[1];
        dest[2] = s[2];
        dest[3] = s[4];
        if (s.Length == 6) dest[4] = s[5];
        return new CanonicalValue(ValueKind.Text, s.Length - 1, 0, false);
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
