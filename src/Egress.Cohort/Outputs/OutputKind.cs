namespace Egress.Cohort.Outputs;

/// <summary>The families of legitimate aggregate output that the generator writes.</summary>
public enum OutputKind
{
    FrequencyTable,
    SummaryStatistics,
    RegressionTable,
    GwasSummaryStatistics,
    CorrelationMatrix,
    SurvivalTable,
    Crosstab,
    SimulationStudy,
}

public static class OutputKindNames
{
    /// <summary>The kebab-case name written to index.tsv.</summary>
    public static string Name(this OutputKind kind) => kind switch
    {
        OutputKind.FrequencyTable => "frequency-table",
        OutputKind.SummaryStatistics => "summary-statistics",
        OutputKind.RegressionTable => "regression-table",
        OutputKind.GwasSummaryStatistics => "gwas-summary-statistics",
        OutputKind.CorrelationMatrix => "correlation-matrix",
        OutputKind.SurvivalTable => "survival-table",
        OutputKind.Crosstab => "crosstab",
        OutputKind.SimulationStudy => "simulation-study",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static OutputKind Parse(string name) =>
        Enum.GetValues<OutputKind>().First(k => k.Name() == name);
}
