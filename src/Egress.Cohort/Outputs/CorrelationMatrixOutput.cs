using System.Runtime.CompilerServices;
using System.Text;

namespace Egress.Cohort.Outputs;

/// <summary>Pearson or Spearman correlation matrices of biomarkers and anthropometrics (pairwise complete observations).</summary>
public sealed class CorrelationMatrixOutput : ILegitimateOutput
{
    public OutputKind Kind => OutputKind.CorrelationMatrix;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public OutputDraft? TryCreate(CohortVariables cohort, SeededRandom rng)
    {
        var candidates = cohort.Continuous.Where(v => v.Name != "sleep_hours").ToList();
        if (candidates.Count < 3) return null;
        var vars = rng.Sample(candidates, rng.Between(3, Math.Min(12, candidates.Count)));
        bool spearman = rng.Chance(0.35);
        var groupVar = rng.Chance(0.2) ? cohort.CategoricalByName("sex") : null;
        int group = groupVar is null ? -1 : rng.Next(2);
        int k = vars.Count;
        var r = new double[k, k];
        var n = new int[k, k];
        bool InGroup(int i) => groupVar is null || groupVar.LevelOf[i] == group;
        if (spearman)
        {
            // Ranks on complete cases (R's use = "complete.obs"): one ranking per variable.
            var rows = Enumerable.Range(0, cohort.Count).Where(i => InGroup(i) && vars.All(v => !double.IsNaN(v.Values[i]))).ToArray();
            if (rows.Length < 30) return null;
            var ranks = vars.Select(v => Descriptive.Ranks(rows.Select(i => v.Values[i]).ToArray())).ToArray();
            for (int a = 0; a < k; a++)
            {
                r[a, a] = 1;
                for (int b = 0; b < a; b++)
                {
                    r[a, b] = r[b, a] = Descriptive.Pearson(ranks[a], ranks[b]);
                    n[a, b] = n[b, a] = rows.Length;
                }
            }
        }
        else
        {
            var xs = new double[cohort.Count];
            var ys = new double[cohort.Count];
            for (int a = 0; a < k; a++)
            {
                r[a, a] = 1;
                for (int b = 0; b < a; b++)
                {
                    int m = 0;
                    var va = vars[a].Values;
                    var vb = vars[b].Values;
                    for (int i = 0; i < cohort.Count; i++)
                    {
                        if (double.IsNaN(va[i]) || double.IsNaN(vb[i]) || !InGroup(i)) continue;
                        xs[m] = va[i];
                        ys[m++] = vb[i];
                    }
                    if (m < 30) return null;
                    r[a, b] = r[b, a] = Descriptive.Pearson(xs.AsSpan(0, m), ys.AsSpan(0, m));
                    n[a, b] = n[b, a] = m;
                }
            }
        }
        string method = spearman ? "Spearman" : "Pearson";
        string subset = groupVar is null ? "" : $", {groupVar.Levels[group].ToLowerInvariant()}s";
        string baseName = $"correlation_{method.ToLowerInvariant()}_{string.Join("_", vars.Take(3).Select(v => v.Name))}";
        string described = $"{method} correlation matrix of {k} measurements ({string.Join(", ", vars.Select(v => v.Name))}){subset}, {(spearman ? "complete cases" : "pairwise complete")}";
        int decimals = rng.Between(2, 4);
        switch (rng.Next(4))
        {
            case 0:
                return new OutputDraft(baseName, ".txt", RPrint(vars, r, decimals, spearman), described + $"; R print of round(cor(...), {decimals})");
            case 1:
            {
                var style = TableStyle.Pick(rng, allowHeaderless: false);
                // write.csv of a matrix leaves the row-name header empty; printed tables call it rowname.
                var table = new TextTable([TableStyle.IsDelimited(style.Layout) ? "" : "rowname", .. vars.Select(v => v.Name)]).NumericFrom(1);
                for (int a = 0; a < k; a++)
                    table.Add([vars[a].Name, .. Enumerable.Range(0, k).Select(b => Num.F(r[a, b], decimals))]);
                return new OutputDraft(baseName, style.Extension, style.Render(table), described + $"; full matrix, {style.Describe()}");
            }
            case 2:
            {
                var style = TableStyle.Pick(rng, allowHeaderless: false);
                var table = new TextTable(["variable", .. vars.Select(v => v.Label)]).NumericFrom(1);
                for (int a = 0; a < k; a++)
                    table.Add([vars[a].Label, .. Enumerable.Range(0, k).Select(b => b < a ? Num.F(r[a, b], decimals) : b == a ? "1" : "")]);
                return new OutputDraft(baseName + "_lower", style.Extension, style.Render(table), described + $"; lower triangle, {style.Describe()}");
            }
            default:
            {
                var style = TableStyle.Pick(rng);
                var table = new TextTable("var1", "var2", "r", "n", "p").NumericFrom(2);
                for (int a = 0; a < k; a++)
                    for (int b = a + 1; b < k; b++)
                    {
                        double t = r[a, b] * Math.Sqrt((n[a, b] - 2) / Math.Max(1e-300, 1 - r[a, b] * r[a, b]));
                        double p = StatisticalDistributions.StudentTTwoSidedP(t, n[a, b] - 2);
                        table.Add(vars[a].Name, vars[b].Name, Num.F(r[a, b], decimals), Num.Int(n[a, b]), p < 1e-4 ? Num.Sci(p, 2) : Num.F(p, 4));
                    }
                return new OutputDraft(baseName + "_pairs", style.Extension, style.Render(table), described + $"; one row per pair with n and p, {style.Describe()}",
                    n.Cast<int>().Where(x => x > 0).Min());
            }
        }
    }

    private static string RPrint(List<ContinuousVariable> vars, double[,] r, int decimals, bool spearman)
    {
        int k = vars.Count;
        var sb = new StringBuilder();
        sb.Append($"> round(cor(dat[, c({string.Join(", ", vars.Select(v => $"\"{v.Name}\""))})], use = \"{(spearman ? "complete.obs" : "pairwise.complete.obs")}\"{(spearman ? ", method = \"spearman\"" : "")}), {decimals})\n");
        int nw = vars.Max(v => v.Name.Length);
        var widths = vars.Select(v => Math.Max(v.Name.Length, decimals + 3)).ToArray();
        // R wraps wide matrices into column blocks that fit 80 characters.
        int start = 0;
        while (start < k)
        {
            int end = start, width = nw;
            while (end < k && width + widths[end] + 1 <= 80) width += widths[end++] + 1;
            if (end == start) end = start + 1;
            sb.Append(new string(' ', nw));
            for (int b = start; b < end; b++) sb.Append(' ').Append(vars[b].Name.PadLeft(widths[b]));
            sb.Append('\n');
            for (int a = 0; a < k; a++)
            {
                sb.Append(vars[a].Name.PadRight(nw));
                for (int b = start; b < end; b++)
                {
                    string v = Num.F(r[a, b], decimals);
                    if (a == b) v = "1." + new string('0', decimals);
                    sb.Append(' ').Append(v.PadLeft(widths[b]));
                }
                sb.Append('\n');
            }
            start = end;
        }
        return sb.ToString();
    }
}
