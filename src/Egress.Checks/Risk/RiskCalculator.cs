namespace Egress.Checks.Risk;

/// <summary>
/// Measures a row-level table's re-identification risk for chosen key columns: per record f_k, F_k and
/// the individual risk, and the global figures, as sdcMicro's measure_risk does.
/// </summary>
public static class RiskCalculator
{
    public static readonly int[] KLevels = [2, 3, 5];

    /// <summary>
    /// Sample-only measures: F_k from <paramref name="weightColumn"/> when given (sdcMicro's estimate and
    /// Benedetti–Franconi risk), else the sample is its own population (risk 1/f_k).
    /// </summary>
    public static RiskResult Measure(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyList<int> keyColumns,
        int? weightColumn, CancellationToken cancel = default)
    {
        var codes = KeyCodes.From(rows, keyColumns, cancel);
        var weights = weightColumn is { } w ? Weights(rows, w, header) : null;
        var frequencies = SampleFrequencyCalculator.Compute(codes, weights, cancel);
        var records = new RecordRisk[rows.Count];
        var exact = new Dictionary<(int, double), double>();
        for (var r = 0; r < rows.Count; r++)
        {
            var fk = frequencies.SampleCounts[r];
            var Fk = frequencies.PopulationEstimates[r];
            double risk, riskExact;
            if (weights is null) risk = riskExact = IndividualRisk.Population(fk);
            else
            {
                risk = IndividualRisk.Survey(fk, Fk, IndividualRiskMethod.Approx);
                // A class's records share f_k and F_k: the series is summed once per class.
                if (!exact.TryGetValue((fk, Fk), out riskExact))
                    exact[(fk, Fk)] = riskExact = IndividualRisk.Survey(fk, Fk, IndividualRiskMethod.Exact);
            }
            records[r] = new RecordRisk(r + 1, fk, Fk, risk, riskExact);
        }
        return new RiskResult
        {
            Keys = keyColumns.Select(c => Name(header, c)).ToList(),
            Weight = weightColumn is { } wc ? Name(header, wc) : null,
            Source = weights is null ? PopulationSource.Sample : PopulationSource.Weights,
            Records = records,
            Global = Summarise(records, frequencies.EquivalenceClasses),
        };
    }

    /// <summary>The global figures over per-record ones (NaN risks left out of the sum, as R's na.rm).</summary>
    public static GlobalRisk Summarise(IReadOnlyList<RecordRisk> records, int equivalenceClasses)
    {
        var expected = 0.0;
        foreach (var r in records)
            if (!double.IsNaN(r.Risk)) expected += r.Risk;
        return new GlobalRisk
        {
            Records = records.Count,
            KAnonymityViolations = KLevels.ToDictionary(k => k, k => records.Count(r => r.SampleFrequency < k)),
            WeightedKAnonymityViolations = KLevels.ToDictionary(k => k, k => records.Count(r => r.PopulationFrequency < k)),
            SampleUniques = records.Count(r => r.SampleFrequency == 1),
            PopulationUniques = records.Count(r => r.PopulationFrequency == 1),
            EquivalenceClasses = equivalenceClasses,
            ExpectedReidentifications = expected,
            MeanRisk = records.Count == 0 ? 0 : expected / records.Count,
        };
    }

    private static double[] Weights(IReadOnlyList<IReadOnlyList<string>> rows, int column, IReadOnlyList<string> header)
    {
        var weights = new double[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            var cell = column < rows[r].Count ? rows[r][column] : null;
            weights[r] = KeyCell.Weight(cell) is { } w && w > 0
                ? w
                : throw new InvalidDataException($"weight column '{Name(header, column)}', data row {r + 1}: not a positive number");
        }
        return weights;
    }

    private static string Name(IReadOnlyList<string> header, int column) => column < header.Count ? header[column] : $"column {column + 1}";
}
