namespace Egress.Cohort.Outputs;

/// <summary>A fitted regression with everything its printouts need: per-term estimates, tests and 95% intervals.</summary>
public sealed class FittedModel
{
    public FittedModel(string outcome, string outcomeLabel, ModelFrame frame, LinearFit? linear, LogisticFit? logistic, string dataName)
    {
        if ((linear is null) == (logistic is null)) throw new ArgumentException("exactly one fit");
        Outcome = outcome;
        OutcomeLabel = outcomeLabel;
        Frame = frame;
        Linear = linear;
        Logistic = logistic;
        DataName = dataName;
        int p = frame.P;
        Estimate = linear?.Coefficients ?? logistic!.Coefficients;
        StdError = linear?.StandardErrors ?? logistic!.StandardErrors;
        Statistic = Enumerable.Range(0, p).Select(k => Estimate[k] / StdError[k]).ToArray();
        PValue = Enumerable.Range(0, p).Select(k => linear?.PValue(k) ?? logistic!.PValue(k)).ToArray();
        // t quantile for least squares (R's confint.lm), normal for logistic (Wald, confint.default).
        double q = linear is not null
            ? StatisticalDistributions.StudentTQuantile(0.975, linear.ResidualDf)
            : StatisticalDistributions.NormalQuantile(0.975);
        Lower = Enumerable.Range(0, p).Select(k => Estimate[k] - q * StdError[k]).ToArray();
        Upper = Enumerable.Range(0, p).Select(k => Estimate[k] + q * StdError[k]).ToArray();
    }

    /// <summary>The outcome as the formula names it, e.g. <c>sbp</c> or <c>log(crp)</c>.</summary>
    public string Outcome { get; }
    public string OutcomeLabel { get; }
    public ModelFrame Frame { get; }
    public LinearFit? Linear { get; }
    public LogisticFit? Logistic { get; }
    public bool IsLogistic => Logistic is not null;
    public string DataName { get; }
    public double[] Estimate { get; }
    public double[] StdError { get; }
    public double[] Statistic { get; }
    public double[] PValue { get; }
    public double[] Lower { get; }
    public double[] Upper { get; }
    public int N => Frame.N;
    public int P => Frame.P;

    /// <summary>R's coefficient name: (Intercept), age, smokingCurrent.</summary>
    public static string RName(ModelTerm t) => t.IsIntercept ? "(Intercept)" : t.Predictor!.Name + (t.Level ?? "");

    public string RFormula => $"{Outcome} ~ {string.Join(" + ", Frame.Predictors.Select(p => p.Name))}";
}
