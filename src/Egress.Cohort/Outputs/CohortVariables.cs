using System.Globalization;

namespace Egress.Cohort.Outputs;

/// <summary>A categorical analysis variable: one level index per participant (-1 when missing).</summary>
/// <param name="Name">Short name as a researcher's script would call it (<c>smoking</c>), used in R/Stata output.</param>
/// <param name="Label">Human label for table headers (<c>Smoking status</c>).</param>
/// <param name="Family">Variables of one family (age band and year-of-birth band) are not crossed with each other.</param>
/// <param name="RangeLabel">For ordered variables, the label of the merged levels first..last; null joins the labels.</param>
public sealed record CategoricalVariable(
    string Name, string Label, string[] Levels, int[] LevelOf, bool Ordered, string Family,
    Func<int, int, string>? RangeLabel = null)
{
    public string MergedLabel(int first, int last)
    {
        if (first == last) return Levels[first];
        return RangeLabel?.Invoke(first, last) ?? string.Join(" / ", Levels[first..(last + 1)]);
    }
}

/// <summary>A continuous analysis variable, NaN when missing.</summary>
/// <param name="Decimals">Decimals the measurement is recorded with.</param>
/// <param name="Skewed">Right-skewed (CRP, triglycerides…): papers report median [IQR] and model its log.</param>
public sealed record ContinuousVariable(string Name, string Label, string Unit, double[] Values, int Decimals, bool Skewed = false)
{
    public string LabelWithUnit => Unit.Length == 0 ? Label : $"{Label} ({Unit})";
}

/// <summary>
/// The analysis variables a researcher derives from the master table (age bands, BMI categories, ethnic groups,
/// mean blood pressure…), built only from the columns present.
/// </summary>
public sealed class CohortVariables
{
    public int Count { get; }
    public IReadOnlyList<CategoricalVariable> Categorical { get; }
    public IReadOnlyList<ContinuousVariable> Continuous { get; }
    /// <summary>Genetic principal components PC1… (covariates for models only).</summary>
    public IReadOnlyList<ContinuousVariable> PrincipalComponents { get; }
    /// <summary>Per participant, the ICD-10 codes recorded (empty when none or when the field is absent).</summary>
    public string[][] Diagnoses { get; }
    public bool HasDiagnoses { get; }
    /// <summary>Date of the baseline assessment, null when missing.</summary>
    public DateOnly?[]? AssessmentDate { get; }

    private readonly Dictionary<string, CategoricalVariable> _categoricalByName;
    private readonly Dictionary<string, ContinuousVariable> _continuousByName;

    private CohortVariables(int count, List<CategoricalVariable> categorical, List<ContinuousVariable> continuous,
        List<ContinuousVariable> pcs, string[][] diagnoses, bool hasDiagnoses, DateOnly?[]? assessmentDate)
    {
        Count = count;
        Categorical = categorical;
        Continuous = continuous;
        PrincipalComponents = pcs;
        Diagnoses = diagnoses;
        HasDiagnoses = hasDiagnoses;
        AssessmentDate = assessmentDate;
        _categoricalByName = categorical.ToDictionary(v => v.Name);
        _continuousByName = continuous.Concat(pcs).ToDictionary(v => v.Name);
    }

    public CategoricalVariable? CategoricalByName(string name) => _categoricalByName.GetValueOrDefault(name);
    public ContinuousVariable? ContinuousByName(string name) => _continuousByName.GetValueOrDefault(name);

