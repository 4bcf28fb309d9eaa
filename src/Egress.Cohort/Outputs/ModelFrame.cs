using System.Runtime.CompilerServices;

namespace Egress.Cohort.Outputs;

/// <summary>A model covariate: a continuous variable or a factor (dummy-coded against its first category).</summary>
public sealed record Predictor(ContinuousVariable? Continuous, CategoricalVariable? Factor)
{
    public static Predictor Of(ContinuousVariable v) => new(v, null);
    public static Predictor Of(CategoricalVariable v) => new(null, v);
    public string Name => Continuous?.Name ?? Factor!.Name;
    public string Label => Continuous?.Label ?? Factor!.Label;
}

/// <summary>One column of the design matrix. Intercept: <see cref="Predictor"/> null; factor dummies carry their level.</summary>
public sealed record ModelTerm(Predictor? Predictor, string? Level, string? ReferenceLevel)
{
    public bool IsIntercept => Predictor is null;
}

/// <summary>
/// The complete-case design matrix of a model, as R's model.frame + model.matrix build it: rows with any missing
/// value dropped, factor categories with fewer than the minimum count pooled, treatment (dummy) coding.
/// </summary>
public sealed class ModelFrame
{
    private ModelFrame(double[] x, double[] y, int p, List<ModelTerm> terms, List<Predictor> predictors, int excluded)
    {
        X = x;
        Y = y;
        P = p;
        Terms = terms;
        Predictors = predictors;
        Excluded = excluded;
    }

    public double[] X { get; }
    public double[] Y { get; }
    public int N => Y.Length;
    public int P { get; }
    public IReadOnlyList<ModelTerm> Terms { get; }
    /// <summary>The predictors kept (a factor left with one category after pooling is dropped).</summary>
    public IReadOnlyList<Predictor> Predictors { get; }
    /// <summary>Participants in the analysed subset dropped for missing values.</summary>
    public int Excluded { get; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ModelFrame? Build(double[] outcome, IReadOnlyList<Predictor> predictors, Func<int, bool>? subset = null, int minLevelCount = 10)
    {
        int n = outcome.Length;
        var complete = new bool[n];
        int inSubset = 0;
        for (int i = 0; i < n; i++)
        {
            if (subset is not null && !subset(i)) continue;
            inSubset++;
            bool ok = !double.IsNaN(outcome[i]);
            foreach (var p in predictors)
            {
                if (!ok) break;
                ok = p.Continuous is { } c ? !double.IsNaN(c.Values[i]) : p.Factor!.LevelOf[i] >= 0;
            }
            complete[i] = ok;
        }

        var kept = new List<Predictor>();
        var groupOf = new List<int[]?>();
        var terms = new List<ModelTerm> { new(null, null, null) };
        foreach (var p in predictors)
        {
            if (p.Continuous is not null)
            {
                kept.Add(p);
                groupOf.Add(null);
                terms.Add(new ModelTerm(p, null, null));
                continue;
            }
            var grouping = SmallCellMerger.Classify([p.Factor!], minLevelCount, i => complete[i]);
            if (grouping is null || grouping.Dimensions[0].Count < 2) continue;
            var labels = grouping.Dimensions[0].Labels;
            var factor = p.Factor! with { Levels = labels.ToArray() };
            var pooled = new Predictor(null, factor);
            kept.Add(pooled);
            groupOf.Add(grouping.CellOf);
            for (int g = 1; g < labels.Count; g++) terms.Add(new ModelTerm(pooled, labels[g], labels[0]));
        }

        var rows = Enumerable.Range(0, n).Where(i => complete[i]).ToArray();
        int width = terms.Count;
        if (rows.Length <= width + 10) return null;
        var x = new double[rows.Length * width];
        var y = new double[rows.Length];
        for (int r = 0; r < rows.Length; r++)
        {
            int i = rows[r], col = 0;
            y[r] = outcome[i];
            x[r * width + col++] = 1;
            for (int k = 0; k < kept.Count; k++)
            {
                if (kept[k].Continuous is { } c)
                {
                    x[r * width + col++] = c.Values[i];
                    continue;
                }
                int levels = kept[k].Factor!.Levels.Length;
                int group = groupOf[k]![i];
                for (int g = 1; g < levels; g++) x[r * width + col++] = group == g ? 1 : 0;
            }
        }
        return new ModelFrame(x, y, width, terms, kept, inSubset - rows.Length);
    }
}
