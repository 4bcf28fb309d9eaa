using System.Text;

namespace Egress.Cohort.Outputs;

/// <summary>Prints a fitted model the way researchers export them: R summary(), broom::tidy(), Stata, statsmodels, paper tables.</summary>
public static class RegressionPrinters
{
    private const string SignifCodes = "Signif. codes:  0 \u2018***\u2019 0.001 \u2018**\u2019 0.01 \u2018*\u2019 0.05 \u2018.\u2019 0.1 \u2018 \u2019 1";

    /// <summary>R's <c>summary(lm(...))</c> or <c>summary(glm(..., family = binomial))</c> console output.</summary>
    public static string RSummary(FittedModel m)
    {
        var sb = new StringBuilder();
        sb.Append("\nCall:\n");
        sb.Append(m.IsLogistic
            ? $"glm(formula = {m.RFormula}, family = binomial, data = {m.DataName})\n\n"
            : $"lm(formula = {m.RFormula}, data = {m.DataName})\n\n");
        if (m.Linear is { } lin)
        {
            var sorted = lin.Residuals.Order().ToArray();
            double[] q = [sorted[0], Descriptive.Quantile(sorted, 0.25), Descriptive.Quantile(sorted, 0.5), Descriptive.Quantile(sorted, 0.75), sorted[^1]];
            int dec = Num.CommonDecimals(q, 4, 4);
            var cells = q.Select(v => Num.F(v, dec)).ToArray();
            string[] heads = ["Min", "1Q", "Median", "3Q", "Max"];
            int w = Math.Max(cells.Max(c => c.Length), 6);
            sb.Append("Residuals:\n");
            sb.Append(string.Join(' ', heads.Select(h => h.PadLeft(w)))).Append(" \n");
            sb.Append(string.Join(' ', cells.Select(c => c.PadLeft(w)))).Append(" \n\n");
        }

        sb.Append("Coefficients:\n");
        string stat = m.IsLogistic ? "z value" : "t value", pHead = m.IsLogistic ? "Pr(>|z|)" : "Pr(>|t|)";
        var names = m.Frame.Terms.Select(FittedModel.RName).ToArray();
        var est = RColumn(m.Estimate);
        var se = RColumn(m.StdError);
        var tv = m.Statistic.Select(v => Num.F(v, 3)).ToArray();
        var pv = m.PValue.Select(Num.RPValue).ToArray();
        int nw = names.Max(n => n.Length);
        int ew = Math.Max(8, est.Max(s => s.Length)), sw = Math.Max(10, se.Max(s => s.Length));
        int tw = Math.Max(7, tv.Max(s => s.Length)), pw = Math.Max(8, pv.Max(s => s.Length));
        sb.Append(new string(' ', nw)).Append(' ').Append("Estimate".PadLeft(ew)).Append(' ').Append("Std. Error".PadLeft(sw))
          .Append(' ').Append(stat.PadLeft(tw)).Append(' ').Append(pHead.PadLeft(pw)).Append("    \n");
        for (int k = 0; k < names.Length; k++)
            sb.Append(names[k].PadRight(nw)).Append(' ').Append(est[k].PadLeft(ew)).Append(' ').Append(se[k].PadLeft(sw))
              .Append(' ').Append(tv[k].PadLeft(tw)).Append(' ').Append(pv[k].PadLeft(pw)).Append(' ').Append(Num.Stars(m.PValue[k]).PadRight(3)).Append('\n');
        sb.Append("---\n").Append(SignifCodes).Append("\n\n");

        if (m.Linear is { } fit)
        {
            sb.Append($"Residual standard error: {Num.RSig(fit.Sigma, 4)} on {fit.ResidualDf} degrees of freedom\n");
            if (m.Frame.Excluded > 0) sb.Append($"  ({m.Frame.Excluded} observations deleted due to missingness)\n");
            sb.Append($"Multiple R-squared:  {Num.RSig(fit.RSquared, 4)},\tAdjusted R-squared:  {Num.RSig(fit.AdjustedRSquared, 4)} \n");
            double fp = fit.FPValue;
            sb.Append($"F-statistic: {Num.RSig(fit.FStatistic, 4)} on {fit.P - 1} and {fit.ResidualDf} DF,  p-value: {(fp < 2.2e-16 ? "< 2.2e-16" : Num.RSig(fp, 4))}\n\n");
        }
        else
        {
            var g = m.Logistic!;
            sb.Append("(Dispersion parameter for binomial family taken to be 1)\n\n");
            sb.Append($"    Null deviance: {Num.RSig(g.NullDeviance, 5)}  on {g.N - 1}  degrees of freedom\n");
            sb.Append($"Residual deviance: {Num.RSig(g.Deviance, 5)}  on {g.N - g.P}  degrees of freedom\n");
            if (m.Frame.Excluded > 0) sb.Append($"  ({m.Frame.Excluded} observations deleted due to missingness)\n");
            sb.Append($"AIC: {Num.RSig(g.Aic, 5)}\n\n");
            sb.Append($"Number of Fisher Scoring iterations: {g.Iterations}\n\n");
        }
        return sb.ToString();
    }

