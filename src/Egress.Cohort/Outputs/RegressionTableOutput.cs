namespace Egress.Cohort.Outputs;

/// <summary>
/// Linear and logistic regression tables fitted on the cohort (a paper's adjusted models: blood pressure on age, sex and
/// BMI; diabetes on adiposity and deprivation…), printed in one of the formats researchers export.
/// </summary>
public sealed class RegressionTableOutput : ILegitimateOutput
{
    public OutputKind Kind => OutputKind.RegressionTable;

    private static readonly string[] LinearOutcomes =
        ["sbp", "dbp", "bmi", "ldl", "hdl", "hba1c", "crp", "cholesterol", "glucose", "haemoglobin", "triglycerides", "weight", "wbc", "urea", "albumin"];

    private static readonly string[] ContinuousCovariates = ["age", "bmi", "townsend", "sbp", "ldl", "hba1c"];
    private static readonly string[] FactorCovariates = ["smoking", "alcohol", "income", "ethnic_group", "deprivation"];

    /// <summary>Covariates that would be the outcome itself in disguise.</summary>
    private static readonly Dictionary<string, string[]> DerivedFrom = new()
    {
        ["sbp"] = ["sbp", "sbp_category"], ["dbp"] = ["sbp", "sbp_category"], ["hypertension"] = ["sbp", "sbp_category"],
        ["bmi"] = ["bmi", "bmi_category"], ["weight"] = ["bmi", "bmi_category"], ["obesity"] = ["bmi", "bmi_category"],
        ["hba1c"] = ["hba1c"], ["glucose"] = ["hba1c"], ["diabetes"] = ["hba1c"],
        ["ldl"] = ["ldl"], ["cholesterol"] = ["ldl"], ["high_ldl"] = ["ldl"],
        ["current_smoker"] = ["smoking"],
    };

    public OutputDraft? TryCreate(CohortVariables cohort, SeededRandom rng)
    {
        for (int attempt = 0; attempt < 6; attempt++)
        {
            var draft = rng.Chance(0.6) ? TryLinear(cohort, rng) : TryLogistic(cohort, rng);
            if (draft is not null) return draft;
        }
        return null;
    }

    private OutputDraft? TryLinear(CohortVariables cohort, SeededRandom rng)
    {
        var available = LinearOutcomes.Select(cohort.ContinuousByName).OfType<ContinuousVariable>().ToList();
        if (available.Count == 0) return null;
        var outcomeVar = rng.Pick(available);
        double[] y = outcomeVar.Values;
        string outcome = outcomeVar.Name;
        if (outcomeVar.Skewed && y.All(v => double.IsNaN(v) || v > 0) && rng.Chance(0.7))
        {
            y = y.Select(v => Math.Log(v)).ToArray();
            outcome = $"log({outcomeVar.Name})";
        }
        var (predictors, subset, subsetText) = ChooseCovariates(cohort, rng, outcomeVar.Name);
        var frame = ModelFrame.Build(y, predictors, subset);
        if (frame is null) return null;
        var fit = RegressionSolver.FitLinear(frame.X, frame.Y, frame.P);
        if (fit is null) return null;
        var model = new FittedModel(outcome, outcomeVar.Label, frame, fit, null, rng.Pick(DataNames));
        return Print(model, rng, subsetText);
    }

    private OutputDraft? TryLogistic(CohortVariables cohort, SeededRandom rng)
    {
        var outcomes = BinaryOutcomes(cohort);
        if (outcomes.Count == 0) return null;
        var (name, label, y) = rng.Pick(outcomes);
        var (predictors, subset, subsetText) = ChooseCovariates(cohort, rng, name);
        var frame = ModelFrame.Build(y, predictors, subset);
        if (frame is null) return null;
        // A careful analyst wants at least 10 events (and non-events) per parameter.
        double events = frame.Y.Sum();
        if (events < 10 * frame.P || frame.N - events < 10 * frame.P) return null;
        var fit = RegressionSolver.FitLogistic(frame.X, frame.Y, frame.P);
        if (fit is null) return null;
        var model = new FittedModel(name, label, frame, null, fit, rng.Pick(DataNames));
        return Print(model, rng, subsetText);
    }

