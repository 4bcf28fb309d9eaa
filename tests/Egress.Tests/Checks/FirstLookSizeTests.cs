using Egress.Checks;
using Xunit;

namespace Egress.Tests.Checks;

public sealed class FirstLookSizeTests
{
    /// <summary>Runs rows that each settle after <paramref name="settleAt"/> cells (when the first look reaches that far).</summary>
    private static void Feed(FirstLookSize size, int rows, int settleAt)
    {
        for (var r = 0; r < rows; r++)
        {
            var first = size.Next(out var sampling);
            // After the first look a row takes one more cell at a time: it settles at settleAt, or at its first look if that is more.
            var looked = Math.Max(first, settleAt);
            size.Settled(looked, sampling);
        }
    }

    [Fact]
    public void Starts_at_the_least_and_grows_to_where_most_rows_settle()
    {
        var size = new FirstLookSize(5, 14);
        Assert.Equal(5, size.Current);
        Feed(size, 10_000, 8);
        Assert.Equal(8, size.Current);
    }

    [Fact]
    public void Comes_back_down_when_rows_settle_sooner()
    {
        var size = new FirstLookSize(5, 14);
        Feed(size, 10_000, 11);
        Assert.Equal(11, size.Current);
        Feed(size, 10_000, 5);
        Assert.Equal(5, size.Current);
    }

    [Fact]
    public void Stays_at_the_least_when_rows_do_not_settle_early()
    {
        var size = new FirstLookSize(5, 14);
        for (var r = 0; r < 10_000; r++) size.Next(out _);
        Assert.Equal(5, size.Current);
    }
}
