using Egress.Cohort.Simulation;

namespace Egress.Cohort;

/// <summary>
/// The cohort's columns, in master-file order: the single definition of names, formats and
/// demographic status (docs/cohort-format.md). The static indices let the simulator address columns
/// without string lookups; they are assigned in declaration order, which is the file order.
/// </summary>
public static class FieldCatalogue
{
    public const string EidColumn = "eid";

    private static readonly List<CohortColumn> columns = [];

    public static readonly int Sex = Add(31, "Sex", null, CellKind.Integer, demographic: true);
    public static readonly int YearOfBirth = Add(34, "Year of birth", "years", CellKind.Integer, demographic: true);
    public static readonly int MonthOfBirth = Add(52, "Month of birth", null, CellKind.Integer, demographic: true);
    public static readonly int AssessmentDate = Add(53, "Date of attending assessment centre", null, CellKind.Date, demographic: true);
    public static readonly int ImagingDate = Add(53, "Date of attending assessment centre (imaging visit)", null, CellKind.Date, instance: 2);
    public static readonly int AssessmentCentre = Add(54, "UK Biobank assessment centre", null, CellKind.Integer, demographic: true);
    public static readonly int AgeAtRecruitment = Add(21003, "Age when attended assessment centre", "years", CellKind.Integer, demographic: true);
    public static readonly int EthnicBackground = Add(21000, "Ethnic background", null, CellKind.Integer, demographic: true);
    public static readonly int Townsend = Add(189, "Townsend deprivation index at recruitment", null, CellKind.Fixed, decimals: 5);
    public static readonly int Height = Add(50, "Standing height", "cm", CellKind.Fixed, decimals: 1);
    public static readonly int Weight = Add(21002, "Weight", "Kg", CellKind.Fixed, decimals: 1);
    public static readonly int Bmi = Add(21001, "Body mass index (BMI)", "Kg/m2", CellKind.Fixed, decimals: 4);
    public static readonly int Systolic = AddArray(4080, 0, 2, "Systolic blood pressure, automated reading", "mmHg", CellKind.Integer);
    public static readonly int Diastolic = AddArray(4079, 0, 2, "Diastolic blood pressure, automated reading", "mmHg", CellKind.Integer);
    public static readonly int WhiteCells = Add(30000, "White blood cell (leukocyte) count", "10^9 cells/Litre", CellKind.Fixed, decimals: 3);
    public static readonly int Haemoglobin = Add(30020, "Haemoglobin concentration", "grams/decilitre", CellKind.Fixed, decimals: 3);
    public static readonly int Platelets = Add(30080, "Platelet count", "10^9 cells/Litre", CellKind.Fixed, decimals: 3);
    public static readonly int Albumin = Add(30600, "Albumin", "g/L", CellKind.Fixed, decimals: 3);
    public static readonly int AlkalinePhosphatase = Add(30610, "Alkaline phosphatase", "U/L", CellKind.Fixed, decimals: 3);
    public static readonly int Alt = Add(30620, "Alanine aminotransferase", "U/L", CellKind.Fixed, decimals: 3);
    public static readonly int Ast = Add(30650, "Aspartate aminotransferase", "U/L", CellKind.Fixed, decimals: 3);
    public static readonly int Urea = Add(30670, "Urea", "mmol/L", CellKind.Fixed, decimals: 3);
    public static readonly int Cholesterol = Add(30690, "Cholesterol", "mmol/L", CellKind.Fixed, decimals: 3);
    public static readonly int Creatinine = Add(30700, "Creatinine", "umol/L", CellKind.Fixed, decimals: 3);
    public static readonly int Crp = Add(30710, "C-reactive protein", "mg/L", CellKind.Fixed, decimals: 3);
    public static readonly int Glucose = Add(30740, "Glucose", "mmol/L", CellKind.Fixed, decimals: 3);
    public static readonly int Hdl = Add(30760, "HDL cholesterol", "mmol/L", CellKind.Fixed, decimals: 3);
    public static readonly int Ldl = Add(30780, "LDL direct", "mmol/L", CellKind.Fixed, decimals: 3);
    public static readonly int Triglycerides = Add(30870, "Triglycerides", "mmol/L", CellKind.Fixed, decimals: 3);
    public static readonly int HbA1c = Add(30750, "Glycated haemoglobin (HbA1c)", "mmol/mol", CellKind.Fixed, decimals: 1);
    public static readonly int Smoking = Add(20116, "Smoking status", null, CellKind.Integer);
    public static readonly int Alcohol = Add(1558, "Alcohol intake frequency.", null, CellKind.Integer);
    public static readonly int Sleep = Add(1160, "Sleep duration", "hours/day", CellKind.Integer);
    public static readonly int Income = Add(738, "Average total household income before tax", null, CellKind.Integer);
    public static readonly int Icd10 = AddArray(41270, 0, Icd10Codes.ArraySize, "Diagnoses - ICD10", null, CellKind.Code, codes: Icd10Codes.All);
    /// <summary>First of the ten principal components 22009-0.1 … 22009-0.10 (UKB numbers them from 1).</summary>
    public static readonly int GeneticPcs = AddArray(22009, 1, GeneticPcCount, "Genetic principal components", "Units", CellKind.Fixed, decimals: 4);

    public const int SystolicReadings = 2;
    public const int GeneticPcCount = 10;

    /// <summary>All data columns in master order (<c>eid</c> is not included; it is per file).</summary>
    public static IReadOnlyList<CohortColumn> Columns => columns;

    /// <summary>Master header: <c>eid</c> then every catalogue column.</summary>
    public static IReadOnlyList<string> MasterColumnNames { get; } = [EidColumn, .. columns.Select(c => c.Name)];

    public static CohortColumn ByName(string name) =>
        columns.FirstOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"No cohort column '{name}'.");

    private static int Add(int fieldId, string title, string? units, CellKind kind, int decimals = 0,
        bool demographic = false, int instance = 0)
    {
        columns.Add(new CohortColumn(columns.Count, fieldId, instance, 0, title, units, kind, decimals, demographic, null));
        return columns.Count - 1;
    }

    private static int AddArray(int fieldId, int firstArrayIndex, int count, string title, string? units, CellKind kind,
        int decimals = 0, IReadOnlyList<string>? codes = null)
    {
        int first = columns.Count;
        for (int a = 0; a < count; a++)
            columns.Add(new CohortColumn(columns.Count, fieldId, 0, firstArrayIndex + a, title, units, kind, decimals, false, codes));
        return first;
    }
}
