using System.Text;

namespace Egress.Cohort.Outputs;

/// <summary>
/// Counts of participants by one to three categorical variables (and ICD-10 chapters), every printed count at
/// least <see cref="MinimumCount"/> after pooling small categories, optionally with percentages.
/// </summary>
public sealed class FrequencyTableOutput : ILegitimateOutput
{
    /// <summary>The smallest count a careful researcher prints (the usual output-checking threshold).</summary>
    public const int MinimumCount = 10;

    public OutputKind Kind => OutputKind.FrequencyTable;

    public OutputDraft? TryCreate(CohortVariables cohort, SeededRandom rng)
    {
        double r = rng.NextDouble();
        if (cohort.HasDiagnoses && r < 0.12) return IcdChapters(cohort, rng);
        if (cohort.HasDiagnoses && r < 0.18) return TopDiagnoses(cohort, rng);
        if (r < 0.32) return BaselineCharacteristics(cohort, rng);
        for (int attempt = 0; attempt < 8; attempt++)
        {
            int dims = rng.PickWeighted([4, 4, 2]) + 1;
            var vars = VariablePicker.Pick(cohort, rng, dims, v => dims < 3 || v.Name != "centre");
            if (vars.Count == 0) return null;
            var table = SmallCellMerger.Classify(vars, MinimumCount);
            if (table is null) continue;
            if (vars.Count == 1 && rng.Chance(0.35)) return rng.Chance(0.5) ? StataOneWay(table) : RTablePrint(table, rng);
            if (vars.Count == 2 && rng.Chance(0.15)) return RTablePrint(table, rng);
            return LongTable(table, rng);
        }
        return null;
    }

    private static string Names(CrossClassification t, string joiner) => string.Join(joiner, t.Dimensions.Select(d => d.Variable.Name));
    private static string Labels(CrossClassification t) => string.Join(", ", t.Dimensions.Select(d => d.Variable.Label.ToLowerInvariant()));

    /// <summary>One row per cell: the dplyr::count / as.data.frame(table()) shape.</summary>
    private static OutputDraft LongTable(CrossClassification t, SeededRandom rng)
    {
        string countHeader = rng.Pick(VariablePicker.CountHeaders);
        int percentMode = rng.Next(4); // 0 none, 1 % of total, 2 % within first variable, 3 proportion
        if (t.Dimensions.Count == 1 && percentMode == 2) percentMode = 1;
        int decimals = rng.Between(1, 2);
        var columns = t.Dimensions.Select(d => rng.Chance(0.6) ? d.Variable.Name : d.Variable.Label).ToList();
        columns.Add(countHeader);
        if (percentMode is 1 or 2) columns.Add(rng.Pick(new[] { "percent", "pct", "%" }));
        if (percentMode == 3) columns.Add("prop");
        var table = new TextTable(columns.ToArray()).NumericFrom(t.Dimensions.Count);
        long total = t.Total;
        for (int cell = 0; cell < t.Counts.Length; cell++)
        {
            var groups = t.GroupsOf(cell);
            var row = groups.Select((g, d) => t.Dimensions[d].Labels[g]).ToList();
            long n = t.Counts[cell];
            row.Add(Num.Int(n));
            if (percentMode == 1) row.Add(Num.F(100.0 * n / total, decimals));
            if (percentMode == 2) row.Add(Num.F(100.0 * n / t.Marginal(0, groups[0]), decimals));
            if (percentMode == 3) row.Add(Num.F((double)n / total, decimals + 2));
            table.Add(row.ToArray());
        }
        var style = TableStyle.Pick(rng);
        string pct = percentMode switch { 1 => " with percentages", 2 => $" with percentages within {t.Dimensions[0].Variable.Label.ToLowerInvariant()}", 3 => " with proportions", _ => "" };
        return new OutputDraft($"counts_{Names(t, "_by_")}", style.Extension, style.Render(table),
            $"Participant counts by {Labels(t)}{pct}; small categories merged, all counts >= {MinimumCount}; {style.Describe()}",
            (int)t.Smallest);
    }

    /// <summary>Stata's <c>tabulate var</c>: Freq., Percent, Cum.</summary>
    private static OutputDraft StataOneWay(CrossClassification t)
    {
        var d = t.Dimensions[0];
        var sb = new StringBuilder();
        string name = d.Variable.Name.Length > 11 ? d.Variable.Name[..11] : d.Variable.Name;
        int width = Math.Max(11, d.Labels.Max(l => Math.Min(l.Length, 24)));
        string Label(string l) => (l.Length > 24 ? l[..22] + ".." : l).PadLeft(width);
        sb.Append($". tabulate {d.Variable.Name}\n\n");
        sb.Append($"{name.PadLeft(width)} |      Freq.     Percent        Cum.\n");
        sb.Append(new string('-', width + 1)).Append('+').Append(new string('-', 35)).Append('\n');
        double cum = 0;
        for (int g = 0; g < d.Count; g++)
        {
            long n = t.Counts[g];
            double pct = 100.0 * n / t.Total;
            cum += pct;
            sb.Append($"{Label(d.Labels[g])} | {Num.Thousands(n),10} {Num.F(pct, 2),11} {Num.F(cum, 2),11}\n");
        }
        sb.Append(new string('-', width + 1)).Append('+').Append(new string('-', 35)).Append('\n');
        sb.Append($"{"Total".PadLeft(width)} | {Num.Thousands(t.Total),10} {"100.00",11}\n");
        return new OutputDraft($"tab_{d.Variable.Name}", ".log", sb.ToString(),
            $"Stata tabulate of {d.Variable.Label.ToLowerInvariant()}; small categories merged, all counts >= {MinimumCount}", (int)t.Smallest);
    }

