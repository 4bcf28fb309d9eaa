using System.Globalization;
using System.Text;

namespace Egress.Formats;

/// <summary>
/// Folds text so that look-alike spellings of the same value compare equal: compatibility forms
/// (full-width and small-form punctuation, superscript and circled digits, ligatures), invisible
/// characters removed (format characters, variation selectors, fillers), every Unicode decimal digit
/// mapped to ASCII (Arabic-Indic and Devanagari too), the Arabic decimal and thousands separators and
/// typographic minus signs and apostrophes to their ASCII forms, every space to ' '.
/// </summary>
/// <remarks>
/// The build runs with invariant globalization, where <see cref="string.Normalize(NormalizationForm)"/>
/// is a no-op (it needs ICU): the compatibility mappings that matter for values are made here by hand.
/// </remarks>
public static class TextFolding
{
    public static string Fold(string text)
    {
        var normalized = text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(normalized.Length);
        Span<char> utf16 = stackalloc char[2];
        foreach (var rune in normalized.EnumerateRunes())
        {
            var value = rune.Value;
            if (value < 0x80)
            {
                builder.Append(Rune.IsWhiteSpace(rune) ? ' ' : (char)value);
                continue;
            }
            // Full-width ASCII (！ to ～): what NFKC maps them to.
            if (value is >= 0xFF01 and <= 0xFF5E)
            {
                builder.Append((char)(value - 0xFEE0));
                continue;
            }
            var category = Rune.GetUnicodeCategory(rune);
            if (category == UnicodeCategory.Format || IsInvisible(value)) continue;
            if (category == UnicodeCategory.DecimalDigitNumber)
            {
                builder.Append((char)('0' + Rune.GetNumericValue(rune)));
                continue;
            }
            if (category == UnicodeCategory.OtherNumber && Rune.GetNumericValue(rune) is var number and >= 0 and <= 20 && number == Math.Floor(number))
            {
                // Superscript, subscript and circled digits (², ₃, ④).
                builder.Append((int)number);
                continue;
            }
            if (Ascii(value) is { } ascii)
            {
                builder.Append(ascii);
                continue;
            }
            if (Rune.IsWhiteSpace(rune))
            {
                builder.Append(' ');
                continue;
            }
            builder.Append(utf16[..rune.EncodeToUtf16(utf16)]);
        }
        return builder.ToString();
    }

    /// <summary>The ASCII a separator, sign, apostrophe or ligature stands for, or null.</summary>
    private static string? Ascii(int value) => value switch
    {
        0x2212 or 0x2012 or 0x2013 or 0xFE63 => "-",
        0x066B or 0xFE52 => ".",          // Arabic decimal separator, small full stop
        0x066C or 0x060C or 0xFE50 => ",",  // Arabic thousands separator, Arabic comma, small comma
        0xFE54 => ";",
        0xFE55 => ":",
        0x2019 or 0x02BC or 0x2032 => "'",  // typographic apostrophes (Swiss thousands) and the prime
        0xFB00 => "ff",
        0xFB01 => "fi",
        0xFB02 => "fl",
        0xFB03 => "ffi",
        0xFB04 => "ffl",
        0xFB05 or 0xFB06 => "st",
        _ => null,
    };

    /// <summary>Characters that show nothing and are not format characters: joiners, variation selectors, fillers.</summary>
    private static bool IsInvisible(int value) =>
        value is 0x034F or >= 0xFE00 and <= 0xFE0F or >= 0xE0100 and <= 0xE01EF or >= 0x180B and <= 0x180F
            or 0x115F or 0x1160 or 0x3164 or 0xFFA0;

    /// <summary>Folds UTF-8 bytes into <paramref name="dest"/>; returns the length written, or -1 if it does not fit.</summary>
    public static int FoldUtf8(ReadOnlySpan<byte> utf8, Span<byte> dest)
    {
        var folded = Fold(Encoding.UTF8.GetString(utf8));
        var count = Encoding.UTF8.GetByteCount(folded);
        if (count > dest.Length) return -1;
        return Encoding.UTF8.GetBytes(folded, dest);
    }
}
