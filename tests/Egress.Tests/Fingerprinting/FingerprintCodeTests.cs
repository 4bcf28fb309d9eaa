using Egress.Cohort.Fingerprinting;
using Egress.Formats;
using Egress.Index;
using Xunit;

namespace Egress.Tests.Fingerprinting;

/// <summary>The code and the mark on their own: determinism, the arcsine biases, the digit that rounds back, the innocent score's moments.</summary>
public sealed class FingerprintCodeTests
{
    private static readonly FingerprintCode Code = new(IndexKey.FromBytes("0123456789abcdef"u8));

    [Fact]
    public void The_mark_rounds_back_to_the_stated_value_and_its_digit_carries_the_bit()
    {
        Span<byte> rounded = stackalloc byte[32];
        foreach (var scaled in new long[] { 1, 9, 10, 51_200, 99_999, -1, -4_321, -100_000, 2_147_483 })
            for (var digit = 0; digit < 10; digit++)
            {
                var marked = LowDigitMark.Embed(scaled, digit);
                Assert.Equal(scaled, LowDigitMark.Original(marked));
                Assert.Equal(digit, LowDigitMark.Digit(marked));
                Assert.Equal(digit >= 5, LowDigitMark.BitOf(digit));
                // The index rounds the same way (half away from zero), so the marked value is found at the stated precision too.
                var text = System.Text.Encoding.ASCII.GetBytes(Fixed(marked, 4));
                var n = DecimalRounding.Round(text, 3, rounded);
                Assert.Equal(decimal.Parse(Fixed(scaled, 3), System.Globalization.CultureInfo.InvariantCulture),
                    decimal.Parse(System.Text.Encoding.ASCII.GetString(rounded[..n]), System.Globalization.CultureInfo.InvariantCulture));
            }
    }

    [Fact]
    public void The_code_is_a_function_of_the_key_and_its_biases_follow_the_arcsine_law_within_the_cutoff()
    {
        var other = new FingerprintCode(IndexKey.FromBytes("fedcba9876543210"u8));
        var column = Code.NameId("30690-0.0");
        Assert.Equal(Code.Position(1234567, column), new FingerprintCode(IndexKey.FromBytes("0123456789abcdef"u8)).Position(1234567, column));
        Assert.NotEqual(Code.Position(1234567, column), other.Position(1234567, other.NameId("30690-0.0")));

        const int n = 100_000;
        var project = Code.NameId("A");
        double below = 0, ones = 0, sum = 0;
        var digits = new int[10];
        for (var eid = 0; eid < n; eid++)
        {
            var position = Code.Position(eid, column);
            var p = Code.Bias(position);
            Assert.InRange(p, Code.Cutoff, 1 - Code.Cutoff);
            sum += p;
            if (p < 0.25) below++;
            var bit = Code.Bit(project, position, p);
            if (bit) ones++;
            var (zero, one) = Code.Digits(position);
            digits[bit ? one : zero]++;
        }
        Assert.InRange(sum / n, 0.49, 0.51);
        // Arcsine law within the cutoff: P(p < 1/4) = (π/6 − asin√t) / (π/2 − 2·asin√t), ≈ 0.320 for t = 1/300 (1/3 without it).
        var t = Math.Asin(Math.Sqrt(Code.Cutoff));
        Assert.InRange(below / n, (Math.PI / 6 - t) / (Math.PI / 2 - 2 * t) - 0.005, (Math.PI / 6 - t) / (Math.PI / 2 - 2 * t) + 0.005);
        Assert.InRange(ones / n, 0.49, 0.51);
        // Without the key the extra digit looks like one more decimal of measurement: every digit about equally often.
        Assert.All(digits, d => Assert.InRange(d, 0.09 * n, 0.11 * n));
    }

    [Fact]
    public void An_innocent_score_term_has_mean_zero_unit_variance_and_the_stated_bound()
    {
        const int n = 200_000;
        var project = Code.NameId("innocent");
        var leak = new Random(5);
        double sum = 0, squares = 0, largest = 0;
        for (var i = 0; i < n; i++)
        {
            var position = Code.Position(i, 42);
            var p = Code.Bias(position);
            var term = SymmetricScore.Term(leak.NextDouble() < 0.5, Code.Bit(project, position, p), p);
            sum += term;
            squares += term * term;
            largest = Math.Max(largest, Math.Abs(term));
        }
        Assert.InRange(sum / n, -0.02, 0.02);
        Assert.InRange(squares / n, 0.95, 1.05);
        Assert.True(largest <= Code.MaxTerm + 1e-9);
    }

    [Fact]
    public void The_threshold_solves_the_Bernstein_bound_and_the_minimum_lets_a_lone_leaker_reach_it()
    {
        const double epsilon = 1e-6;
        var m = 10_000;
        var z = AccusationThreshold.Score(m, Code.MaxTerm, epsilon);
        Assert.Equal(epsilon, Math.Exp(-z * z / (2 * m + 2 * Code.MaxTerm * z / 3)), 1e-9);
        var minimum = AccusationThreshold.MinimumPositions(Code.MaxTerm, epsilon);
        Assert.True(2 * minimum / Math.PI >= AccusationThreshold.Score(minimum, Code.MaxTerm, epsilon));
        Assert.True(2 * (minimum - 1) / Math.PI < AccusationThreshold.Score(minimum - 1, Code.MaxTerm, epsilon));
    }

    private static string Fixed(long scaled, int decimals) =>
        (scaled / (decimal)Math.Pow(10, decimals)).ToString("F" + decimals, System.Globalization.CultureInfo.InvariantCulture);
}
