using System.Text;
using Egress.Formats;
using Xunit;

namespace Egress.Tests.Formats;

public class ValueCanonicalizerTests
{
    private static string Canon(string raw)
    {
        Span<byte> dest = stackalloc byte[ValueCanonicalizer.MaxCanonicalBytes];
        var v = ValueCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(raw), dest);
        return v.Kind == ValueKind.None ? "<none>" : Encoding.UTF8.GetString(dest[..v.Length]);
    }

    [Theory]
    [InlineData("3.210", "3.21")]
    [InlineData("+3.21", "3.21")]
    [InlineData("03.21", "3.21")]
    [InlineData(" 3.21 ", "3.21")]
    [InlineData("\"3.21\"", "3.21")]
    [InlineData("3,21", "3.21")]
    [InlineData("-0.000", "0")]
    [InlineData("-0.50", "-0.5")]
    [InlineData("1.0", "1")]
    [InlineData(".5", "0.5")]
    [InlineData("1234567", "1234567")]
    [InlineData("1,234,567", "1234567")]
    [InlineData("1.234.567", "1234567")]
    [InlineData("1,234.5", "1234.5")]
    [InlineData("1.234,5", "1234.5")]
    [InlineData("1.5e-3", "0.0015")]
    [InlineData("2.5E+02", "250")]
    [InlineData("1e5", "100000")]
    public void Numbers_written_differently_share_one_form(string raw, string expected) => Assert.Equal(expected, Canon(raw));

    [Theory]
    [InlineData("３.２１", "3.21")]          // full-width digits
    [InlineData("٣٫٢١", "3.21")]             // Arabic decimal separator is the decimal point
    [InlineData("3٫21x", "<text>")]       // but a number it is only when the rest is
    [InlineData("٣.٢١", "3.21")]             // Arabic-Indic digits
    [InlineData("३.२१", "3.21")]             // Devanagari digits
    [InlineData("3\u200B.21", "3.21")]       // zero-width space removed
    [InlineData("−3.21", "-3.21")]           // minus sign
    public void Unicode_digits_fold_to_ascii(string raw, string expected)
    {
        var canon = Canon(raw);
        if (expected == "<text>") Assert.DoesNotMatch("^-?[0-9.]+$", canon);
        else Assert.Equal(expected, canon);
    }

    [Theory]
    [InlineData("2008-05-21", "2008-05-21")]
    [InlineData("21/05/2008", "2008-05-21")]
    [InlineData("21.05.2008", "2008-05-21")]
    [InlineData("2008/05/21", "2008-05-21")]
    [InlineData("2008-05-21 00:00:00", "2008-05-21")]
    public void Dates_become_iso(string raw, string expected) => Assert.Equal(expected, Canon(raw));

    [Theory]
    [InlineData("E119", "e119")]
    [InlineData("1.2.3", "1.2.3")]
    [InlineData("rs12345", "rs12345")]
    [InlineData("", "<none>")]
    [InlineData("   ", "<none>")]
    public void Text_is_lower_cased_and_kept(string raw, string expected) => Assert.Equal(expected, Canon(raw));

    [Fact]
    public void Comma_with_three_digits_is_read_both_ways()
    {
        Span<byte> dest = stackalloc byte[ValueCanonicalizer.MaxCanonicalBytes];
        Span<byte> alt = stackalloc byte[ValueCanonicalizer.MaxCanonicalBytes];
        var v = ValueCanonicalizer.Canonicalize("5,123"u8, dest, alt, out var a);
        Assert.Equal("5.123", Encoding.UTF8.GetString(dest[..v.Length]));
        Assert.Equal("5123", Encoding.UTF8.GetString(alt[..a.Length]));
    }

    [Fact]
    public void Plain_integers_are_marked_for_id_tests()
    {
        Span<byte> dest = stackalloc byte[ValueCanonicalizer.MaxCanonicalBytes];
        Assert.True(ValueCanonicalizer.Canonicalize("1234567"u8, dest).IsPlainInteger);
        Assert.False(ValueCanonicalizer.Canonicalize("-1234567"u8, dest).IsPlainInteger);
        Assert.False(ValueCanonicalizer.Canonicalize("1234567.0"u8, dest).IsPlainInteger);
    }

    [Theory]
    [InlineData("5.123", 2, "5.12")]
    [InlineData("5.125", 2, "5.13")]
    [InlineData("-5.125", 2, "-5.13")]
    [InlineData("5.196", 2, "5.2")]
    [InlineData("9.996", 2, "10")]
    [InlineData("-0.004", 2, "0")]
    [InlineData("0.05", 1, "0.1")]
    [InlineData("5.1", 2, "5.1")]
    public void Rounding_is_half_away_from_zero_on_digits(string canonical, int decimals, string expected)
    {
        Span<byte> dest = stackalloc byte[64];
        var n = DecimalRounding.Round(Encoding.ASCII.GetBytes(canonical), decimals, dest);
        Assert.Equal(expected, Encoding.ASCII.GetString(dest[..n]));
    }
}
