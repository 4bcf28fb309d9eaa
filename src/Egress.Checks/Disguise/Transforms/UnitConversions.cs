using Egress.Index;

namespace Egress.Checks.Disguise.Transforms;

/// <summary>
/// Known unit conversions and powers of ten, each written = scale · value + offset: cm↔in, kg↔lb, kg→stone, the lipids',
/// glucose's and urea's mmol/L→mg/dL, creatinine µmol/L→mg/dL, HbA1c mmol/mol→% (NGSP = 0.09148 · IFCC + 2.152), °C↔°F,
/// mmHg→kPa, ×10^k (g/L→g/dL, cm→m, …). Offered for every numeric field: the index does not say which field is which
/// quantity, so the column's moments decide (see <see cref="TransformFinder"/>).
/// </summary>
internal sealed class UnitConversions : ITransformFamily
{
    private sealed record Conversion(string Name, double Scale, double Offset, double Relative, string[] Hints);

    /// <summary>Conversion factors are rounded by whoever applies them (2.2046, 38.66): values are matched within this share.</summary>
    private const double FactorTolerance = 3e-4;

    private static readonly Conversion[] Conversions =
    [
        new("cm→in", 1 / 2.54, 0, FactorTolerance, ["in", "inch", "inches", "ins"]),
        new("in→cm", 2.54, 0, FactorTolerance, ["cm"]),
        new("kg→lb", 2.20462, 0, FactorTolerance, ["lb", "lbs", "pound", "pounds"]),
        new("lb→kg", 0.453592, 0, FactorTolerance, ["kg", "kgs"]),
        new("kg→stone", 1 / 6.35029, 0, FactorTolerance, ["st", "stone", "stones"]),
        new("mmol/L→mg/dL (cholesterol, ×38.67)", 38.67, 0, FactorTolerance, ["mg/dl", "mgdl", "mg_dl", "mg"]),
        new("mmol/L→mg/dL (triglycerides, ×88.57)", 88.57, 0, FactorTolerance, ["mg/dl", "mgdl", "mg_dl", "mg"]),
        // ×18 and ×18.016 are both in use: 0.1 % apart.
        new("mmol/L→mg/dL (glucose, ×18.016)", 18.016, 0, 1e-3, ["mg/dl", "mgdl", "mg_dl", "mg"]),
        new("mmol/L→mg/dL (urea→BUN, ×2.8)", 2.8, 0, 2e-3, ["mg/dl", "mgdl", "mg_dl", "bun"]),
        new("µmol/L→mg/dL (creatinine, ÷88.42)", 1 / 88.42, 0, 1e-3, ["mg/dl", "mgdl", "mg_dl", "mg"]),
        new("HbA1c mmol/mol→% (NGSP)", 0.09148, 2.152, FactorTolerance, ["%", "pct", "percent", "ngsp", "dcct"]),
        new("°C→°F", 1.8, 32, 0, ["f", "°f", "degf", "fahrenheit"]),
        new("°F→°C", 5 / 9.0, -160 / 9.0, 0, ["c", "°c", "degc", "celsius"]),
        new("mmHg→kPa", 0.133322, 0, FactorTolerance, ["kpa"]),
        new("×10^-3", 1e-3, 0, 0, []),
        new("×10^-2 (e.g. cm→m)", 1e-2, 0, 0, ["m"]),
        new("×10^-1 (e.g. g/L→g/dL)", 1e-1, 0, 0, ["g/dl", "gdl", "g_dl"]),
        new("×10", 10, 0, 0, ["g/l", "gl", "g_l", "mm"]),
        new("×10^2", 100, 0, 0, []),
        new("×10^3", 1000, 0, 0, []),
    ];

    public IEnumerable<TransformHypothesis> For(ColumnSample column, FieldStat field)
    {
        if (field.IsDate) yield break;
        foreach (var c in Conversions)
        {
            var (scale, offset, relative) = (c.Scale, c.Offset, c.Relative);
            yield return new TransformHypothesis(c.Name, field, y => (y - offset) / scale,
                (y, decimals) => 0.5 * Math.Pow(10, -decimals) / scale + relative * Math.Abs((y - offset) / scale), column.Hints(c.Hints));
        }
    }
}