    public static CohortVariables From(MasterCohort master)
    {
        int n = master.Count;
        var categorical = new List<CategoricalVariable>();
        var continuous = new List<ContinuousVariable>();

        void AddContinuous(string column, string name, string label, string unit, int decimals, bool skewed = false)
        {
            var values = master.Numbers(column);
            if (values is not null && values.Any(v => !double.IsNaN(v)))
                continuous.Add(new ContinuousVariable(name, label, unit, values, decimals, skewed));
        }

        // Negative codes (-1 do not know, -3 prefer not to answer) are missing for analysis, as UKB users treat them.
        double[]? NonNegative(string column)
        {
            var v = master.Numbers(column);
            return v?.Select(x => x < 0 ? double.NaN : x).ToArray();
        }

        AddContinuous("21003-0.0", "age", "Age at recruitment", "years", 0);
        AddContinuous("189-0.0", "townsend", "Townsend deprivation index", "", 2);
        AddContinuous("50-0.0", "height", "Standing height", "cm", 1);
        AddContinuous("21002-0.0", "weight", "Weight", "kg", 1);
        AddContinuous("21001-0.0", "bmi", "Body mass index", "kg/m2", 1);
        var sbp = MeanOfReadings(master.Numbers("4080-0.0"), master.Numbers("4080-0.1"));
        if (sbp is not null) continuous.Add(new ContinuousVariable("sbp", "Systolic blood pressure", "mmHg", sbp, 1));
        var dbp = MeanOfReadings(master.Numbers("4079-0.0"), master.Numbers("4079-0.1"));
        if (dbp is not null) continuous.Add(new ContinuousVariable("dbp", "Diastolic blood pressure", "mmHg", dbp, 1));
        AddContinuous("30000-0.0", "wbc", "White blood cell count", "10^9/L", 3);
        AddContinuous("30020-0.0", "haemoglobin", "Haemoglobin concentration", "g/dL", 3);
        AddContinuous("30080-0.0", "platelets", "Platelet count", "10^9/L", 3);
        AddContinuous("30600-0.0", "albumin", "Albumin", "g/L", 3);
        AddContinuous("30610-0.0", "alp", "Alkaline phosphatase", "U/L", 3, skewed: true);
        AddContinuous("30620-0.0", "alt", "Alanine aminotransferase", "U/L", 3, skewed: true);
        AddContinuous("30650-0.0", "ast", "Aspartate aminotransferase", "U/L", 3, skewed: true);
        AddContinuous("30670-0.0", "urea", "Urea", "mmol/L", 3);
        AddContinuous("30690-0.0", "cholesterol", "Total cholesterol", "mmol/L", 3);
        AddContinuous("30700-0.0", "creatinine", "Creatinine", "umol/L", 3, skewed: true);
        AddContinuous("30710-0.0", "crp", "C-reactive protein", "mg/L", 3, skewed: true);
        AddContinuous("30740-0.0", "glucose", "Glucose", "mmol/L", 3, skewed: true);
        AddContinuous("30750-0.0", "hba1c", "Glycated haemoglobin (HbA1c)", "mmol/mol", 1, skewed: true);
        AddContinuous("30760-0.0", "hdl", "HDL cholesterol", "mmol/L", 3);
        AddContinuous("30780-0.0", "ldl", "LDL cholesterol", "mmol/L", 3);
        AddContinuous("30870-0.0", "triglycerides", "Triglycerides", "mmol/L", 3, skewed: true);
        var sleep = NonNegative("1160-0.0");
        if (sleep is not null && sleep.Any(v => !double.IsNaN(v)))
            continuous.Add(new ContinuousVariable("sleep_hours", "Sleep duration", "hours", sleep, 0));

        var pcs = new List<ContinuousVariable>();
        for (int k = 1; k <= 10; k++)
        {
            var v = master.Numbers($"22009-0.{k}");
            if (v is not null) pcs.Add(new ContinuousVariable($"PC{k}", $"Genetic principal component {k}", "", v, 4));
        }

        var byName = continuous.ToDictionary(v => v.Name);

        AddCoded(categorical, master, "31-0.0", "sex", "Sex", "sex", false,
            new[] { (0, "Female"), (1, "Male") });
        AddCentre(categorical, master);
        AddEthnicity(categorical, master);
        AddCoded(categorical, master, "20116-0.0", "smoking", "Smoking status", "smoking", true,
            new[] { (0, "Never"), (1, "Previous"), (2, "Current") });
        AddCoded(categorical, master, "1558-0.0", "alcohol", "Alcohol intake frequency", "alcohol", true,
            new[] { (1, "Daily or almost daily"), (2, "Three or four times a week"), (3, "Once or twice a week"),
                    (4, "One to three times a month"), (5, "Special occasions only"), (6, "Never") });
        AddCoded(categorical, master, "738-0.0", "income", "Average total household income before tax", "income", true,
            new[] { (1, "Less than 18,000"), (2, "18,000 to 30,999"), (3, "31,000 to 51,999"), (4, "52,000 to 100,000"), (5, "Greater than 100,000") });
        if (byName.TryGetValue("age", out var age))
            categorical.Add(Banded("age_band", "Age group (years)", "age", age.Values, [45, 50, 55, 60, 65], 0, lowestOpen: true, highestOpen: true, unit: ""));
        var yob = master.Numbers("34-0.0");
        if (yob is not null)
            categorical.Add(Banded("birth_cohort", "Year of birth", "age", yob, [1945, 1950, 1955, 1960, 1965], 0, lowestOpen: false, highestOpen: false, unit: "",
                lowest: yob.Where(v => !double.IsNaN(v)).DefaultIfEmpty(1937).Min(), highest: yob.Where(v => !double.IsNaN(v)).DefaultIfEmpty(1970).Max()));
        if (byName.TryGetValue("bmi", out var bmi))
            categorical.Add(Banded("bmi_category", "BMI category (kg/m2)", "bmi", bmi.Values, [18.5, 25, 30, 35], 1, lowestOpen: true, highestOpen: true, unit: ""));
        if (byName.TryGetValue("townsend", out var townsend))
            categorical.Add(Quintiles("deprivation", "Townsend deprivation quintile", townsend.Values));
        if (byName.TryGetValue("sleep_hours", out var sleepHours))
            categorical.Add(Banded("sleep", "Sleep duration (hours/day)", "sleep", sleepHours.Values, [6, 7, 8, 9], 0, lowestOpen: true, highestOpen: true, unit: ""));
        if (byName.TryGetValue("sbp", out var sbpVar))
            categorical.Add(Banded("sbp_category", "Systolic blood pressure (mmHg)", "bp", sbpVar.Values, [120, 140, 160], 0, lowestOpen: true, highestOpen: true, unit: ""));
        AddRecruitmentYear(categorical, master);
        AddImaging(categorical, master);

        var icdColumns = master.TextArray("41270");
        var diagnoses = new string[n][];
        for (int i = 0; i < n; i++)
        {
            var codes = new List<string>();
            foreach (var col in icdColumns)
                if (col[i] is { Length: > 0 } code) codes.Add(code);
            diagnoses[i] = codes.Count == 0 ? [] : codes.ToArray();
        }
        if (icdColumns.Count > 0)
        {
            var counts = new int[n];
            for (int i = 0; i < n; i++) counts[i] = diagnoses[i].Length;
            categorical.Add(Banded("n_diagnoses", "Number of ICD-10 diagnoses", "icd", counts.Select(c => (double)c).ToArray(), [1, 2, 3, 5], 0,
                lowestOpen: false, highestOpen: true, unit: "", lowest: 0, highest: 10));
            AddBinary(categorical, "cvd", "Circulatory disease diagnosis (ICD-10 I00-I99)", "cvd",
                diagnoses.Select(d => d.Any(c => c.StartsWith('I'))).ToArray());
        }
        var diabetes = DiabetesStatus(diagnoses, byName.GetValueOrDefault("hba1c"));
        if (diabetes is not null) AddBinary(categorical, "diabetes", "Diabetes (HbA1c >= 48 mmol/mol or ICD-10 E10-E14)", "diabetes", diabetes);

        return new CohortVariables(n, categorical, continuous, pcs, diagnoses, icdColumns.Count > 0, master.Dates("53-0.0"));
    }