    /// <summary>A coefficient column as R prints it: common decimals, or scientific notation when magnitudes span orders.</summary>
    private static string[] RColumn(double[] values)
    {
        var nonzero = values.Where(v => v != 0).Select(Math.Abs).ToArray();
        if (nonzero.Length > 0 && nonzero.Max() / nonzero.Min() > 1e5) return values.Select(v => Num.Sci(v, 3)).ToArray();
        int dec = Num.CommonDecimals(values, 4, 7);
        return values.Select(v => Num.F(v, dec)).ToArray();
    }

    /// <summary><c>broom::tidy(fit, conf.int = TRUE[, exponentiate = TRUE])</c> written as a table.</summary>
    public static string Tidy(FittedModel m, TableStyle style, bool exponentiate, int? decimals)
    {
        var table = new TextTable("term", "estimate", "std.error", "statistic", "p.value", "conf.low", "conf.high").NumericFrom(1);
        string F(double v) => decimals is int d ? Num.F(v, d) : Num.Full(v);
        string P(double p) => decimals is int d ? (p == 0 ? "0" : p < Math.Pow(10, -d) ? Num.Sci(p, 2) : Num.F(p, d)) : Num.Full(p);
        for (int k = 0; k < m.P; k++)
        {
            Func<double, double> t = exponentiate ? Math.Exp : v => v;
            table.Add(FittedModel.RName(m.Frame.Terms[k]), F(t(m.Estimate[k])), F(m.StdError[k]), F(m.Statistic[k]),
                P(m.PValue[k]), F(t(m.Lower[k])), F(t(m.Upper[k])));
        }
        return style.Render(table);
    }