    /// <summary>R's print of <c>table(x)</c> or <c>table(x, y)</c>.</summary>
    private static OutputDraft RTablePrint(CrossClassification t, SeededRandom rng)
    {
        var sb = new StringBuilder();
        string data = rng.Pick(new[] { "ukb", "dat", "df" });
        if (t.Dimensions.Count == 1)
        {
            var d = t.Dimensions[0];
            sb.Append($"> table({data}${d.Variable.Name})\n\n");
            var cells = Enumerable.Range(0, d.Count).Select(g => (Label: d.Labels[g], Value: Num.Int(t.Counts[g]))).ToList();
            // R wraps named vectors at 80 columns, each entry as wide as its name or value.
            var lines = new List<(StringBuilder Names, StringBuilder Values)> { (new(), new()) };
            foreach (var (label, value) in cells)
            {
                int w = Math.Max(label.Length, value.Length);
                if (lines[^1].Names.Length + w + 1 > 80) lines.Add((new(), new()));
                lines[^1].Names.Append(label.PadLeft(w)).Append(' ');
                lines[^1].Values.Append(value.PadLeft(w)).Append(' ');
            }
            foreach (var (names, values) in lines) sb.Append(names).Append('\n').Append(values).Append('\n');
        }
        else
        {
            var rows = t.Dimensions[0];
            var cols = t.Dimensions[1];
            sb.Append($"> with({data}, table({rows.Variable.Name}, {cols.Variable.Name}))\n");
            int rw = Math.Max(rows.Variable.Name.Length, rows.Labels.Max(l => l.Length) + 2);
            var widths = Enumerable.Range(0, cols.Count).Select(c =>
                Math.Max(cols.Labels[c].Length, Enumerable.Range(0, rows.Count).Max(r => Num.Int(t.Counts[t.CellIndex(r, c)]).Length))).ToArray();
            sb.Append(new string(' ', rw)).Append(' ').Append(cols.Variable.Name).Append('\n');
            sb.Append(rows.Variable.Name.PadRight(rw));
            for (int c = 0; c < cols.Count; c++) sb.Append(' ').Append(cols.Labels[c].PadLeft(widths[c]));
            sb.Append('\n');
            for (int r = 0; r < rows.Count; r++)
            {
                sb.Append(("  " + rows.Labels[r]).PadRight(rw));
                for (int c = 0; c < cols.Count; c++) sb.Append(' ').Append(Num.Int(t.Counts[t.CellIndex(r, c)]).PadLeft(widths[c]));
                sb.Append('\n');
            }
        }
        return new OutputDraft($"table_{Names(t, "_")}", ".txt", sb.ToString(),
            $"R table() print of {Labels(t)}; small categories merged, all counts >= {MinimumCount}", (int)t.Smallest);
    }

    /// <summary>"Table 1": several characteristics as n (%), overall or by one grouping variable.</summary>
    private static OutputDraft? BaselineCharacteristics(CohortVariables cohort, SeededRandom rng)
    {
        var groupVar = rng.Chance(0.7) ? VariablePicker.Pick(cohort, rng, 1, v => v.Name is "sex" or "smoking" or "diabetes" or "deprivation" or "imaging").FirstOrDefault() : null;
        var characteristics = VariablePicker.Pick(cohort, rng, rng.Between(3, 7), v => groupVar is null || v.Family != groupVar.Family);
        if (characteristics.Count == 0) return null;
        CrossClassification? groups = groupVar is null ? null : SmallCellMerger.Classify([groupVar], MinimumCount);
        int nGroups = groups?.Dimensions[0].Count ?? 1;
        int decimals = rng.Between(0, 1);
        var header = new List<string> { "Characteristic" };
        for (int g = 0; g < nGroups; g++)
            header.Add(groups is null ? $"Overall (N={cohort.Count})" : $"{groups.Dimensions[0].Labels[g]} (N={groups.Counts[g]})");
        var table = new TextTable(header.ToArray()).NumericFrom(1);
        long smallest = groups?.Smallest ?? cohort.Count;
        int rowsAdded = 0;
        foreach (var v in characteristics)
        {
            CrossClassification? t = groupVar is null
                ? SmallCellMerger.Classify([v], MinimumCount)
                : SmallCellMerger.Classify([v, groupVar], MinimumCount);
            if (t is null || (groups is not null && t.Dimensions[1].Count != nGroups)) continue;
            table.Add([v.Label, .. Enumerable.Repeat("", nGroups)]);
            var d = t.Dimensions[0];
            for (int level = 0; level < d.Count; level++)
            {
                var row = new List<string> { "  " + d.Labels[level] };
                for (int g = 0; g < nGroups; g++)
                {
                    long n = groups is null ? t.Counts[level] : t.Counts[t.CellIndex(level, g)];
                    long denominator = groups is null ? t.Total : t.Marginal(1, g);
                    row.Add($"{n} ({Num.F(100.0 * n / denominator, decimals)}%)");
                }
                table.Add(row.ToArray());
            }
            smallest = Math.Min(smallest, t.Smallest);
            rowsAdded++;
        }
        if (rowsAdded == 0) return null;
        var style = TableStyle.Pick(rng, allowHeaderless: false);
        string by = groupVar is null ? "" : $" by {groupVar.Label.ToLowerInvariant()}";
        return new OutputDraft($"table1_characteristics{(groupVar is null ? "" : "_by_" + groupVar.Name)}", style.Extension, style.Render(table),
            $"Baseline characteristics{by}, n (%); small categories merged, all counts >= {MinimumCount}; {style.Describe()}", (int)smallest);
    }