    /// <summary>Mean of the two automated readings, or whichever one exists.</summary>
    private static double[]? MeanOfReadings(double[]? first, double[]? second)
    {
        if (first is null && second is null) return null;
        int n = (first ?? second)!.Length;
        var mean = new double[n];
        for (int i = 0; i < n; i++)
        {
            double a = first?[i] ?? double.NaN, b = second?[i] ?? double.NaN;
            mean[i] = double.IsNaN(a) ? b : double.IsNaN(b) ? a : (a + b) / 2;
        }
        return mean.Any(v => !double.IsNaN(v)) ? mean : null;
    }

    private static void AddCoded(List<CategoricalVariable> into, MasterCohort master, string column, string name, string label,
        string family, bool ordered, (int Code, string Label)[] coding)
    {
        var codes = master.Codes(column);
        if (codes is null) return;
        var index = coding.Select((c, i) => (c.Code, i)).ToDictionary(t => t.Code, t => t.i);
        var levelOf = codes.Select(c => c is int v && index.TryGetValue(v, out int i) ? i : -1).ToArray();
        if (levelOf.All(l => l < 0)) return;
        into.Add(new CategoricalVariable(name, label, coding.Select(c => c.Label).ToArray(), levelOf, ordered, family));
    }

    private static void AddBinary(List<CategoricalVariable> into, string name, string label, string family, bool?[] values) =>
        into.Add(new CategoricalVariable(name, label, ["No", "Yes"], values.Select(v => v is null ? -1 : v.Value ? 1 : 0).ToArray(), false, family));