    /// <summary>Stata's <c>regress</c>, <c>logit</c> or <c>logistic</c> (odds ratios) output.</summary>
    public static string Stata(FittedModel m, bool oddsRatios)
    {
        var sb = new StringBuilder();
        var covariates = m.Frame.Predictors.Select(p => p.Factor is not null ? "i." + p.Name : p.Name);
        string outcome = m.Outcome.Replace("log(", "ln_").TrimEnd(')');
        string command = m.IsLogistic ? (oddsRatios ? "logistic" : "logit") : "regress";
        sb.Append($". {command} {outcome} {string.Join(' ', covariates)}\n\n");

        if (m.Linear is { } fit)
        {
            double mss = fit.TotalSumOfSquares - fit.ResidualSumOfSquares;
            int dfm = fit.P - 1, dfr = fit.ResidualDf;
            string Row(string name, double ss, int df, double ms) =>
                $"{name.PadLeft(12)} | {StataNum(ss, 10).PadLeft(11)} {Num.Thousands(df).PadLeft(9)} {StataNum(ms, 10).PadLeft(11)}";
            sb.Append($"      Source |       SS           df       MS      Number of obs   = {Num.Thousands(fit.N),9}\n");
            sb.Append("-------------+----------------------------------   ").Append($"F({dfm}, {Num.Thousands(dfr)})".PadRight(16)).Append($"= {Num.F(Math.Min(fit.FStatistic, 99999.99), 2),9}\n");
            sb.Append(Row("Model", mss, dfm, mss / dfm).PadRight(51)).Append($"Prob > F        = {Num.F(fit.FPValue, 4),9}\n");
            sb.Append(Row("Residual", fit.ResidualSumOfSquares, dfr, fit.ResidualSumOfSquares / dfr).PadRight(51)).Append($"R-squared       = {Num.F(fit.RSquared, 4),9}\n");
            sb.Append("-------------+----------------------------------   ").Append($"Adj R-squared   = {Num.F(fit.AdjustedRSquared, 4),9}\n");
            sb.Append(Row("Total", fit.TotalSumOfSquares, fit.N - 1, fit.TotalSumOfSquares / (fit.N - 1)).PadRight(51)).Append($"Root MSE        = {StataNum(fit.Sigma, 9),9}\n\n");
        }
        else
        {
            var g = m.Logistic!;
            sb.Append($"Logistic regression".PadRight(56)).Append($"Number of obs = {Num.Thousands(g.N),8}\n");
            sb.Append(new string(' ', 56)).Append($"LR chi2({g.P - 1})".PadRight(14)).Append($"= {Num.F(g.LikelihoodRatioChiSquared, 2),8}\n");
            sb.Append(new string(' ', 56)).Append($"Prob > chi2   = {Num.F(StatisticalDistributions.ChiSquaredUpperTail(g.LikelihoodRatioChiSquared, g.P - 1), 4),8}\n");
            sb.Append($"Log likelihood = {Num.F(g.LogLikelihood, 4)}".PadRight(56)).Append($"Pseudo R2     = {Num.F(g.McFaddenR2, 4),8}\n\n");
        }

        string coefHead = m.IsLogistic ? (oddsRatios ? "Odds ratio" : "Coefficient") : "Coefficient";
        string stat = m.IsLogistic ? "z" : "t";
        string line = new string('-', 13) + "+" + new string('-', 64);
        sb.Append(new string('-', 78)).Append('\n');
        sb.Append($"{Abbreviate(outcome).PadLeft(12)} | {coefHead.PadLeft(11)}  Std. err.      {stat}    P>|{stat}|     [95% conf. interval]\n");
        sb.Append(line).Append('\n');
        string? currentFactor = null;
        int[] order = Enumerable.Range(1, m.P - 1).Append(0).ToArray(); // Stata prints _cons last
        foreach (int k in order)
        {
            var term = m.Frame.Terms[k];
            double est = m.Estimate[k], se = m.StdError[k], lo = m.Lower[k], hi = m.Upper[k];
            if (oddsRatios)
            {
                est = Math.Exp(est);
                se *= est; // Stata reports the delta-method SE of the odds ratio
                lo = Math.Exp(lo);
                hi = Math.Exp(hi);
            }
            string name;
            if (term.IsIntercept) name = "_cons";
            else if (term.Predictor!.Factor is not null)
            {
                if (currentFactor != term.Predictor.Name)
                {
                    currentFactor = term.Predictor.Name;
                    sb.Append($"{"",12} |\n{Abbreviate(term.Predictor.Name).PadLeft(12)} |\n");
                }
                name = Abbreviate(term.Level!, 11) + " ";
            }
            else
            {
                if (currentFactor is not null) sb.Append($"{"",12} |\n");
                currentFactor = null;
                name = Abbreviate(term.Predictor.Name);
            }
            if (term.IsIntercept && currentFactor is not null) sb.Append($"{"",12} |\n");
            sb.Append($"{name.PadLeft(12)} | {StataNum(est, 10),11}  {StataNum(se, 9),9} {Num.F(m.Statistic[k], 2),7}   {Num.F(m.PValue[k], 3),5}    {StataNum(lo, 9),9}   {StataNum(hi, 9),9}\n");
        }
        sb.Append(new string('-', 78)).Append('\n');
        if (oddsRatios) sb.Append("Note: _cons estimates baseline odds.\n");
        return sb.ToString();
    }

