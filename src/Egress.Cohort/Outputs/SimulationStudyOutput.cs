using System.Runtime.CompilerServices;
using System.Text;

namespace Egress.Cohort.Outputs;

/// <summary>
/// Results of simulation studies with a stated data-generating model: estimator bias/coverage tables, per-replicate
/// estimates, power curves and draws from a named distribution. Nothing here comes from participants, though the
/// files are long numeric tables that look like data.
/// </summary>
public sealed class SimulationStudyOutput : ILegitimateOutput
{
    public OutputKind Kind => OutputKind.SimulationStudy;

    public OutputDraft? TryCreate(CohortVariables cohort, SeededRandom rng) => rng.Next(4) switch
    {
        0 => PerformanceTable(rng),
        1 => Replicates(rng),
        2 => PowerCurve(rng),
        _ => Draws(rng),
    };

    private enum ErrorDistribution { Normal, T3, Skewed }

    private static double Error(SeededRandom rng, ErrorDistribution d) => d switch
    {
        ErrorDistribution.Normal => rng.Normal(),
        // t with 3 df scaled to unit variance
        ErrorDistribution.T3 => rng.Normal() / Math.Sqrt(rng.Gamma(1.5) / 1.5) / Math.Sqrt(3),
        _ => (rng.Gamma(2) - 2) / Math.Sqrt(2),
    };

