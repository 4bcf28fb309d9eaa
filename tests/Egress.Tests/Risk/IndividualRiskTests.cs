using Egress.Checks.Risk;
using Xunit;

namespace Egress.Tests.Risk;

/// <summary>The Benedetti–Franconi individual risk in sdcMicro's indivRisk, case by case.</summary>
public class IndividualRiskTests
{
    [Theory]
    [InlineData(IndividualRiskMethod.Approx)]
    [InlineData(IndividualRiskMethod.Exact)]
    public void A_unique_in_a_sample_of_one_percent(IndividualRiskMethod method)
    {
        // p = 0.01: p/(1-p)·ln(1/p); sdcMicro prints 0.0465168705655 for testdata's uniques.
        Assert.Equal(0.0465168705655, IndividualRisk.Survey(1, 100, method), 1e-12);
    }

    [Fact]
    public void A_pair_uses_the_second_order_formula()
    {
        var p = 2 / 200.0;
        var odds = p / (1 - p);
        Assert.Equal(odds - odds * odds * Math.Log(1 / p), IndividualRisk.Survey(2, 200, IndividualRiskMethod.Approx));
        Assert.Equal(IndividualRisk.Survey(2, 200, IndividualRiskMethod.Approx), IndividualRisk.Survey(2, 200, IndividualRiskMethod.Exact));
    }

    [Fact]
    public void Larger_classes_use_p_over_fk_minus_q_approximately_and_the_series_exactly()
    {
        Assert.Equal(0.01 / (102 - 0.99), IndividualRisk.Survey(102, 10200, IndividualRiskMethod.Approx), 1e-18);
        // sdcMicro's exact risk for f_k = 102, F_k = 10200 (testdata row 2).
        Assert.Equal(9.90000019995885e-05, IndividualRisk.Survey(102, 10200, IndividualRiskMethod.Exact), 1e-15);
    }

    [Fact]
    public void A_class_that_is_its_whole_population_has_risk_one_over_fk()
    {
        Assert.Equal(1.0 / 3, IndividualRisk.Survey(3, 3, IndividualRiskMethod.Approx));
        Assert.Equal(1.0, IndividualRisk.Survey(1, 1, IndividualRiskMethod.Exact));
    }

    [Fact]
    public void The_exact_series_overflows_for_large_classes_as_in_sdcMicro()
    {
        // sdcMicro reports NA for testdata's class of 176 at p = 0.01: p^(1-f_k) overflows.
        Assert.True(double.IsNaN(IndividualRisk.Survey(176, 17600, IndividualRiskMethod.Exact)));
        Assert.True(double.IsNaN(IndividualRisk.Survey(IndividualRisk.MaxExactClass + 1, 1e9, IndividualRiskMethod.Exact)));
    }
}
