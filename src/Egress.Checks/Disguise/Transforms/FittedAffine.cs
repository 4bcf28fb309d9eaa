using Egress.Index;

namespace Egress.Checks.Disguise.Transforms;

/// <summary>
/// Any scale and offset (a field standardised with its own slice's moments, shifted, rescaled): fitted by matching the
/// column's mean and sd to the field's, either sign. Only for long columns, whose moments pin the fit down; the window
/// grows with the fit's uncertainty (about sd/√n in the offset, sd/√(2n) in the scale).
/// </summary>
internal sealed class FittedAffine : ITransformFamily
{
    public const int MinValues = 200;
    /// <summary>The start of its readings' names.</summary>
    public const string Name = "scale and offset (fitted)";

    public IEnumerable<TransformHypothesis> For(ColumnSample column, FieldStat field)
    {
        if (column.Count < MinValues || column.Sd <= 0 || field.Sd <= 0) yield break;
        var uncertainty = 1.5 / Math.Sqrt(column.Count);
        foreach (var sign in new[] { 1, -1 })
        {
            var (m, s, mean, sd) = (column.Mean, column.Sd, field.Mean, field.Sd);
            yield return new TransformHypothesis(sign > 0 ? Name : "negated " + Name, field,
                y => mean + sign * sd * (y - m) / s,
                (y, decimals) => 0.5 * Math.Pow(10, -decimals) * sd / s + sd * uncertainty * (1 + Math.Abs(y - m) / s), false);
        }
    }
}