    private static void AddBinary(List<CategoricalVariable> into, string name, string label, string family, bool[] values) =>
        AddBinary(into, name, label, family, values.Select(v => (bool?)v).ToArray());

    private static void AddCentre(List<CategoricalVariable> into, MasterCohort master)
    {
        var codes = master.Codes("54-0.0");
        if (codes is null) return;
        var present = codes.Where(c => c is not null).Select(c => c!.Value).Distinct().Order().ToArray();
        if (present.Length == 0) return;
        var levels = present.Select(c => UkbCodings.Centres.TryGetValue(c, out var name) ? name : c.ToString(CultureInfo.InvariantCulture)).ToArray();
        var index = present.Select((c, i) => (c, i)).ToDictionary(t => t.c, t => t.i);
        into.Add(new CategoricalVariable("centre", "Assessment centre", levels,
            codes.Select(c => c is int v ? index[v] : -1).ToArray(), false, "centre"));
    }

    private static void AddEthnicity(List<CategoricalVariable> into, MasterCohort master)
    {
        var codes = master.Codes("21000-0.0");
        if (codes is null) return;
        // Broad groups (coding 1001's top level): what most papers tabulate.
        string[] groups = ["White", "Mixed", "Asian or Asian British", "Black or Black British", "Chinese", "Other ethnic group"];
        int GroupOf(int code) => code switch
        {
            >= 1 and <= 6 => code - 1,
            >= 1001 and <= 6999 => code / 1000 - 1,
            _ => -1,
        };
        into.Add(new CategoricalVariable("ethnic_group", "Ethnic group", groups,
            codes.Select(c => c is int v ? GroupOf(v) : -1).ToArray(), false, "ethnicity"));

        // Detailed background: many small categories, which a careful researcher merges.
        var detailed = codes.Where(c => c is int v && v > 0).Select(c => c!.Value).Distinct().Order().ToArray();
        if (detailed.Length < 3) return;
        var index = detailed.Select((c, i) => (c, i)).ToDictionary(t => t.c, t => t.i);
        var levels = detailed.Select(c => UkbCodings.Ethnicity.TryGetValue(c, out var l) ? l : c.ToString(CultureInfo.InvariantCulture)).ToArray();
        into.Add(new CategoricalVariable("ethnic_background", "Ethnic background", levels,
            codes.Select(c => c is int v && index.TryGetValue(v, out int i) ? i : -1).ToArray(), false, "ethnicity"));
    }