    /// <summary>Stata's %9.0g-like display: up to 7 significant digits, no leading zero (.6230011).</summary>
    private static string StataNum(double v, int width)
    {
        if (v == 0) return "0";
        int magnitude = (int)Math.Floor(Math.Log10(Math.Abs(v)));
        if (magnitude < -5) return Num.Sci(v, 2);
        for (int digits = 7; digits >= 1; digits--)
        {
            int dec = Math.Max(0, digits - 1 - magnitude);
            string s = Num.F(v, dec);
            if (s.StartsWith("0.", StringComparison.Ordinal)) s = s[1..];
            else if (s.StartsWith("-0.", StringComparison.Ordinal)) s = "-" + s[2..];
            if (s.Contains('.')) s = s.TrimEnd('0').TrimEnd('.');
            if (s.Length <= width) return s;
        }
        return Num.Sci(v, 2);
    }

    /// <summary>Stata abbreviates long names and value labels to 12 characters with a tilde.</summary>
    private static string Abbreviate(string s, int width = 12) => s.Length <= width ? s : s[..(width - 2)] + "~" + s[^1];

    /// <summary>statsmodels' <c>print(results.summary())</c> for OLS or Logit.</summary>
    public static string Statsmodels(FittedModel m, SeededRandom rng)
    {
        var date = new DateOnly(2022, 1, 3).AddDays(rng.Next(900));
        string dateText = date.ToString("ddd, dd MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        string timeText = $"{rng.Between(8, 19):00}:{rng.Next(60):00}:{rng.Next(60):00}";
        string outcome = m.Outcome.Replace("log(", "np.log(");
        var sb = new StringBuilder();
        string Pair(string l1, string v1, string l2, string v2) => (l1.PadRight(20) + v1.PadLeft(18)).PadRight(39) + "   " + l2.PadRight(20) + v2.PadLeft(16);
        string eq = new string('=', 78);
        if (m.Linear is { } fit)
        {
            sb.Append("                            OLS Regression Results                            \n").Append(eq).Append('\n');
            double aic = -2 * fit.LogLikelihood + 2 * fit.P, bic = -2 * fit.LogLikelihood + fit.P * Math.Log(fit.N);
            sb.Append(Pair("Dep. Variable:", outcome, "R-squared:", Num.F(fit.RSquared, 3))).Append('\n');
            sb.Append(Pair("Model:", "OLS", "Adj. R-squared:", Num.F(fit.AdjustedRSquared, 3))).Append('\n');
            sb.Append(Pair("Method:", "Least Squares", "F-statistic:", Num.Sig(fit.FStatistic, 4))).Append('\n');
            sb.Append(Pair("Date:", dateText, "Prob (F-statistic):", Num.Sci(fit.FPValue, 2))).Append('\n');
            sb.Append(Pair("Time:", timeText, "Log-Likelihood:", Num.Sig(fit.LogLikelihood, 5))).Append('\n');
            sb.Append(Pair("No. Observations:", Num.Int(fit.N), "AIC:", Num.Sci(aic, 3))).Append('\n');
            sb.Append(Pair("Df Residuals:", Num.Int(fit.ResidualDf), "BIC:", Num.Sci(bic, 3))).Append('\n');
            sb.Append(Pair("Df Model:", Num.Int(fit.P - 1), "", "")).Append('\n');
            sb.Append(Pair("Covariance Type:", "nonrobust", "", "")).Append('\n');
        }
        else
        {
            var g = m.Logistic!;
            sb.Append("                           Logit Regression Results                           \n").Append(eq).Append('\n');
            sb.Append(Pair("Dep. Variable:", outcome, "No. Observations:", Num.Int(g.N))).Append('\n');
            sb.Append(Pair("Model:", "Logit", "Df Residuals:", Num.Int(g.N - g.P))).Append('\n');
            sb.Append(Pair("Method:", "MLE", "Df Model:", Num.Int(g.P - 1))).Append('\n');
            sb.Append(Pair("Date:", dateText, "Pseudo R-squ.:", Num.F(g.McFaddenR2, 4))).Append('\n');
            sb.Append(Pair("Time:", timeText, "Log-Likelihood:", Num.Sig(g.LogLikelihood, 5))).Append('\n');
            sb.Append(Pair("converged:", "True", "LL-Null:", Num.Sig(g.NullLogLikelihood, 5))).Append('\n');
            sb.Append(Pair("Covariance Type:", "nonrobust", "LLR p-value:", Num.Sci(StatisticalDistributions.ChiSquaredUpperTail(g.LikelihoodRatioChiSquared, g.P - 1), 3))).Append('\n');
        }
        string Name(ModelTerm t) => t.IsIntercept ? "Intercept"
            : t.Predictor!.Factor is not null ? $"C({t.Predictor.Name})[T.{t.Level}]" : t.Predictor.Name;
        var names = m.Frame.Terms.Select(Name).ToArray();
        int nw = Math.Max(16, names.Max(n => n.Length) + 2);
        string stat = m.IsLogistic ? "z" : "t";
        int total = nw + 66;
        sb.Append(new string('=', total)).Append('\n');
        sb.Append(new string(' ', nw)).Append($"{"coef",10} {"std err",10} {stat,10} {"P>|" + stat + "|",10} {"[0.025",10} {"0.975]",10}\n");
        sb.Append(new string('-', total)).Append('\n');
        for (int k = 0; k < m.P; k++)
            sb.Append(names[k].PadRight(nw)).Append($"{Num.Sig(m.Estimate[k], 4),10} {Num.Sig(m.StdError[k], 4),10} {Num.F(m.Statistic[k], 3),10} {Num.F(m.PValue[k], 3),10} {Num.Sig(m.Lower[k], 4),10} {Num.Sig(m.Upper[k], 4),10}\n");
        sb.Append(new string('=', total)).Append('\n');
        if (!m.IsLogistic)
            sb.Append("\nNotes:\n[1] Standard Errors assume that the covariance matrix of the errors is correctly specified.\n");
        return sb.ToString();
    }

    /// <summary>A manuscript table: β or OR with 95% CI and p, factors shown with their reference category.</summary>
    public static string PaperTable(FittedModel m, TableStyle style, int decimals)
    {
        bool or = m.IsLogistic;
        var table = new TextTable("Characteristic", or ? "OR (95% CI)" : "Beta (95% CI)", "P value");
        table.Numeric[1] = table.Numeric[2] = true;
        string Est(int k) => or
            ? $"{Num.F(Math.Exp(m.Estimate[k]), decimals)} ({Num.F(Math.Exp(m.Lower[k]), decimals)}, {Num.F(Math.Exp(m.Upper[k]), decimals)})"
            : $"{Num.F(m.Estimate[k], decimals)} ({Num.F(m.Lower[k], decimals)}, {Num.F(m.Upper[k], decimals)})";
        string? factor = null;
        for (int k = 1; k < m.P; k++)
        {
            var t = m.Frame.Terms[k];
            var p = t.Predictor!;
            if (p.Factor is null)
            {
                factor = null;
                string unit = p.Continuous!.Unit switch { "" => "", "years" => " (per year)", var u => $" (per {u})" };
                table.Add(p.Label + unit, Est(k), Num.PaperP(m.PValue[k]));
                continue;
            }
            if (factor != p.Name)
            {
                factor = p.Name;
                table.Add(p.Label, "", "");
                table.Add("  " + t.ReferenceLevel, or ? "1.00 (reference)" : "0 (reference)", "");
            }
            table.Add("  " + t.Level, Est(k), Num.PaperP(m.PValue[k]));
        }
        return style.Render(table);
    }
}
