namespace Egress.Checks.Risk;

/// <summary>One record's figures: its row (1-based, data rows), f_k, F_k and individual risks.</summary>
public readonly record struct RecordRisk(int Row, int SampleFrequency, double PopulationFrequency, double Risk, double RiskExact);

/// <summary>Where F_k came from.</summary>
public enum PopulationSource
{
    /// <summary>No weights: the sample is taken as its own population (F_k = f_k, risk 1/f_k).</summary>
    Sample,
    /// <summary>Sums of sampling weights (sdcMicro's estimate).</summary>
    Weights,
    /// <summary>Exact counts of the cohort index (the cohort is the population).</summary>
    CohortIndex,
}

/// <summary>The file-level figures (sdcMicro's measure_risk, freqCalc and kAnon_violations).</summary>
public sealed record GlobalRisk
{
    public required int Records { get; init; }
    /// <summary>Records with f_k &lt; k, for k = 2, 3, 5.</summary>
    public required IReadOnlyDictionary<int, int> KAnonymityViolations { get; init; }
    /// <summary>Records with F_k &lt; k (sdcMicro's weighted violations).</summary>
    public required IReadOnlyDictionary<int, int> WeightedKAnonymityViolations { get; init; }
    /// <summary>Records alone in their key combination (f_k = 1).</summary>
    public required int SampleUniques { get; init; }
    /// <summary>Records alone in the population too (F_k = 1); meaningful with an index or weights.</summary>
    public required int PopulationUniques { get; init; }
    /// <summary>Distinct key combinations (missing values counted as they stand).</summary>
    public required int EquivalenceClasses { get; init; }
    /// <summary>Sum of the individual risks (global_risk_ER): the expected number of re-identifications.</summary>
    public required double ExpectedReidentifications { get; init; }
    /// <summary>Mean individual risk (global_risk).</summary>
    public required double MeanRisk { get; init; }
    /// <summary>Mean individual risk in percent (global_risk_pct).</summary>
    public double RiskPercent => MeanRisk * 100;
}

/// <summary>The re-identification risk of a row-level table for one choice of key variables.</summary>
public sealed record RiskResult
{
    public required IReadOnlyList<string> Keys { get; init; }
    public string? Weight { get; init; }
    public required PopulationSource Source { get; init; }
    /// <summary>With <see cref="PopulationSource.CohortIndex"/>: the key columns whose combination the index counted.</summary>
    public IReadOnlyList<string> PopulationKeys { get; init; } = [];
    /// <summary>With <see cref="PopulationSource.CohortIndex"/>: records whose combination the index did not hold (F_k from the sample).</summary>
    public int RecordsNotInIndex { get; init; }
    public required IReadOnlyList<RecordRisk> Records { get; init; }
    public required GlobalRisk Global { get; init; }
}
