using System.Text;
using Egress.Formats;
using Xunit;

namespace Egress.Tests.Formats;

/// <summary>Dates, numbers and ICD-10 codes written in the other ways people and packages write them share one canonical form.</summary>
public class WrittenFormsCanonicalTests
{
    private static (string Primary, string? Alternate) Canon(string raw)
    {
        Span<byte> dest = stackalloc byte[ValueCanonicalizer.MaxCanonicalBytes];
        Span<byte> alt = stackalloc byte[ValueCanonicalizer.MaxCanonicalBytes];
        var v = ValueCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(raw), dest, alt, out var a);
        return (v.Kind == ValueKind.None ? "<none>" : Encoding.UTF8.GetString(dest[..v.Length]),
            a.Kind == ValueKind.None ? null : Encoding.UTF8.GetString(alt[..a.Length]));
    }

    [Theory]
    [InlineData("14 Nov 2006")]
    [InlineData("14-Nov-2006")]
    [InlineData("14/nov/2006")]
    [InlineData("14.Nov.2006")]
    [InlineData("14NOV2006")]
    [InlineData("14nov2006")]
    [InlineData("14NOV2006:00:00:00")]
    [InlineData("Nov 14, 2006")]
    [InlineData("Nov 14 2006")]
    [InlineData("November 14 2006")]
    [InlineData("NOVEMBER 14, 2006")]
    [InlineData("14 November 2006")]
    [InlineData("14th November 2006")]
    [InlineData("November 14th, 2006")]
    [InlineData("2006-Nov-14")]
    [InlineData("2006 November 14")]
    [InlineData("11/14/2006")]
    [InlineData("11-14-2006")]
    [InlineData("14/11/2006")]
    [InlineData("2006-11-14T13:45:07")]
    [InlineData("2006-11-14T13:45:07Z")]
    [InlineData("2006-11-14T13:45:07.123+01:00")]
    [InlineData("2006-11-14 13:45")]
    [InlineData("2006-11-14T00:00:00-0500")]
    [InlineData("14/11/2006 09:30:00")]
    public void Dates_in_any_written_form_become_iso(string raw) => Assert.Equal("2006-11-14", Canon(raw).Primary);

    [Fact]
    public void Every_day_of_five_years_in_every_form_is_its_iso_date()
    {
        string[] names = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
        for (var d = new DateOnly(2005, 1, 1); d.Year < 2010; d = d.AddDays(1))
        {
            var iso = d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var name = names[d.Month - 1];
            foreach (var form in new[]
                     {
                         $"{d.Day} {name[..3]} {d.Year}", $"{d.Day:D2}-{name[..3]}-{d.Year}", $"{name[..3]} {d.Day}, {d.Year}", $"{name} {d.Day} {d.Year}",
                         $"{d.Day}th {name} {d.Year}", $"{d.Day:D2}{name[..3].ToUpperInvariant()}{d.Year}", $"{d.Day:D2}{name[..3].ToUpperInvariant()}{d.Year}:00:00:00",
                         $"{d.Month}/{d.Day}/{d.Year}", $"{d.Month:D2}/{d.Day:D2}/{d.Year}", $"{d.Day}/{d.Month}/{d.Year}", $"{iso}T12:30:00Z",
                     })
            {
                var (p, a) = Canon(form);
                Assert.True(p == iso || a == iso, $"{form}: {p} / {a}");
            }
        }
    }

    [Theory]
    [InlineData("5/6/2008", "2008-06-05", "2008-05-06")]
    [InlineData("05/06/2008", "2008-06-05", "2008-05-06")]
    [InlineData("06/06/2008", "2008-06-06", null)]
    [InlineData("13/06/2008", "2008-06-13", null)]
    [InlineData("06/13/2008", "2008-06-13", null)]
    [InlineData("2008-5-6", "2008-05-06", null)]
    [InlineData("1 Sept 2008", "2008-09-01", null)]
    [InlineData("3rd May 2008", "2008-05-03", null)]
    public void Numeric_dates_read_both_ways_when_both_are_dates(string raw, string primary, string? alternate)
    {
        var (p, a) = Canon(raw);
        Assert.Equal(primary, p);
        Assert.Equal(alternate, a);
    }

    [Theory]
    [InlineData("Nov 2006")]
    [InlineData("14 Nov")]
    [InlineData("30 Feb 2006")]
    [InlineData("14 Nev 2006")]
    [InlineData("14 Nov 06")]
    [InlineData("Nov-14/2006")]
    [InlineData("14NOV2006X")]
    [InlineData("2006.11.14")]
    [InlineData("14 11 2006")]
    [InlineData("14112006")]
    [InlineData("13/13/2006")]
    [InlineData("March 2006 14")]
    [InlineData("2006-11-14T25")]
    [InlineData("rs12345678")]
    public void Not_dates(string raw) => Assert.NotEqual(ValueKind.Date, Kind(raw));

    private static ValueKind Kind(string raw)
    {
        Span<byte> dest = stackalloc byte[ValueCanonicalizer.MaxCanonicalBytes];
        return ValueCanonicalizer.Canonicalize(Encoding.UTF8.GetBytes(raw), dest).Kind;
    }

    [Theory]
    [InlineData("I21.0", "i210")]
    [InlineData("I210", "i210")]
    [InlineData("e11.9", "e119")]
    [InlineData("E119", "e119")]
    [InlineData("M54.50", "m5450")]
    [InlineData("\"I21.0\"", "i210")]
    [InlineData("I10", "i10")]
    [InlineData("I1.0", "i1.0")]
    [InlineData("I21.012", "i21.012")]
    public void Icd10_codes_with_or_without_the_dot_are_one(string raw, string expected) => Assert.Equal(expected, Canon(raw).Primary);

    [Theory]
    [InlineData("1,234,567.8", "1234567.8")]
    [InlineData("1 234 567,8", "1234567.8")]
    [InlineData("1'234'567.8", "1234567.8")]
    [InlineData("1.234.567,8", "1234567.8")]
    [InlineData("1\u2009234\u2009567.8", "1234567.8")] // thin space
    [InlineData("1\u202F234\u202F567,8", "1234567.8")] // narrow no-break space
    [InlineData("1\u00A0234\u00A0567.8", "1234567.8")] // no-break space
    [InlineData("1.717e2", "171.7")]
    [InlineData("1.717E+02", "171.7")]
    [InlineData("1.717E2", "171.7")]
    [InlineData("171.7e0", "171.7")]
    [InlineData("17170e-2", "171.7")]
    [InlineData("0.1717e+3", "171.7")]
    [InlineData("\"171.7\"", "171.7")]
    [InlineData("'171.7'", "171.7")]
    [InlineData("\"171.7", "171.7")]
    [InlineData("171.7\"", "171.7")]
    [InlineData(" \"171.7\" ", "171.7")]
    public void Numbers_with_any_grouping_exponent_or_quotes_are_one(string raw, string expected) => Assert.Equal(expected, Canon(raw).Primary);
}