    /// <summary>One replicate: OLS slope of y = b·x + e on n draws, with its model-based SE.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double Estimate, double Se) OlsReplicate(SeededRandom rng, int n, double beta, ErrorDistribution d)
    {
        double sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            double x = rng.Normal(), y = beta * x + Error(rng, d);
            sx += x; sy += y; sxx += x * x; sxy += x * y; syy += y * y;
        }
        double mx = sx / n, my = sy / n;
        double vxx = sxx - n * mx * mx, vxy = sxy - n * mx * my, vyy = syy - n * my * my;
        double b = vxy / vxx;
        double rss = Math.Max(vyy - b * vxy, 1e-12);
        return (b, Math.Sqrt(rss / (n - 2) / vxx));
    }

    private static OutputDraft PerformanceTable(SeededRandom rng)
    {
        int reps = rng.Pick(new[] { 200, 250 });
        int[] sizes = rng.Chance(0.5) ? [50, 100, 250] : [25, 50, 100, 200];
        double[] betas = rng.Chance(0.5) ? [0, 0.2] : [0.1, 0.3];
        var dists = rng.Chance(0.5) ? new[] { ErrorDistribution.Normal, ErrorDistribution.T3 } : new[] { ErrorDistribution.Normal, ErrorDistribution.Skewed };
        var table = new TextTable("scenario", "n", "beta", "errors", "mean_estimate", "bias", "empirical_se", "model_se", "coverage", "rejection_rate").NumericFrom(4);
        table.Numeric[1] = table.Numeric[2] = true;
        int scenario = 0, dec = rng.Between(3, 4);
        foreach (var d in dists)
            foreach (double beta in betas)
                foreach (int n in sizes)
                {
                    scenario++;
                    var results = Enumerable.Range(0, reps).Select(_ => OlsReplicate(rng, n, beta, d)).ToArray();
                    double q = StatisticalDistributions.StudentTQuantile(0.975, n - 2);
                    double mean = results.Average(r => r.Estimate);
                    double empSe = Descriptive.StandardDeviation(results.Select(r => r.Estimate).ToArray());
                    double coverage = results.Count(r => Math.Abs(r.Estimate - beta) <= q * r.Se) / (double)reps;
                    double rejection = results.Count(r => Math.Abs(r.Estimate) > q * r.Se) / (double)reps;
                    table.Add(Num.Int(scenario), Num.Int(n), Num.F(beta, 1), d.ToString().ToLowerInvariant(), Num.F(mean, dec), Num.F(mean - beta, dec),
                        Num.F(empSe, dec), Num.F(results.Average(r => r.Se), dec), Num.F(coverage, 3), Num.F(rejection, 3));
                }
        var style = TableStyle.Pick(rng);
        return new OutputDraft("simulation_performance", style.Extension, style.Render(table),
            $"Simulation study of the OLS slope (x ~ N(0,1), y = beta*x + e, e normal/t3/skewed gamma; {reps} replicates per scenario): bias, SEs, coverage, rejection rate; {style.Describe()}");
    }

    private static OutputDraft Replicates(SeededRandom rng)
    {
        int reps = rng.Pick(new[] { 500, 1000, 2000 });
        int n = rng.Pick(new[] { 50, 100, 200 });
        double beta = rng.Pick(new[] { 0.0, 0.1, 0.25, 0.5 });
        var d = rng.Pick(Enum.GetValues<ErrorDistribution>());
        var table = new TextTable("rep", "estimate", "se", "lower", "upper", "p_value", "covered").NumericFrom(0);
        double q = StatisticalDistributions.StudentTQuantile(0.975, n - 2);
        int dec = rng.Between(4, 6);
        for (int rep = 1; rep <= reps; rep++)
        {
            var (est, se) = OlsReplicate(rng, n, beta, d);
            double p = StatisticalDistributions.StudentTTwoSidedP(est / se, n - 2);
            bool covered = Math.Abs(est - beta) <= q * se;
            table.Add(Num.Int(rep), Num.F(est, dec), Num.F(se, dec), Num.F(est - q * se, dec), Num.F(est + q * se, dec), Num.F(p, dec), covered ? "1" : "0");
        }
        var style = TableStyle.Pick(rng);
        return new OutputDraft($"sim_replicates_n{n}_beta{Num.F(beta, 2).Replace(".", "")}", style.Extension, style.Render(table),
            $"Per-replicate OLS estimates from {reps} simulated data sets (n = {n}, x ~ N(0,1), y = {Num.F(beta, 2)}*x + e, e {d.ToString().ToLowerInvariant()}); {style.Describe()}");
    }

    private static OutputDraft PowerCurve(SeededRandom rng)
    {
        // Two-sample comparison of means: analytic power and a simulated check.
        double[] effects = [0.1, 0.2, 0.3, 0.4, 0.5];
        int[] perGroup = rng.Chance(0.5) ? [50, 100, 200, 400, 800] : [100, 250, 500, 1000];
        int reps = rng.Pick(new[] { 200, 500 });
        var table = new TextTable("effect_size", "n_per_group", "power_analytic", "power_simulated").NumericFrom(0);
        double z = StatisticalDistributions.NormalQuantile(0.975);
        foreach (double delta in effects)
            foreach (int m in perGroup)
            {
                double analytic = StatisticalDistributions.NormalCdf(delta * Math.Sqrt(m / 2.0) - z);
                int rejections = 0;
                for (int r = 0; r < reps; r++)
                {
                    // Means of m unit-variance draws are N(mu, 1/m); simulating the sufficient statistics is exact and quick.
                    double diff = rng.Normal(delta, Math.Sqrt(2.0 / m));
                    if (Math.Abs(diff) / Math.Sqrt(2.0 / m) > z) rejections++;
                }
                table.Add(Num.F(delta, 1), Num.Int(m), Num.F(analytic, 3), Num.F(rejections / (double)reps, 3));
            }
        var style = TableStyle.Pick(rng);
        return new OutputDraft("power_two_sample", style.Extension, style.Render(table),
            $"Power of a two-sided two-sample z-test (alpha 0.05) by standardised effect size and group size, analytic and simulated ({reps} replicates); {style.Describe()}");
    }

    private static OutputDraft Draws(SeededRandom rng)
    {
        int n = rng.Pick(new[] { 500, 1000, 2000, 5000 });
        int choice = rng.Next(4);
        (string Name, string Slug, Func<double> Draw, int Decimals) dist = choice switch
        {
            0 => ($"Normal(mean = 120, sd = 15)", "normal", () => rng.Normal(120, 15), 2),
            1 => ($"LogNormal(meanlog = 1.0, sdlog = 0.6)", "lognormal", () => Math.Exp(rng.Normal(1, 0.6)), 3),
            2 => ($"Gamma(shape = 2, rate = 0.5)", "gamma", () => rng.Gamma(2) / 0.5, 3),
            _ => ($"Beta(2, 5)", "beta", () => rng.Beta(2, 5), 4),
        };
        bool withId = rng.Chance(0.5);
        var table = withId ? new TextTable("draw", "value").NumericFrom(0) : new TextTable("value").NumericFrom(0);
        for (int i = 1; i <= n; i++)
        {
            string v = Num.F(dist.Draw(), dist.Decimals);
            if (withId) table.Add(Num.Int(i), v);
            else table.Add(v);
        }
        var style = TableStyle.Pick(rng);
        string content = style.Render(table);
        if (TableStyle.IsDelimited(style.Layout) && rng.Chance(0.5))
            content = $"# {n} simulated draws from {dist.Name}, seed {rng.Between(1, 99999)}\n" + content;
        return new OutputDraft($"simulated_{dist.Slug}_{n}", style.Extension, content,
            $"{n} draws from {dist.Name} used in a simulation (no participant data); {style.Describe()}");
    }
}
