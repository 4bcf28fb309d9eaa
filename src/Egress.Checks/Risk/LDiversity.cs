namespace Egress.Checks.Risk;

/// <summary>l-diversity of a sensitive column within a record's equivalence class.</summary>
public readonly record struct LDiversity(int Distinct, double Entropy, int Recursive);

/// <summary>
/// sdcMicro 5.8.1's <c>ldiversity</c> (its C++ <c>measure_risk_cpp</c>), per equivalence class of the keys:
/// distinct l-diversity (categories of the sensitive value; missing values add one when other values exist),
/// entropy l-diversity exp(−Σ p·ln p) (missing values as a category of their own), and recursive (c, l)-diversity
/// with c = 2: categories sorted by frequency r_1 ≥ r_2 ≥ …, l is the first j with r_1 ≥ c·(r_{j+1} + … + r_m)
/// counted as sdcMicro counts it. Classes are exact key combinations (missing key values as they stand).
/// </summary>
public static class LDiversityCalculator
{
    public static LDiversity[] Compute(KeyCodes keys, IReadOnlyList<string?> sensitive, double recursiveConstant = 2, CancellationToken cancel = default)
    {
        if (sensitive.Count != keys.Rows) throw new ArgumentException("one sensitive value per record", nameof(sensitive));
        var classes = new Dictionary<int[], List<int>>(CodeTupleComparer.Instance);
        for (var r = 0; r < keys.Rows; r++)
        {
            if ((r & 0xFFFF) == 0) cancel.ThrowIfCancellationRequested();
            var key = keys.Row(r).ToArray();
            if (!classes.TryGetValue(key, out var members)) classes[key] = members = [];
            members.Add(r);
        }
        var result = new LDiversity[keys.Rows];
        foreach (var members in classes.Values)
        {
            var value = Of(members.Select(m => KeyCell.Canonical(sensitive[m])).ToList(), recursiveConstant);
            foreach (var m in members) result[m] = value;
        }
        return result;
    }

    private static LDiversity Of(List<string?> values, double c)
    {
        var size = values.Count;
        var frequencies = values.Where(v => v is not null).GroupBy(v => v!, StringComparer.Ordinal).Select(g => g.Count()).ToList();
        var missing = size - frequencies.Sum();
        var distinct = frequencies.Count;
        var entropy = 0.0;
        foreach (var f in frequencies)
        {
            var ratio = f / (double)size;
            entropy += ratio * Math.Log(ratio);
        }
        if (missing > 0 && distinct > 0)
        {
            distinct++;
            var ratio = missing / (double)size;
            entropy += ratio * Math.Log(ratio);
        }
        return new LDiversity(distinct, Math.Exp(-entropy), Recursive(frequencies, c));
    }

    /// <summary>sdcMicro's loop: start from c·(r_2 + … + r_m) and take off c·r_j while it still exceeds r_1.</summary>
    private static int Recursive(List<int> frequencies, double c)
    {
        if (frequencies.Count <= 1) return 1;
        var sorted = frequencies.OrderByDescending(f => f).ToList();
        // sdcMicro sums in single precision; frequencies are whole numbers well inside its exact range.
        var sum = (float)c * sorted.Skip(1).Sum(f => (float)f);
        var j = 1;
        for (; j < sorted.Count && sum > sorted[0]; j++) sum -= (float)c * sorted[j];
        return j;
    }
}
