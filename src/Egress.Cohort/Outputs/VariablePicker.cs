namespace Egress.Cohort.Outputs;

/// <summary>Chooses categorical variables to tabulate, favouring those papers tabulate most, never two of one family.</summary>
public static class VariablePicker
{
    private static readonly Dictionary<string, double> Weights = new()
    {
        ["sex"] = 5, ["age_band"] = 4, ["smoking"] = 3, ["ethnic_group"] = 2.5, ["bmi_category"] = 2.5, ["deprivation"] = 2,
        ["alcohol"] = 1.5, ["income"] = 1.5, ["centre"] = 1.5, ["birth_cohort"] = 1, ["sleep"] = 1, ["sbp_category"] = 1,
        ["recruitment_year"] = 1, ["imaging"] = 0.7, ["ethnic_background"] = 0.8, ["n_diagnoses"] = 0.8, ["cvd"] = 0.8, ["diabetes"] = 1,
    };

    public static List<CategoricalVariable> Pick(CohortVariables cohort, SeededRandom rng, int count, Func<CategoricalVariable, bool>? allow = null)
    {
        var pool = cohort.Categorical.Where(v => allow?.Invoke(v) ?? true).ToList();
        var chosen = new List<CategoricalVariable>();
        while (chosen.Count < count && pool.Count > 0)
        {
            int k = rng.PickWeighted(pool.Select(v => Weights.GetValueOrDefault(v.Name, 0.5)).ToArray());
            var v = pool[k];
            chosen.Add(v);
            pool.RemoveAll(p => p.Family == v.Family);
        }
        return chosen;
    }

    /// <summary>Names for the count column, as different scripts call it.</summary>
    public static readonly string[] CountHeaders = ["n", "N", "count", "Freq", "Count", "frequency", "n_participants"];
}
