using System.Runtime.CompilerServices;
using System.Text;

namespace Egress.Cohort.Outputs;

/// <summary>
/// Means, SDs, medians and percentiles of biomarkers and anthropometrics, overall or by group. No minima or maxima
/// (those are single participants' values), and no group smaller than <see cref="MinimumGroupSize"/>.
/// </summary>
public sealed class SummaryStatisticsOutput : ILegitimateOutput
{
    public const int MinimumGroupSize = 10;

    public OutputKind Kind => OutputKind.SummaryStatistics;

    /// <summary>Statistics of one variable in one group.</summary>
    private sealed record Stats(int N, double Mean, double Sd, double Median, double Q1, double Q3, double P5, double P95)
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static Stats Of(double[] sorted) => new(sorted.Length, Descriptive.Mean(sorted), Descriptive.StandardDeviation(sorted),
            Descriptive.Quantile(sorted, 0.5), Descriptive.Quantile(sorted, 0.25), Descriptive.Quantile(sorted, 0.75),
            Descriptive.Quantile(sorted, 0.05), Descriptive.Quantile(sorted, 0.95));
    }

    public OutputDraft? TryCreate(CohortVariables cohort, SeededRandom rng)
    {
        if (cohort.Continuous.Count == 0) return null;
        for (int attempt = 0; attempt < 6; attempt++)
        {
            var draft = rng.Next(6) switch
            {
                0 or 1 => LongTable(cohort, rng),
                2 => TableOne(cohort, rng),
                3 => RQuantiles(cohort, rng),
                4 => StataTabstat(cohort, rng),
                _ => SkimLike(cohort, rng),
            };
            if (draft is not null) return draft;
        }
        return null;
    }

    private static List<ContinuousVariable> PickVariables(CohortVariables cohort, SeededRandom rng, int count) =>
        rng.Sample(cohort.Continuous.Where(v => v.Name != "sleep_hours").ToList(), count);

    /// <summary>Per group (cell) sorted values, or null when some group has too few values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[][]? Grouped(ContinuousVariable v, CrossClassification? groups, int minimum)
    {
        int cells = groups?.Counts.Length ?? 1;
        var lists = Enumerable.Range(0, cells).Select(_ => new List<double>()).ToArray();
        for (int i = 0; i < v.Values.Length; i++)
        {
            if (double.IsNaN(v.Values[i])) continue;
            int cell = groups is null ? 0 : groups.CellOf[i];
            if (cell >= 0) lists[cell].Add(v.Values[i]);
        }
        var sorted = lists.Select(l => { var a = l.ToArray(); Array.Sort(a); return a; }).ToArray();
        return sorted.All(a => a.Length >= minimum) ? sorted : null;
    }

    private static CrossClassification? PickGroups(CohortVariables cohort, SeededRandom rng, int maxDims, int minimum)
    {
        int dims = rng.Between(0, maxDims);
        if (dims == 0) return null;
        var vars = VariablePicker.Pick(cohort, rng, dims, v => v.Name != "centre" || dims == 1);
        return vars.Count == 0 ? null : SmallCellMerger.Classify(vars, minimum);
    }

    private static string GroupLabel(CrossClassification? groups, int cell) =>
        groups is null ? "All" : string.Join(", ", groups.GroupsOf(cell).Select((g, d) => groups.Dimensions[d].Labels[g]));

    private static string ByText(CrossClassification? groups) =>
        groups is null ? "" : " by " + string.Join(" and ", groups.Dimensions.Select(d => d.Variable.Label.ToLowerInvariant()));

    private OutputDraft? LongTable(CohortVariables cohort, SeededRandom rng)
    {
        bool percentiles = rng.Chance(0.3);
        int minimum = percentiles ? 50 : MinimumGroupSize;
        var groups = PickGroups(cohort, rng, 2, minimum);
        var vars = PickVariables(cohort, rng, rng.Between(1, 6));
        int decimals = rng.Between(1, 3);
        string[][] names =
        [
            ["n", "mean", "sd", "median", "q25", "q75", "p5", "p95"],
            ["N", "Mean", "SD", "Median", "Q1", "Q3", "P5", "P95"],
            ["n", "mean", "sd", "p50", "p25", "p75", "p05", "p95"],
        ];
        var statNames = rng.Pick(names);
        var columns = new List<string>();
        if (groups is not null) columns.AddRange(groups.Dimensions.Select(d => d.Variable.Name));
        columns.Add("variable");
        columns.AddRange(statNames.Take(percentiles ? 8 : 6));
        var table = new TextTable(columns.ToArray()).NumericFrom(columns.Count - (percentiles ? 8 : 6));
        int smallest = int.MaxValue, used = 0;
        foreach (var v in vars)
        {
            var grouped = Grouped(v, groups, minimum);
            if (grouped is null) continue;
            used++;
            for (int cell = 0; cell < grouped.Length; cell++)
            {
                var s = Stats.Of(grouped[cell]);
                smallest = Math.Min(smallest, s.N);
                var row = new List<string>();
                if (groups is not null) row.AddRange(groups.GroupsOf(cell).Select((g, d) => groups.Dimensions[d].Labels[g]));
                row.Add(v.Name);
                row.AddRange([Num.Int(s.N), Num.F(s.Mean, decimals), Num.F(s.Sd, decimals), Num.F(s.Median, decimals), Num.F(s.Q1, decimals), Num.F(s.Q3, decimals)]);
                if (percentiles) row.AddRange([Num.F(s.P5, decimals), Num.F(s.P95, decimals)]);
                table.Add(row.ToArray());
            }
        }
        if (used == 0) return null;
        var style = TableStyle.Pick(rng);
        string what = used == 1 ? vars.First(v => Grouped(v, groups, minimum) is not null).Label : $"{used} measurements";
        return new OutputDraft($"summary_{string.Join("_", vars.Take(2).Select(v => v.Name))}{(groups is null ? "" : "_by_" + string.Join("_", groups.Dimensions.Select(d => d.Variable.Name)))}",
            style.Extension, style.Render(table),
            $"Summary statistics (n, mean, SD, median, IQR{(percentiles ? ", 5th/95th percentiles" : "")}) of {what}{ByText(groups)}, {decimals} dp; groups >= {minimum}; {style.Describe()}",
            smallest);
    }

    /// <summary>A paper's Table 1 for continuous characteristics: mean (SD) or median [IQR] per group.</summary>
    private OutputDraft? TableOne(CohortVariables cohort, SeededRandom rng)
    {
        var groupVar = VariablePicker.Pick(cohort, rng, 1, v => v.Name is "sex" or "smoking" or "age_band" or "diabetes" or "deprivation" or "bmi_category" or "ethnic_group").FirstOrDefault();
        var groups = groupVar is null ? null : SmallCellMerger.Classify([groupVar], 20);
        var vars = PickVariables(cohort, rng, rng.Between(4, 10));
        int decimals = rng.Between(1, 2);
        bool overall = groups is null || rng.Chance(0.6);
        var header = new List<string> { "Characteristic" };
        if (groups is not null) header.AddRange(groups.Dimensions[0].Labels.Select((l, g) => $"{l} (N={groups.Counts[g]})"));
        if (overall) header.Add($"Overall (N={cohort.Count})");
        var table = new TextTable(header.ToArray()).NumericFrom(1);
        int smallest = (int)(groups?.Smallest ?? cohort.Count);
        foreach (var v in vars)
        {
            var grouped = groups is null ? [] : Grouped(v, groups, MinimumGroupSize);
            var all = Grouped(v, null, MinimumGroupSize);
            if (grouped is null || all is null) continue;
            var cells = grouped.Concat(overall ? all : []).Select(Stats.Of).ToList();
            bool median = v.Skewed;
            string label = $"{v.LabelWithUnit}, {(median ? "median [IQR]" : "mean (SD)")}";
            table.Add([label, .. cells.Select(s => median
                ? $"{Num.F(s.Median, decimals)} [{Num.F(s.Q1, decimals)}, {Num.F(s.Q3, decimals)}]"
                : $"{Num.F(s.Mean, decimals)} ({Num.F(s.Sd, decimals)})")]);
        }
        if (table.Rows.Count == 0) return null;
        var style = TableStyle.Pick(rng, allowHeaderless: false);
        return new OutputDraft($"table1_continuous{(groupVar is null ? "" : "_by_" + groupVar.Name)}", style.Extension, style.Render(table),
            $"Baseline characteristics (continuous){(groupVar is null ? "" : " by " + groupVar.Label.ToLowerInvariant())}: mean (SD) or median [IQR]; {style.Describe()}",
            smallest);
    }

    /// <summary>R's <c>quantile()</c>, optionally per group through <c>tapply</c>, as printed in the console.</summary>
    private OutputDraft? RQuantiles(CohortVariables cohort, SeededRandom rng)
    {
        var v = PickVariables(cohort, rng, 1)[0];
        var groups = rng.Chance(0.5) ? PickGroups(cohort, rng, 1, 50) : null;
        var grouped = Grouped(v, groups, 50);
        if (grouped is null) return null;
        double[] probs = rng.Chance(0.5) ? [0.05, 0.25, 0.5, 0.75, 0.95] : [0.1, 0.25, 0.5, 0.75, 0.9];
        string data = rng.Pick(new[] { "ukb", "dat", "df" });
        var sb = new StringBuilder();
        string probsText = string.Join(", ", probs.Select(p => p.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)));
        sb.Append(groups is null
            ? $"> quantile({data}${v.Name}, probs = c({probsText}), na.rm = TRUE)\n"
            : $"> tapply({data}${v.Name}, {data}${groups.Dimensions[0].Variable.Name}, quantile, probs = c({probsText}), na.rm = TRUE)\n");
        for (int cell = 0; cell < grouped.Length; cell++)
        {
            if (groups is not null) sb.Append('$').Append(groups.Dimensions[0].Labels[cell].Contains(' ') ? $"`{groups.Dimensions[0].Labels[cell]}`" : groups.Dimensions[0].Labels[cell]).Append('\n');
            var q = probs.Select(p => Descriptive.Quantile(grouped[cell], p)).ToArray();
            int dec = Num.RDecimals(q);
            var values = q.Select(x => Num.F(x, dec)).ToArray();
            var heads = probs.Select(p => Num.Sig(p * 100, 3).TrimEnd('0').TrimEnd('.') + "%").ToArray();
            int w = Math.Max(values.Max(x => x.Length), heads.Max(h => h.Length));
            sb.Append(string.Join(' ', heads.Select(h => h.PadLeft(w)))).Append(" \n");
            sb.Append(string.Join(' ', values.Select(x => x.PadLeft(w)))).Append(" \n");
            if (groups is not null) sb.Append('\n');
        }
        return new OutputDraft($"quantiles_{v.Name}{(groups is null ? "" : "_by_" + groups.Dimensions[0].Variable.Name)}", ".txt", sb.ToString(),
            $"Percentiles of {v.Label}{ByText(groups)} (R console); groups >= 50", grouped.Min(g => g.Length));
    }

    /// <summary>Stata's <c>tabstat vars, by(group) statistics(n mean sd p50 p25 p75)</c>.</summary>
    private OutputDraft? StataTabstat(CohortVariables cohort, SeededRandom rng)
    {
        var v = PickVariables(cohort, rng, 1)[0];
        var groups = PickGroups(cohort, rng, 1, MinimumGroupSize) ?? SmallCellMerger.Classify(VariablePicker.Pick(cohort, rng, 1), MinimumGroupSize);
        if (groups is null) return null;
        var grouped = Grouped(v, groups, MinimumGroupSize);
        var all = Grouped(v, null, MinimumGroupSize);
        if (grouped is null || all is null) return null;
        var d = groups.Dimensions[0];
        int lw = Math.Max(8, d.Labels.Max(l => Math.Min(l.Length, 16)));
        string L(string s) => (s.Length > 16 ? s[..15] + "~" : s).PadLeft(lw);
        var sb = new StringBuilder();
        sb.Append($". tabstat {v.Name}, by({d.Variable.Name}) statistics(n mean sd p50 p25 p75)\n\n");
        sb.Append($"Summary for variables: {v.Name}\n     by categories of: {d.Variable.Name} \n\n");
        string header = $"{L(d.Variable.Name)} |         N      Mean        SD       p50       p25       p75";
        string rule = new string('-', lw + 1) + "+" + new string('-', 60);
        sb.Append(header).Append('\n').Append(rule).Append('\n');
        string Row(string label, Stats s) =>
            $"{L(label)} | {Num.Int(s.N),9} {Stata(s.Mean),9} {Stata(s.Sd),9} {Stata(s.Median),9} {Stata(s.Q1),9} {Stata(s.Q3),9}\n";
        for (int g = 0; g < grouped.Length; g++) sb.Append(Row(d.Labels[g], Stats.Of(grouped[g])));
        sb.Append(rule).Append('\n').Append(Row("Total", Stats.Of(all[0]))).Append(new string('-', lw + 62)).Append('\n');
        return new OutputDraft($"tabstat_{v.Name}_by_{d.Variable.Name}", ".log", sb.ToString(),
            $"Stata tabstat of {v.Label} by {d.Variable.Label.ToLowerInvariant()} (N, mean, SD, median, IQR); groups >= {MinimumGroupSize}",
            grouped.Min(g => g.Length));
    }

    /// <summary>Stata's %9.0g: 7 significant digits in nine characters, no leading zero.</summary>
    private static string Stata(double v)
    {
        int magnitude = v == 0 ? 0 : (int)Math.Floor(Math.Log10(Math.Abs(v)));
        string s = Num.F(v, Math.Clamp(6 - magnitude, 0, 7));
        if (s.Contains('.')) s = s.TrimEnd('0').TrimEnd('.');
        if (s.StartsWith("0.", StringComparison.Ordinal)) s = s[1..];
        return s.Length > 9 ? s[..9].TrimEnd('.') : s;
    }

    /// <summary>A skimr-style numeric summary (mean, sd, quartiles, histogram), without p0/p100.</summary>
    private OutputDraft? SkimLike(CohortVariables cohort, SeededRandom rng)
    {
        var vars = PickVariables(cohort, rng, rng.Between(4, 12));
        var table = new TextTable("skim_variable", "n_missing", "complete_rate", "mean", "sd", "p25", "p50", "p75", "hist").NumericFrom(1);
        table.Numeric[8] = false;
        int smallest = int.MaxValue;
        for (int k = 0; k < vars.Count; k++)
        {
            var v = vars[k];
            var sorted = Descriptive.SortedValues(v.Values);
            int missing = v.Values.Length - sorted.Length;
            if (sorted.Length < 50 || (missing > 0 && missing < FrequencyTableOutput.MinimumCount)) continue;
            smallest = Math.Min(smallest, sorted.Length);
            var s = Stats.Of(sorted);
            table.Add(v.Name, Num.Int(missing), Num.Sig((double)sorted.Length / v.Values.Length, 3), Num.Sig(s.Mean, 3), Num.Sig(s.Sd, 3),
                Num.Sig(s.Q1, 3), Num.Sig(s.Median, 3), Num.Sig(s.Q3, 3), Sparkline(sorted));
        }
        if (table.Rows.Count == 0) return null;
        var sb = new StringBuilder();
        sb.Append("\u2500\u2500 Variable type: numeric \u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\n");
        var printed = new TableStyle(TableLayout.DataFramePrint).Render(table);
        sb.Append(printed);
        return new OutputDraft("skim_numeric", ".txt", sb.ToString(),
            $"skimr-style summary of {table.Rows.Count} numeric variables (missing counts, mean, SD, quartiles, histogram)", smallest);
    }

    /// <summary>skimr's inline histogram: eight bins drawn with block characters.</summary>
    private static string Sparkline(double[] sorted)
    {
        const string blocks = "\u2581\u2582\u2583\u2585\u2587";
        // Bins over the 1st–99th percentile range so one outlier does not flatten the picture.
        double lo = Descriptive.Quantile(sorted, 0.01), hi = Descriptive.Quantile(sorted, 0.99);
        var bins = new int[8];
        foreach (var x in sorted)
        {
            if (x < lo || x > hi || hi <= lo) continue;
            bins[Math.Min(7, (int)((x - lo) / (hi - lo) * 8))]++;
        }
        int max = Math.Max(1, bins.Max());
        return new string(bins.Select(b => blocks[Math.Min(4, (int)Math.Round(4.0 * b / max))]).ToArray());
    }
}
