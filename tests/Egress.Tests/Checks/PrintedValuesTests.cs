using Egress.TestSupport;
using Xunit;

namespace Egress.Tests.Checks;

/// <summary>The test helper that decides whether a report shows a value: whole values count, digits inside other numbers do not.</summary>
public sealed class PrintedValuesTests
{
    [Theory]
    [InlineData("{\"score\": 41.62245}", "1.6224", false)]
    [InlineData("{\"at\": 1764461234567}", "1234567", false)]
    [InlineData("height 177.5 cm", "177", false)]
    [InlineData("ids: 1234567, 7654321", "1234567", true)]
    [InlineData("[\"2008-03-18\"]", "2008-03-18", true)]
    [InlineData("value -1.6224;", "1.6224", true)]
    [InlineData("at 12.34.", "12.34", true)]
    public void Whole_values_are_shown_and_digits_inside_other_numbers_are_not(string text, string value, bool shown) =>
        Assert.Equal(shown, PrintedValues.Shows(text, value));
}
