using System.Runtime.CompilerServices;

namespace Egress.Cohort.Outputs;

/// <summary>One dimension of a cross-classification: the variable's original levels pooled into groups.</summary>
public sealed class LevelGrouping
{
    internal LevelGrouping(CategoricalVariable variable, List<List<int>> groups, List<string> labels)
    {
        Variable = variable;
        Groups = groups;
        Labels = labels;
    }

    public CategoricalVariable Variable { get; }
    /// <summary>Each group's original level indices, ascending.</summary>
    public List<List<int>> Groups { get; }
    public List<string> Labels { get; }
    public int Count => Groups.Count;

    internal int[] GroupOfLevel()
    {
        var map = Enumerable.Repeat(-1, Variable.Levels.Length).ToArray();
        for (int g = 0; g < Groups.Count; g++)
            foreach (int level in Groups[g]) map[level] = g;
        return map;
    }
}

/// <summary>Participants classified by 1–3 categorical variables, every cell (zeros included) at least the minimum count.</summary>
public sealed class CrossClassification
{
    internal CrossClassification(LevelGrouping[] dimensions, long[] counts, int[] cellOf)
    {
        Dimensions = dimensions;
        Counts = counts;
        CellOf = cellOf;
    }

    public IReadOnlyList<LevelGrouping> Dimensions { get; }
    /// <summary>Cell counts, row-major over the dimensions (last dimension fastest).</summary>
    public long[] Counts { get; }
    /// <summary>Per participant, the cell index, or -1 when excluded (missing or filtered out).</summary>
    public int[] CellOf { get; }
    public long Total => Counts.Sum();
    public long Smallest => Counts.Length == 0 ? 0 : Counts.Min();

    public int CellIndex(params int[] groups)
    {
        int index = 0;
        for (int d = 0; d < Dimensions.Count; d++) index = index * Dimensions[d].Count + groups[d];
        return index;
    }

    /// <summary>The group indices of a cell index.</summary>
    public int[] GroupsOf(int cell)
    {
        var groups = new int[Dimensions.Count];
        for (int d = Dimensions.Count - 1; d >= 0; d--)
        {
            groups[d] = cell % Dimensions[d].Count;
            cell /= Dimensions[d].Count;
        }
        return groups;
    }

    public long Marginal(int dimension, int group)
    {
        long sum = 0;
        for (int cell = 0; cell < Counts.Length; cell++)
            if (GroupsOf(cell)[dimension] == group) sum += Counts[cell];
        return sum;
    }
}

/// <summary>
/// Builds cross-classifications in which no cell is below a minimum count, by pooling small categories the way a
/// careful researcher does before export: adjacent bands of an ordered variable merge ("45-49" + "50-54" → "45-54"),
/// rare categories of an unordered one go to "Other". Gives up (null) rather than print a small cell.
/// </summary>
public static class SmallCellMerger
{
    public const string OtherLabel = "Other";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static CrossClassification? Classify(IReadOnlyList<CategoricalVariable> variables, int minCount, Func<int, bool>? include = null)
    {
        if (variables.Count == 0) throw new ArgumentException("need at least one variable", nameof(variables));
        int n = variables[0].LevelOf.Length;

        // Count each combination of original levels once; every merge step then only re-aggregates these.
        var radix = variables.Select(v => v.Levels.Length).ToArray();
        var comboOf = new int[n];
        var comboCounts = new long[radix.Aggregate(1, (a, b) => a * b)];
        for (int i = 0; i < n; i++)
        {
            int combo = 0;
            bool ok = include is null || include(i);
            for (int d = 0; ok && d < variables.Count; d++)
            {
                int level = variables[d].LevelOf[i];
                if (level < 0) ok = false;
                else combo = combo * radix[d] + level;
            }
            comboOf[i] = ok ? combo : -1;
            if (ok) comboCounts[combo]++;
        }

        // Start from the observed levels only: a category nobody holds is not a table row.
        var dims = new LevelGrouping[variables.Count];
        for (int d = 0; d < variables.Count; d++)
        {
            var observed = new bool[radix[d]];
            for (int combo = 0; combo < comboCounts.Length; combo++)
                if (comboCounts[combo] > 0) observed[LevelInCombo(combo, d, radix)] = true;
            var groups = Enumerable.Range(0, radix[d]).Where(l => observed[l]).Select(l => new List<int> { l }).ToList();
            if (groups.Count == 0) return null;
            dims[d] = new LevelGrouping(variables[d], groups, groups.Select(g => variables[d].Levels[g[0]]).ToList());
        }

        for (int step = 0; step < 500; step++)
        {
            var counts = Aggregate(dims, comboCounts, radix);
            int smallest = Array.IndexOf(counts, counts.Min());
            if (counts[smallest] >= minCount) return Finish(dims, counts, comboOf, radix);

            var cellGroups = GroupsOfCell(smallest, dims);
            // Merge within the dimension whose category in that cell is rarest; a two-category variable cannot be pooled.
            int best = -1;
            long bestMarginal = long.MaxValue;
            for (int d = 0; d < dims.Length; d++)
            {
                if (dims[d].Count < 3) continue;
                long marginal = MarginalOf(counts, dims, d, cellGroups[d]);
                if (marginal < bestMarginal) { best = d; bestMarginal = marginal; }
            }
            if (best < 0) return null;
            MergeGroup(dims[best], cellGroups[best], counts, dims, best);
        }
        return null;
    }

