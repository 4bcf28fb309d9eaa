using Egress.Index;

namespace Egress.Checks.Disguise.Transforms;

/// <summary>
/// One reading of a column: its values are <see cref="Transform"/> of the cohort field <see cref="Field"/> (null: the values
/// as written). <see cref="Invert"/> maps a written value back to the field's units (for a date field, days since
/// 1970-01-01); <see cref="HalfWidth"/> is how far the true value may lie from that, given the written decimals.
/// </summary>
internal sealed record TransformHypothesis(string Transform, FieldStat? Field, Func<double, double> Invert, Func<double, int, double> HalfWidth, bool Hinted)
{
    public const string AsWritten = "as written";

    /// <summary>The values as written, within one unit of their last place (as the tolerant rule reads decimals).</summary>
    public static TransformHypothesis Identity { get; } = new(AsWritten, null, y => y, (_, decimals) => decimals > 0 ? Math.Pow(10, -decimals) : 0, false);

    public bool IsIdentity => Field is null;

    /// <summary>Names the transform and the field, never a value: "kg→lb of field 21002-0.0".</summary>
    public string Describe => Field is null ? Transform : $"{Transform} of field {Field.Column}";
}

/// <summary>A family of transforms (unit conversions, z-scores, logarithms, …): the readings it offers of a column as one field.</summary>
internal interface ITransformFamily
{
    IEnumerable<TransformHypothesis> For(ColumnSample column, FieldStat field);
}