    /// <summary>Participants with at least one diagnosis in each ICD-10 chapter (chapters under the threshold not shown).</summary>
    private static OutputDraft? IcdChapters(CohortVariables cohort, SeededRandom rng)
    {
        var sex = rng.Chance(0.5) ? cohort.CategoricalByName("sex") : null;
        int groups = sex is null ? 1 : 2;
        var chapters = UkbCodings.Icd10Chapters;
        var counts = new long[chapters.Length, groups];
        var groupTotals = new long[groups];
        for (int i = 0; i < cohort.Count; i++)
        {
            int g = sex is null ? 0 : sex.LevelOf[i];
            if (g < 0) continue;
            groupTotals[g]++;
            var seen = new HashSet<int>();
            foreach (var code in cohort.Diagnoses[i])
            {
                int c = UkbCodings.ChapterOf(code);
                if (c >= 0 && seen.Add(c)) counts[c, g]++;
            }
        }
        var header = new List<string> { "chapter", "description" };
        if (sex is null) header.AddRange(["n", "percent"]);
        else foreach (var l in sex.Levels) header.AddRange([$"n_{l.ToLowerInvariant()}", $"pct_{l.ToLowerInvariant()}"]);
        var table = new TextTable(header.ToArray()).NumericFrom(2);
        long smallest = long.MaxValue;
        for (int c = 0; c < chapters.Length; c++)
        {
            bool show = Enumerable.Range(0, groups).All(g => counts[c, g] >= MinimumCount);
            if (!show) continue;
            var row = new List<string> { chapters[c].Number, chapters[c].Title };
            for (int g = 0; g < groups; g++)
            {
                row.Add(Num.Int(counts[c, g]));
                row.Add(Num.F(100.0 * counts[c, g] / groupTotals[g], 1));
                smallest = Math.Min(smallest, counts[c, g]);
            }
            table.Add(row.ToArray());
        }
        if (table.Rows.Count < 3) return null;
        var style = TableStyle.Pick(rng);
        return new OutputDraft($"icd10_chapters{(sex is null ? "" : "_by_sex")}", style.Extension, style.Render(table),
            $"Participants with at least one ICD-10 diagnosis per chapter{(sex is null ? "" : ", by sex")}; chapters with fewer than {MinimumCount} not shown; {style.Describe()}",
            (int)smallest);
    }

    /// <summary>The most frequent three-character ICD-10 codes.</summary>
    private static OutputDraft? TopDiagnoses(CohortVariables cohort, SeededRandom rng)
    {
        var counts = new Dictionary<string, long>();
        foreach (var codes in cohort.Diagnoses)
            foreach (var code in codes.Where(c => c.Length >= 3).Select(c => c[..3]).Distinct())
                counts[code] = counts.GetValueOrDefault(code) + 1;
        int top = rng.Pick(new[] { 10, 20, 25, 30, 50 });
        var rows = counts.Where(kv => kv.Value >= MinimumCount).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(top).ToList();
        if (rows.Count < 3) return null;
        var table = new TextTable("rank", "icd10", "n", "percent");
        table.Numeric[0] = table.Numeric[2] = table.Numeric[3] = true;
        for (int k = 0; k < rows.Count; k++)
            table.Add(Num.Int(k + 1), rows[k].Key, Num.Int(rows[k].Value), Num.F(100.0 * rows[k].Value / cohort.Count, 2));
        var style = TableStyle.Pick(rng);
        return new OutputDraft($"top{top}_icd10_codes", style.Extension, style.Render(table),
            $"Most frequent three-character ICD-10 codes (participants with the code, all >= {MinimumCount}); {style.Describe()}",
            (int)rows.Min(kv => kv.Value));
    }
}