    private static int LevelInCombo(int combo, int dimension, int[] radix)
    {
        for (int d = radix.Length - 1; d > dimension; d--) combo /= radix[d];
        return combo % radix[dimension];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long[] Aggregate(LevelGrouping[] dims, long[] comboCounts, int[] radix)
    {
        var maps = dims.Select(d => d.GroupOfLevel()).ToArray();
        var counts = new long[dims.Aggregate(1, (a, d) => a * d.Count)];
        for (int combo = 0; combo < comboCounts.Length; combo++)
        {
            if (comboCounts[combo] == 0) continue;
            counts[CellOfCombo(combo, maps, dims, radix)] += comboCounts[combo];
        }
        return counts;
    }

    private static int CellOfCombo(int combo, int[][] maps, LevelGrouping[] dims, int[] radix)
    {
        int cell = 0, stride = 1;
        for (int d = dims.Length - 1; d >= 0; d--)
        {
            int level = combo % radix[d];
            combo /= radix[d];
            cell += maps[d][level] * stride;
            stride *= dims[d].Count;
        }
        return cell;
    }

    private static int[] GroupsOfCell(int cell, LevelGrouping[] dims)
    {
        var groups = new int[dims.Length];
        for (int d = dims.Length - 1; d >= 0; d--)
        {
            groups[d] = cell % dims[d].Count;
            cell /= dims[d].Count;
        }
        return groups;
    }

    private static long MarginalOf(long[] counts, LevelGrouping[] dims, int dimension, int group)
    {
        long sum = 0;
        for (int cell = 0; cell < counts.Length; cell++)
            if (GroupsOfCell(cell, dims)[dimension] == group) sum += counts[cell];
        return sum;
    }

    private static void MergeGroup(LevelGrouping dim, int group, long[] counts, LevelGrouping[] dims, int dimension)
    {
        long Marginal(int g) => MarginalOf(counts, dims, dimension, g);
        int partner;
        if (dim.Variable.Ordered)
        {
            // An ordered variable merges with the smaller adjacent band, so bands stay contiguous.
            if (group == 0) partner = 1;
            else if (group == dim.Count - 1) partner = group - 1;
            else partner = Marginal(group - 1) <= Marginal(group + 1) ? group - 1 : group + 1;
        }
        else
        {
            // Pool into the existing "Other" (or "Other ethnic group") category rather than create a second one.
            int other = dim.Labels.FindIndex(l => l == OtherLabel || l.StartsWith(OtherLabel + " ", StringComparison.Ordinal));
            if (other >= 0 && other != group) partner = other;
            else
            {
                partner = -1;
                long smallest = long.MaxValue;
                for (int g = 0; g < dim.Count; g++)
                {
                    if (g == group) continue;
                    long m = Marginal(g);
                    if (m < smallest) { smallest = m; partner = g; }
                }
            }
        }

        int keep = Math.Min(group, partner), drop = Math.Max(group, partner);
        var merged = dim.Groups[keep].Concat(dim.Groups[drop]).Order().ToList();
        dim.Groups[keep] = merged;
        dim.Groups.RemoveAt(drop);
        dim.Labels.RemoveAt(drop);
        if (dim.Variable.Ordered)
        {
            dim.Labels[keep] = dim.Variable.MergedLabel(merged[0], merged[^1]);
        }
        else
        {
            dim.Labels[keep] = OtherLabel;
            // "Other" goes last, as tables print it.
            var g = dim.Groups[keep];
            dim.Groups.RemoveAt(keep);
            dim.Labels.RemoveAt(keep);
            dim.Groups.Add(g);
            dim.Labels.Add(OtherLabel);
        }
    }

    private static CrossClassification Finish(LevelGrouping[] dims, long[] counts, int[] comboOf, int[] radix)
    {
        var maps = dims.Select(d => d.GroupOfLevel()).ToArray();
        var cellOf = comboOf.Select(c => c < 0 ? -1 : CellOfCombo(c, maps, dims, radix)).ToArray();
        return new CrossClassification(dims, counts, cellOf);
    }
}