    private static void AddRecruitmentYear(List<CategoricalVariable> into, MasterCohort master)
    {
        var dates = master.Dates("53-0.0");
        if (dates is null || dates.All(d => d is null)) return;
        var years = dates.Where(d => d is not null).Select(d => d!.Value.Year).Distinct().Order().ToArray();
        var index = years.Select((y, i) => (y, i)).ToDictionary(t => t.y, t => t.i);
        var levels = years.Select(y => y.ToString(CultureInfo.InvariantCulture)).ToArray();
        into.Add(new CategoricalVariable("recruitment_year", "Year of recruitment", levels,
            dates.Select(d => d is { } v ? index[v.Year] : -1).ToArray(), true, "recruitment",
            (a, b) => $"{levels[a]}-{levels[b]}"));
    }

    private static void AddImaging(List<CategoricalVariable> into, MasterCohort master)
    {
        var dates = master.Dates("53-2.0");
        if (dates is null) return;
        AddBinary(into, "imaging", "Attended imaging visit", "imaging", dates.Select(d => d is not null).ToArray());
    }

    private static bool?[]? DiabetesStatus(string[][] diagnoses, ContinuousVariable? hba1c)
    {
        if (hba1c is null) return null;
        var status = new bool?[diagnoses.Length];
        for (int i = 0; i < status.Length; i++)
        {
            bool coded = diagnoses[i].Any(c => c.Length >= 3 && c[0] == 'E' && c[1] == '1' && c[2] is >= '0' and <= '4');
            double h = hba1c.Values[i];
            status[i] = coded || h >= 48 ? true : double.IsNaN(h) ? null : false;
        }
        return status;
    }

    /// <summary>Bands cut at the given points: [cuts[k-1], cuts[k]); labels like "45-49", "&lt;45", "65+".</summary>
    private static CategoricalVariable Banded(string name, string label, string family, double[] values, double[] cuts, int decimals,
        bool lowestOpen, bool highestOpen, string unit, double lowest = double.NaN, double highest = double.NaN)
    {
        double step = Math.Pow(10, -decimals);
        string F(double v) => v.ToString("F" + decimals, CultureInfo.InvariantCulture) + unit;
        int levels = cuts.Length + 1;
        string Range(int first, int last)
        {
            bool openLow = first == 0 && lowestOpen, openHigh = last == levels - 1 && highestOpen;
            double lo = first == 0 ? lowest : cuts[first - 1];
            double hi = last == levels - 1 ? highest : cuts[last] - step;
            if (openLow && openHigh) return "All";
            if (openLow) return "<" + F(cuts[last]);
            if (openHigh) return F(lo) + "+";
            return lo == hi ? F(lo) : $"{F(lo)}-{F(hi)}";
        }
        var names = Enumerable.Range(0, levels).Select(i => Range(i, i)).ToArray();
        var levelOf = values.Select(v =>
        {
            if (double.IsNaN(v)) return -1;
            int k = 0;
            while (k < cuts.Length && v >= cuts[k] - 1e-9) k++;
            return k;
        }).ToArray();
        return new CategoricalVariable(name, label, names, levelOf, true, family, Range);
    }

    private static CategoricalVariable Quintiles(string name, string label, double[] values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        var cuts = Enumerable.Range(1, 4).Select(k => Descriptive.Quantile(sorted, k / 5.0)).ToArray();
        string[] levels = ["Q1 (least deprived)", "Q2", "Q3", "Q4", "Q5 (most deprived)"];
        var levelOf = values.Select(v =>
        {
            if (double.IsNaN(v)) return -1;
            int k = 0;
            while (k < 4 && v > cuts[k]) k++;
            return k;
        }).ToArray();
        return new CategoricalVariable(name, label, levels, levelOf, true, "deprivation",
            (a, b) => $"Q{a + 1}-Q{b + 1}");
    }
}
