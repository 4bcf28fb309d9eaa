using Egress.Index;

namespace Egress.Checks.Disguise.Transforms;

/// <summary>A field standardised with its own mean and standard deviation (the extract's, kept in the field statistics): value = mean + sd · z.</summary>
internal sealed class ZScores : ITransformFamily
{
    private static readonly string[] Hints = ["z", "zscore", "zscores", "std", "standardised", "standardized", "scaled", "sds", "sdscore"];
    /// <summary>The exporter's moments may differ a little from the index's (population or sample sd, rows left out).</summary>
    private const double MomentTolerance = 2e-4;

    public IEnumerable<TransformHypothesis> For(ColumnSample column, FieldStat field)
    {
        if (field.IsDate || field.Sd <= 0) yield break;
        var (mean, sd) = (field.Mean, field.Sd);
        yield return new TransformHypothesis("z-score", field, z => mean + sd * z,
            (z, decimals) => sd * (0.5 * Math.Pow(10, -decimals) + MomentTolerance * (1 + Math.Abs(z))), column.Hints(Hints));
    }
}
