using Egress.Cohort.Outputs;
using Xunit;

namespace Egress.Tests.Outputs;

public sealed class RegressionSolverTests
{
    private static (double[] X, double[] Y) Design(int n, ulong seed, Func<double, double, SeededRandom, double> outcome)
    {
        var rng = new SeededRandom(seed);
        var x = new double[n * 3];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double x1 = rng.Normal(), x2 = rng.Uniform(0, 10);
            x[i * 3] = 1;
            x[i * 3 + 1] = x1;
            x[i * 3 + 2] = x2;
            y[i] = outcome(x1, x2, rng);
        }
        return (x, y);
    }

    [Fact]
    public void Least_squares_recovers_a_planted_linear_relation()
    {
        var (x, y) = Design(5000, 1, (x1, x2, rng) => 2 + 3 * x1 - 1.5 * x2 + rng.Normal());
        var fit = RegressionSolver.FitLinear(x, y, 3);
        Assert.NotNull(fit);
        Assert.Equal(2, fit.Coefficients[0], 0.1);
        Assert.Equal(3, fit.Coefficients[1], 0.05);
        Assert.Equal(-1.5, fit.Coefficients[2], 0.02);
        Assert.Equal(1, fit.Sigma, 0.05);
        // SE of the x1 slope is sigma / (sd(x1) sqrt(n)) ≈ 1 / sqrt(5000)
        Assert.Equal(1 / Math.Sqrt(5000), fit.StandardErrors[1], 0.002);
        Assert.True(fit.RSquared > 0.9);
        Assert.True(fit.PValue(1) < 1e-16);
    }

    [Fact]
    public void Logistic_regression_recovers_planted_log_odds_ratios()
    {
        var (x, y) = Design(20000, 2, (x1, x2, rng) => rng.Chance(1 / (1 + Math.Exp(-(-1 + 0.8 * x1 - 0.2 * x2)))) ? 1 : 0);
        var fit = RegressionSolver.FitLogistic(x, y, 3);
        Assert.NotNull(fit);
        Assert.Equal(-1, fit.Coefficients[0], 0.12);
        Assert.Equal(0.8, fit.Coefficients[1], 0.06);
        Assert.Equal(-0.2, fit.Coefficients[2], 0.02);
        Assert.True(fit.Deviance < fit.NullDeviance);
    }

    [Fact]
    public void Collinear_design_gives_no_fit()
    {
        var x = new double[300];
        var y = new double[100];
        for (int i = 0; i < 100; i++)
        {
            x[i * 3] = 1;
            x[i * 3 + 1] = i;
            x[i * 3 + 2] = 2 * i;
            y[i] = i;
        }
        Assert.Null(RegressionSolver.FitLinear(x, y, 3));
    }

    [Fact]
    public void Model_on_the_test_cohort_recovers_the_planted_blood_pressure_relation()
    {
        using var folder = new TempFolder();
        TestCohort.Write(folder.Path, 3000, seed: 7);
        var cohort = CohortVariables.From(MasterCohortReader.Read(folder.Path));
        // The test cohort plants sbp = 79 + 0.5 age + 0.9 bmi + 5 male + noise (mean of two readings).
        var frame = ModelFrame.Build(cohort.ContinuousByName("sbp")!.Values,
            [Predictor.Of(cohort.ContinuousByName("age")!), Predictor.Of(cohort.ContinuousByName("bmi")!), Predictor.Of(cohort.CategoricalByName("sex")!)]);
        Assert.NotNull(frame);
        var fit = RegressionSolver.FitLinear(frame.X, frame.Y, frame.P);
        Assert.NotNull(fit);
        Assert.Equal(["(Intercept)", "age", "bmi", "sexMale"], frame.Terms.Select(FittedModel.RName));
        Assert.Equal(0.5, fit.Coefficients[1], 0.1);
        Assert.Equal(0.9, fit.Coefficients[2], 0.15);
        Assert.Equal(5, fit.Coefficients[3], 1.5);
        Assert.True(frame.Excluded > 0, "missing values should drop some rows");
    }

    /// <summary>Two-sided p at the tabulated 97.5% quantiles of t is 0.05.</summary>
    [Theory]
    [InlineData(12.706205, 1)]
    [InlineData(2.228139, 10)]
    [InlineData(2.042272, 30)]
    [InlineData(1.960201, 10000)]
    public void Student_t_p_values_match_tabulated_quantiles(double t, double df) =>
        Assert.Equal(0.05, StatisticalDistributions.StudentTTwoSidedP(t, df), 6);

    [Fact]
    public void Distribution_functions_match_reference_values()
    {
        Assert.Equal(1.959964, StatisticalDistributions.NormalQuantile(0.975), 5);
        Assert.Equal(2.228139, StatisticalDistributions.StudentTQuantile(0.975, 10), 5);
        Assert.Equal(0.0185661, StatisticalDistributions.ChiSquaredUpperTail(10, 3), 6);
        // Far tail, where GWAS p-values live: P(|Z| > 10) = 1.523971e-23
        Assert.InRange(StatisticalDistributions.NormalTwoSidedP(10) / 1.523971e-23, 0.99999, 1.00001);
        Assert.Equal(0.05, StatisticalDistributions.FUpperTail(3.098391, 3, 20), 5);
        Assert.Equal(0.05, StatisticalDistributions.ChiSquaredUpperTail(3.841459, 1), 6);
    }
}
