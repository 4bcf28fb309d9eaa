using Egress.Index;

namespace Egress.Checks.Disguise.Transforms;

/// <summary>A positive field written as its natural, base-10 or base-2 logarithm.</summary>
internal sealed class Logarithms : ITransformFamily
{
    private static readonly (string Name, double Base, string[] Hints)[] Bases =
    [
        ("ln", Math.E, ["ln", "log", "logged", "loge"]),
        ("log10", 10, ["log10", "lg", "log"]),
        ("log2", 2, ["log2", "lb2"]),
    ];

    public IEnumerable<TransformHypothesis> For(ColumnSample column, FieldStat field)
    {
        if (field.IsDate || field.Mean <= 0) yield break;
        foreach (var (name, b, hints) in Bases)
        {
            var lnBase = Math.Log(b);
            yield return new TransformHypothesis(name, field, y => Math.Exp(y * lnBase),
                (y, decimals) => Math.Exp(y * lnBase) * (Math.Exp(0.5 * Math.Pow(10, -decimals) * lnBase) - 1), column.Hints(hints));
        }
    }
}
