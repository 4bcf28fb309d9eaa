using System.Globalization;
using System.Text;

namespace Egress.Formats;

/// <summary>
/// Folds text so that look-alike spellings of the same value compare equal: NFKC (full-width digits,
/// ligatures), invisible format characters removed, every Unicode decimal digit mapped to ASCII
/// (NFKC leaves Arabic-Indic and Devanagari digits alone), typographic minus signs to '-'.
/// </summary>
public static class TextFolding
{
    public static string Fold(string text)
    {
        var normalized = text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(normalized.Length);
        foreach (var rune in normalized.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category == UnicodeCategory.Format) continue;
            if (category == UnicodeCategory.DecimalDigitNumber)
            {
                builder.Append((char)('0' + Rune.GetNumericValue(rune)));
                continue;
            }
            if (rune.Value is 0x2212 or 0x2012 or 0x2013 or 0xFE63 or 0xFF0D)
            {
                builder.Append('-');
                continue;
            }
            if (Rune.IsWhiteSpace(rune))
            {
                builder.Append(' ');
                continue;
            }
            builder.Append(rune.ToString());
        }
        return builder.ToString();
    }

    /// <summary>Folds UTF-8 bytes into <paramref name="dest"/>; returns the length written, or -1 if it does not fit.</summary>
    public static int FoldUtf8(ReadOnlySpan<byte> utf8, Span<byte> dest)
    {
        var folded = Fold(Encoding.UTF8.GetString(utf8));
        var count = Encoding.UTF8.GetByteCount(folded);
        if (count > dest.Length) return -1;
        return Encoding.UTF8.GetBytes(folded, dest);
    }
}
