namespace Egress.Checks.Disguise;

/// <summary>
/// One way of disguising a participant ID, undone: from a token as written to the digits an ID would have.
/// Each is small and says what it undid, so the finding can name it (a registry, as Presidio keeps recognizers).
/// </summary>
public interface IIdDisguise
{
    /// <summary>What was undone, for the finding: "letters and separators removed", "written in hex".</summary>
    string Name { get; }

    /// <summary>Writes the ID's digits for <paramref name="token"/> into <paramref name="digits"/>; false when it does not apply.</summary>
    bool TryUndo(ReadOnlySpan<char> token, Span<char> digits, out int length);
}

/// <summary>The disguises tried, in order: the cheapest explanation first, so a finding names the simplest one that worked.</summary>
public static class IdDisguises
{
    public static IReadOnlyList<IIdDisguise> All { get; } = Build();

    private static List<IIdDisguise> Build()
    {
        var all = new List<IIdDisguise> { new DigitsKept(), new InBase(16, "written in hexadecimal"), new InBase(36, "written in base 36"), new ReversedDigits() };
        for (var k = 1; k <= 9; k++) all.Add(new DigitCipher(k, complement: false, reversed: false));
        for (var k = 0; k <= 9; k++) all.Add(new DigitCipher(k, complement: true, reversed: false));
        for (var k = 1; k <= 9; k++) all.Add(new DigitCipher(k, complement: false, reversed: true));
        for (var k = 0; k <= 9; k++) all.Add(new DigitCipher(k, complement: true, reversed: true));
        return all;
    }

    /// <summary>The token's digits in order (letters, separators and punctuation around or inside them dropped).</summary>
    internal static bool Digits(ReadOnlySpan<char> token, Span<char> digits, out int length)
    {
        length = 0;
        foreach (var c in token)
        {
            if (!char.IsAsciiDigit(c)) continue;
            if (length == digits.Length) return false;
            digits[length++] = c;
        }
        return length > 0;
    }
}

/// <summary>
/// Letters, separators and punctuation removed: `UKB1234567`, `1234567_a`, `123-4567`, `1.234.567`, and an ID glued to
/// punctuation inside a cell or attribute (`k="1234567"`, `(1234567:0.01`).
/// </summary>
internal sealed class DigitsKept : IIdDisguise
{
    public string Name => "letters, separators and punctuation around the digits removed";

    public bool TryUndo(ReadOnlySpan<char> token, Span<char> digits, out int length) => IdDisguises.Digits(token, digits, out length);
}

/// <summary>The digits in reverse order.</summary>
internal sealed class ReversedDigits : IIdDisguise
{
    public string Name => "digits reversed";

    public bool TryUndo(ReadOnlySpan<char> token, Span<char> digits, out int length)
    {
        if (!IdDisguises.Digits(token, digits, out length)) return false;
        digits[..length].Reverse();
        return true;
    }
}

/// <summary>
/// A digit substitution of the simple kinds people use: each digit shifted by k (d + k mod 10), or complemented
/// (k − d mod 10), optionally with the digits reversed. Undone by the inverse map.
/// </summary>
internal sealed class DigitCipher(int k, bool complement, bool reversed) : IIdDisguise
{
    public string Name => (complement ? $"digits enciphered as ({k} − d) mod 10" : $"digits shifted by {k} (d + {k} mod 10)") + (reversed ? ", reversed" : "");

    public bool TryUndo(ReadOnlySpan<char> token, Span<char> digits, out int length)
    {
        if (!IdDisguises.Digits(token, digits, out length)) return false;
        for (var i = 0; i < length; i++)
        {
            var d = digits[i] - '0';
            // e = d + k → d = e − k; e = k − d → d = k − e.
            var original = complement ? (k - d + 10) % 10 : (d - k + 10) % 10;
            digits[i] = (char)('0' + original);
        }
        if (reversed) digits[..length].Reverse();
        return true;
    }
}

/// <summary>An ID written in another base (hexadecimal, base 36), with or without a `0x` prefix, either case.</summary>
internal sealed class InBase(int radix, string name) : IIdDisguise
{
    public string Name => name;

    public bool TryUndo(ReadOnlySpan<char> token, Span<char> digits, out int length)
    {
        length = 0;
        if (radix == 16 && token.Length > 2 && token[0] == '0' && (token[1] | 0x20) == 'x') token = token[2..];
        if (token.Length is < 3 or > 12) return false;
        ulong value = 0;
        var letters = false;
        foreach (var c in token)
        {
            int v;
            if (char.IsAsciiDigit(c)) v = c - '0';
            else if (char.IsAsciiLetter(c)) { v = (c | 0x20) - 'a' + 10; letters = true; }
            else return false;
            if (v >= radix) return false;
            value = value * (ulong)radix + (ulong)v;
        }
        // Digits alone read the same in every base a person would notice; base 36 of a plain number is no disguise.
        if (!letters && radix > 16) return false;
        return value.TryFormat(digits, out length, default, System.Globalization.CultureInfo.InvariantCulture);
    }
}
