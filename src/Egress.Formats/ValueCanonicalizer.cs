namespace Egress.Formats;

public enum ValueKind : byte
{
    None = 0,
    Number = 1,
    Date = 2,
    Text = 3,
}

/// <summary>What the canonical form of a token is.</summary>
public readonly record struct CanonicalValue(ValueKind Kind, int Length, int Decimals, bool IsPlainInteger)
{
    public static readonly CanonicalValue Empty = new(ValueKind.None, 0, 0, false);
}

/// <summary>
/// Turns one raw token into the canonical bytes that the index hashes, so that equal values written
/// differently hash alike: numbers (`3.210` = `3.21` = `+3.21` = `3,21`, exponents expanded), dates
/// (`21/05/2008` = `14 May 2008`-style forms = `2008-05-21`), ICD-10 codes without their dot (`E11.9` = `E119`),
/// text (folded, ASCII lower case). Used by both index build and scan.
/// </summary>
public static class ValueCanonicalizer
{
    public const int MaxTokenBytes = 96;
    /// <summary>Room a destination buffer needs: exponents can lengthen a number.</summary>
    public const int MaxCanonicalBytes = 192;

    /// <summary>
    /// Canonicalises <paramref name="raw"/> into <paramref name="dest"/> (at least <see cref="MaxTokenBytes"/> long).
    /// A number with a single comma and three digits after it is ambiguous (decimal comma or thousands
    /// separator): the decimal reading is returned and the thousands reading goes to <paramref name="alternate"/>;
    /// so does the month-first reading of a numeric date that is a date read either way (`05/06/2008`).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static CanonicalValue Canonicalize(ReadOnlySpan<byte> raw, Span<byte> dest, Span<byte> alternate, out CanonicalValue alternateValue)
    {
        alternateValue = CanonicalValue.Empty;
        raw = Trim(raw);
        if (raw.Length >= 2 && (raw[0] == '"' && raw[^1] == '"' || raw[0] == '\'' && raw[^1] == '\''))
            raw = Trim(raw[1..^1]);
        else if (raw.Length >= 2 && (raw[0] == '"' || raw[^1] == '"'))
            raw = Trim(raw[0] == '"' ? raw[1..] : raw[..^1]); // a stray quote, left by a broken or hand-made quoting
        if (raw.IsEmpty || raw.Length > MaxTokenBytes) return CanonicalValue.Empty;

        if (IsAscii(raw)) return CanonicalizeFolded(raw, dest, alternate, out alternateValue);
        Span<byte> folded = stackalloc byte[MaxTokenBytes * 4];
        var n = TextFolding.FoldUtf8(raw, folded);
        if (n < 0) return CanonicalValue.Empty;
        var trimmed = Trim(folded[..n]);
        if (trimmed.IsEmpty || trimmed.Length > MaxTokenBytes) return CanonicalValue.Empty;
        return CanonicalizeFolded(trimmed, dest, alternate, out alternateValue);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static CanonicalValue CanonicalizeFolded(ReadOnlySpan<byte> raw, Span<byte> dest, Span<byte> alternate, out CanonicalValue alternateValue)
    {
        var number = NumberCanonicalizer.TryCanonicalize(raw, dest, alternate, out alternateValue);
        if (number.Kind != ValueKind.None) return number;
        var date = DateCanonicalizer.TryCanonicalize(raw, dest, alternate, out alternateValue);
        if (date.Kind != ValueKind.None) return date;
        if (Icd10Code.TryCanonicalize(raw, dest) is { Kind: not ValueKind.None } code) return code;

        for (var i = 0; i < raw.Length; i++)
        {
            var b = raw[i];
            dest[i] = b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b + 32) : b;
        }
        return new CanonicalValue(ValueKind.Text, raw.Length, 0, false);
    }

    public static CanonicalValue Canonicalize(ReadOnlySpan<byte> raw, Span<byte> dest)
    {
        Span<byte> alternate = stackalloc byte[MaxCanonicalBytes];
        return Canonicalize(raw, dest, alternate, out _);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s)
    {
        var start = 0;
        var end = s.Length;
        while (start < end && IsSpace(s[start])) start++;
        while (end > start && IsSpace(s[end - 1])) end--;
        return s[start..end];
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool IsAscii(ReadOnlySpan<byte> s) => System.Text.Ascii.IsValid(s);
}
