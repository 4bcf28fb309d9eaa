using System.Text;
using Egress.Formats;
using Xunit;

namespace Egress.Tests.Formats;

/// <summary>Values written with non-ASCII digits, spaces, invisible characters and local separators canonicalise as their plain form.</summary>
public class UnicodeValueTests
{
    private static string Canon(string raw, out bool plainInteger)
    {
        Span<byte> dest = stackalloc byte[ValueCanonicalizer.MaxCanonicalBytes];
        var v = ValueCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(raw), dest);
        plainInteger = v.IsPlainInteger;
        return v.Kind == ValueKind.None ? "<none>" : Encoding.UTF8.GetString(dest[..v.Length]);
    }

    private static string Canon(string raw) => Canon(raw, out _);

    [Theory]
    [InlineData("２７．１２３４", "27.1234")]          // full-width digits and point
    [InlineData("١٩٥٨", "1958")]                    // Arabic-Indic digits
    [InlineData("۱۹۵۸", "1958")]                    // extended Arabic-Indic (Persian) digits
    [InlineData("१९५८", "1958")]                    // Devanagari digits
    [InlineData("২৭.১২৩৪", "27.1234")]              // Bengali digits
    [InlineData("٢٧٫١٢٣٤", "27.1234")]              // Arabic decimal separator
    [InlineData("١٬٢٣٤٬٥٦٧", "1234567")]            // Arabic thousands separator
    [InlineData("27\u200B.1234", "27.1234")]         // zero-width space
    [InlineData("27.12\u200D34", "27.1234")]         // zero-width joiner
    [InlineData("27.12\u00AD34", "27.1234")]         // soft hyphen
    [InlineData("\uFEFF27.1234", "27.1234")]         // byte-order mark
    [InlineData("27.12\u206034", "27.1234")]         // word joiner
    [InlineData("27.1\u034F234", "27.1234")]         // combining grapheme joiner
    [InlineData("2\uFE0F7.1234", "27.1234")]         // variation selector
    [InlineData("\u00A027.1234\u00A0", "27.1234")]   // no-break spaces around
    [InlineData("−27.1234", "-27.1234")]             // minus sign
    public void Unicode_spellings_are_the_plain_value(string raw, string expected) => Assert.Equal(expected, Canon(raw));

    [Theory]
    [InlineData("27,1234", "27.1234")]
    [InlineData("1,234,567.5", "1234567.5")]
    [InlineData("1.234.567,5", "1234567.5")]
    [InlineData("1 234 567,5", "1234567.5")]
    [InlineData("1 234 567.5", "1234567.5")]
    [InlineData("1\u00A0234\u00A0567,5", "1234567.5")]   // no-break space
    [InlineData("1\u202F234\u202F567,5", "1234567.5")]   // narrow no-break space (French)
    [InlineData("1\u2009234\u2009567,5", "1234567.5")]   // thin space
    [InlineData("1'234'567", "1234567")]                  // Swiss
    [InlineData("1’234’567.5", "1234567.5")]              // Swiss with a typographic apostrophe
    [InlineData("-1 234,5", "-1234.5")]
    public void Decimal_commas_and_thousands_separators_are_read(string raw, string expected) => Assert.Equal(expected, Canon(raw));

    [Theory]
    [InlineData("1 234 567")]
    [InlineData("1,234,567")]
    [InlineData("1'234'567")]
    [InlineData("١٢٣٤٥٦٧")]
    [InlineData("1234\u200B567")]
    public void Grouped_and_unicode_integers_are_id_shaped(string raw)
    {
        Assert.Equal("1234567", Canon(raw, out var plain));
        Assert.True(plain);
    }

    [Theory]
    [InlineData("12 34")]        // groups of three only
    [InlineData("1 2345")]
    [InlineData("1234 567")]     // a head of at most three digits
    [InlineData("1 234,567.8")]  // two decimal separators
    [InlineData("1 234'567")]    // one kind of group separator
    [InlineData("54 27")]
    public void Spaces_that_are_not_grouping_keep_the_numbers_apart(string raw) => Assert.DoesNotMatch("^-?[0-9]+(\\.[0-9]+)?$", Canon(raw));
}