    private static readonly string[] DataNames = ["ukb", "dat", "df", "analysis_data", "cohort", "d"];

    private static OutputDraft Print(FittedModel model, SeededRandom rng, string subsetText)
    {
        string what = model.IsLogistic ? "Logistic regression" : "Linear regression";
        string adjusted = string.Join(", ", model.Frame.Predictors.Select(p => p.Name));
        string baseName = (model.IsLogistic ? "logit_" : "lm_") + Slug(model.Outcome) + "_" + string.Join("_", model.Frame.Predictors.Take(3).Select(p => Slug(p.Name)));
        string describe(string format) => $"{what} of {model.OutcomeLabel} on {adjusted}{subsetText} (N = {model.N}); {format}";

        switch (rng.Next(5))
        {
            case 0:
                return new OutputDraft(baseName + "_summary", rng.Chance(0.7) ? ".txt" : ".log", RegressionPrinters.RSummary(model),
                    describe(model.IsLogistic ? "R summary(glm) output" : "R summary(lm) output"));
            case 1:
            {
                var style = TableStyle.Pick(rng, allowHeaderless: false);
                bool exponentiate = model.IsLogistic && rng.Chance(0.5);
                int? decimals = rng.Chance(0.5) ? null : rng.Between(2, 5);
                return new OutputDraft(baseName + "_tidy", style.Extension, RegressionPrinters.Tidy(model, style, exponentiate, decimals),
                    describe($"broom::tidy coefficients{(exponentiate ? " (odds ratios)" : "")}, {style.Describe()}"));
            }
            case 2:
            {
                bool or = model.IsLogistic && rng.Chance(0.5);
                return new OutputDraft(baseName + "_stata", rng.Chance(0.5) ? ".log" : ".txt", RegressionPrinters.Stata(model, or),
                    describe($"Stata {(model.IsLogistic ? (or ? "logistic" : "logit") : "regress")} output"));
            }
            case 3:
                return new OutputDraft(baseName + "_statsmodels", ".txt", RegressionPrinters.Statsmodels(model, rng),
                    describe("statsmodels summary()"));
            default:
            {
                var style = TableStyle.Pick(rng, allowHeaderless: false);
                return new OutputDraft("table2_" + Slug(model.Outcome), style.Extension, RegressionPrinters.PaperTable(model, style, rng.Between(2, 3)),
                    describe($"manuscript table with 95% CI, {style.Describe()}"));
            }
        }
    }

