using Egress.Cohort.Outputs;
using Xunit;

namespace Egress.Tests.Outputs;

public sealed class NumTests
{
    [Theory]
    [InlineData(123.455, 2, "123.46")]
    [InlineData(-0.0001, 2, "0.00")]
    [InlineData(-2.5, 0, "-3")]
    [InlineData(0.1, 3, "0.100")]
    [InlineData(1234567890123.0, 1, "1234567890123.0")]
    public void Fixed_decimals(double value, int decimals, string expected) => Assert.Equal(expected, Num.F(value, decimals));

    [Theory]
    [InlineData(1.234e-8, 2, "1.23e-08")]
    [InlineData(9.9996e-8, 3, "1.000e-07")]
    [InlineData(5e-120, 1, "5.0e-120")]
    [InlineData(-0.5, 2, "-5.00e-01")]
    [InlineData(0.0, 2, "0.00e+00")]
    public void Scientific(double value, int decimals, string expected) => Assert.Equal(expected, Num.Sci(value, decimals));

    [Theory]
    [InlineData(0.00133, 4, "0.00133")]
    [InlineData(-0.00001669, 4, "-1.669e-05")]
    [InlineData(17.2811, 4, "17.28")]
    [InlineData(2101.24, 5, "2101.2")]
    [InlineData(0.2301, 4, "0.2301")]
    public void R_significant_digits(double value, int digits, string expected) => Assert.Equal(expected, Num.RSig(value, digits));

    [Fact]
    public void R_print_decimals_are_the_fewest_that_show_seven_significant_digits()
    {
        Assert.Equal(3, Num.RDecimals([0.659, 1.071, 1.496]));
        Assert.Equal(4, Num.RDecimals([14.907, 40.0308]));
        Assert.Equal(0, Num.RDecimals([12.0, 40.0]));
    }
}
