using System.Text;
using Egress.Formats.Words;
using Xunit;

namespace Egress.Tests.Formats.Words;

/// <summary>Numbers said in words and dates split into words are rewritten in digits; ordinary prose is left alone.</summary>
public class SpelledValueTests
{
    private static string Numbers(string text)
    {
        var words = text.Split([' ', '-', ','], StringSplitOptions.RemoveEmptyEntries).Select(w => NumberWords.Lookup(Encoding.ASCII.GetBytes(w))).ToArray();
        return string.Join(" ", SpokenNumber.Read(words).Select(r => r.Digits));
    }

    [Theory]
    [InlineData("one hundred and seventy-one point seven", "171.7")]
    [InlineData("seventy one", "71")]
    [InlineData("seventy-one point four", "71.4")]
    [InlineData("two thousand and six", "2006")]
    [InlineData("two thousand six", "2006")]
    [InlineData("nineteen fifty-six", "1956")]
    [InlineData("nineteen hundred and fifty six", "1956")]
    [InlineData("nineteen oh five", "1905")]
    [InlineData("twenty twenty", "2020")]
    [InlineData("one two three four five six seven", "1234567")]
    [InlineData("one zero five", "105")]
    [InlineData("minus three point two", "-3.2")]
    [InlineData("negative zero point zero one two", "-0.012")]
    [InlineData("zero point five", "0.5")]
    [InlineData("twenty-first", "21")]
    [InlineData("fourteenth", "14")]
    [InlineData("one hundred twelve", "112")]
    [InlineData("five thousand three hundred and two", "5302")]
    [InlineData("two hundred thousand", "200000")]
    [InlineData("one million two hundred thousand", "1200000")]
    [InlineData("a hundred", "100")]
    [InlineData("FORTY TWO", "42")]
    [InlineData("three point one four one five nine", "3.14159")]
    [InlineData("point seventy-five", "75")]
    [InlineData("one hundred and ten point two five", "110.25")]
    public void Spoken_numbers_are_read(string text, string digits) => Assert.Equal(digits, Numbers(text));

    private static string? Rewrite(string text, bool firstBlock = false)
    {
        var bytes = SpelledValueRewriter.Rewrite(Encoding.UTF8.GetBytes(text), firstBlock);
        return bytes is null ? null : Encoding.UTF8.GetString(bytes);
    }

    [Fact]
    public void Prose_with_values_in_words_is_rewritten_line_by_line()
    {
        var text = "Notes\nParticipant born in November 1956 weighed seventy-one point four kg and was seen on 14 Nov 2006.\n" +
                   "Nothing here.\nThe second was one hundred and sixty-two point five cm tall, seen on Nov 3, 2007, HbA1c forty-one point two.\n";
        Assert.Equal("Participant born in November 1956 weighed 71.4 kg and was seen on 2006-11-14.\n" +
                     "The second was 162.5 cm tall, seen on 2007-11-03, HbA1c 41.2.\n", Rewrite(text));
    }

    [Fact]
    public void A_table_keeps_its_header_and_its_cells()
    {
        var text = "height,weight,seen\none hundred and seventy-one point seven,seventy,\"Nov 14, 2006\"\nfifty-five point two,eighty one,14th of November 2006\n";
        Assert.Equal("height,weight,seen\n171.7,70,\"2006-11-14\"\n55.2,81,2006-11-14\n", Rewrite(text, firstBlock: true));
    }

    [Fact]
    public void Dates_said_in_words_are_rewritten()
    {
        var text = "on the fourteenth of November two thousand and six\nand the first of May nineteen fifty-six\nthen 3rd of June 2001\n";
        Assert.Equal("on the 2006-11-14\nand the 1956-05-01\nthen 2001-06-03\n", Rewrite(text));
    }

    [Fact]
    public void A_large_block_is_read_where_it_spells_values()
    {
        var prose = string.Concat(Enumerable.Repeat("One of the first things we did in May was to choose two of the ten models for the second stage.\n", 6_000));
        var words = string.Concat(Enumerable.Range(0, 3_000).Select(i => $"row {i}: seventy-one point four, one hundred and two point five\n"));
        var rewritten = Rewrite(prose + words + prose);
        Assert.NotNull(rewritten);
        Assert.Equal(3_000, rewritten!.Split('\n').Count(l => l.EndsWith(": 71.4, 102.5", StringComparison.Ordinal)));
        Assert.Null(Rewrite(prose + prose));
    }

    [Theory]
    [InlineData("One of the first things we did was to choose two of the ten models; the second may be better in March.\n")]
    [InlineData("height,weight\n171.7,70.2\n165.2,55.1\n")]
    [InlineData("We met in May 2006 and again in June 2007.\n")]
    [InlineData("twenty-one participants left; seventy two stayed.\n")]
    public void Ordinary_text_is_left_alone(string text) => Assert.Null(Rewrite(text));
}