    private static string Slug(string s) => new string(s.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_').ToArray()).Trim('_');

    /// <summary>Age and sex always (unless the model is sex-specific), then a few plausible confounders.</summary>
    private static (List<Predictor>, Func<int, bool>?, string) ChooseCovariates(CohortVariables cohort, SeededRandom rng, string outcome)
    {
        var excluded = new HashSet<string>(DerivedFrom.GetValueOrDefault(outcome) ?? [outcome]) { outcome };
        var predictors = new List<Predictor>();
        Func<int, bool>? subset = null;
        string subsetText = "";
        var sex = cohort.CategoricalByName("sex");
        double r = rng.NextDouble();
        bool sexSpecific = sex is not null && r < 0.2;
        if (sexSpecific)
        {
            int level = rng.Next(2);
            subset = i => sex!.LevelOf[i] == level;
            subsetText = $", {sex!.Levels[level].ToLowerInvariant()}s only";
        }
        else if (r < 0.3 && cohort.CategoricalByName("ethnic_group") is { } eth)
        {
            subset = i => eth.LevelOf[i] == 0;
            subsetText = ", participants of White ethnicity";
        }

        if (cohort.ContinuousByName("age") is { } age && !excluded.Contains("age"))
            predictors.Add(rng.Chance(0.85) || cohort.CategoricalByName("age_band") is null ? Predictor.Of(age) : Predictor.Of(cohort.CategoricalByName("age_band")!));
        if (sex is not null && !sexSpecific) predictors.Add(Predictor.Of(sex));

        int extra = rng.Between(1, 4);
        var pool = new List<Predictor>();
        foreach (var name in ContinuousCovariates)
            if (!excluded.Contains(name) && name != "age" && cohort.ContinuousByName(name) is { } c) pool.Add(Predictor.Of(c));
        foreach (var name in FactorCovariates)
            if (!excluded.Contains(name) && cohort.CategoricalByName(name) is { } f) pool.Add(Predictor.Of(f));
        // Deprivation as quintiles or as the continuous index, not both.
        var chosen = rng.Sample(pool, extra);
        if (chosen.Any(p => p.Name == "deprivation")) chosen.RemoveAll(p => p.Name == "townsend");
        predictors.AddRange(chosen);
        if (cohort.PrincipalComponents.Count > 0 && rng.Chance(0.2))
            predictors.AddRange(cohort.PrincipalComponents.Take(rng.Chance(0.5) ? 4 : 10).Select(Predictor.Of));
        if (rng.Chance(0.08) && cohort.CategoricalByName("centre") is { } centre) predictors.Add(Predictor.Of(centre));
        return (predictors, subset, subsetText);
    }

    /// <summary>Binary outcomes derived as analysts define them (0/1, NaN when undetermined).</summary>
    private static List<(string Name, string Label, double[] Y)> BinaryOutcomes(CohortVariables cohort)
    {
        var list = new List<(string, string, double[])>();
        int n = cohort.Count;
        if (cohort.ContinuousByName("sbp") is { } sbp)
        {
            var dbp = cohort.ContinuousByName("dbp");
            var y = new double[n];
            for (int i = 0; i < n; i++)
            {
                bool coded = cohort.Diagnoses[i].Any(c => c.StartsWith("I1", StringComparison.Ordinal) && c.Length >= 3 && c[2] <= '5');
                double s = sbp.Values[i], d = dbp?.Values[i] ?? double.NaN;
                y[i] = coded || s >= 140 || d >= 90 ? 1 : double.IsNaN(s) ? double.NaN : 0;
            }
            list.Add(("hypertension", "Hypertension (BP >= 140/90 mmHg or ICD-10 I10-I15)", y));
        }
        if (cohort.CategoricalByName("diabetes") is { } diabetes)
            list.Add(("diabetes", "Diabetes", diabetes.LevelOf.Select(l => l < 0 ? double.NaN : l).ToArray()));
        if (cohort.ContinuousByName("bmi") is { } bmi)
            list.Add(("obesity", "Obesity (BMI >= 30 kg/m2)", bmi.Values.Select(v => double.IsNaN(v) ? v : v >= 30 ? 1 : 0).ToArray()));
        if (cohort.CategoricalByName("smoking") is { } smoking)
            list.Add(("current_smoker", "Current smoking", smoking.LevelOf.Select(l => l < 0 ? double.NaN : l == 2 ? 1 : 0).ToArray()));
        if (cohort.CategoricalByName("cvd") is { } cvd)
            list.Add(("cvd", "Circulatory disease (ICD-10 chapter IX)", cvd.LevelOf.Select(l => l < 0 ? double.NaN : l).ToArray()));
        if (cohort.ContinuousByName("crp") is { } crp)
            list.Add(("high_crp", "CRP > 3 mg/L", crp.Values.Select(v => double.IsNaN(v) ? v : v > 3 ? 1 : 0).ToArray()));
        if (cohort.ContinuousByName("ldl") is { } ldl)
            list.Add(("high_ldl", "LDL cholesterol >= 4.1 mmol/L", ldl.Values.Select(v => double.IsNaN(v) ? v : v >= 4.1 ? 1 : 0).ToArray()));
        return list;
    }
}
