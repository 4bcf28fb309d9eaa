using System.Text.RegularExpressions;

namespace Egress.Checks.Risk;

/// <summary>
/// What a column header says about the column: a UK Biobank field id, a descriptive quasi-identifier
/// name, a statistic of an aggregate table, or nothing (a generic name such as `V3`).
/// </summary>
public static partial class HeaderNames
{
    private static readonly Dictionary<string, QuasiIdentifierKind> Names = Build(new()
    {
        [QuasiIdentifierKind.Sex] = ["sex", "gender", "sexcode", "sexmf", "biologicalsex", "geneticsex", "reportedsex", "sexatbirth",
            "selfreportedsex", "ismale", "isfemale", "male", "female"],
        [QuasiIdentifierKind.YearOfBirth] = ["yob", "yearofbirth", "birthyear", "byear", "yrbirth", "birthyr", "yearborn", "dobyear",
            "yearofbirthband", "yobband", "birthcohort"],
        [QuasiIdentifierKind.MonthOfBirth] = ["mob", "monthofbirth", "birthmonth", "bmonth", "dobmonth"],
        [QuasiIdentifierKind.DateOfBirth] = ["dob", "dateofbirth", "birthdate", "bdate"],
        [QuasiIdentifierKind.Age] = ["age", "ageyears", "ageyrs", "ageatrecruitment", "ageatassessment", "ageatbaseline", "ageatvisit",
            "ageatentry", "agebaseline", "agerecruit", "ageband", "agebands", "agegroup", "agegrp", "agecat", "agecategory",
            "ageatinterview", "ageatscan", "ageatimaging", "ageatdeath", "ageatdiagnosis", "agewhenattendedassessmentcentre"],
        [QuasiIdentifierKind.AssessmentCentre] = ["centre", "center", "assessmentcentre", "assessmentcenter", "ukbcentre", "ukbcenter",
            "recruitmentcentre", "recruitmentcenter", "site", "centrename", "centreid", "centrecode", "centercode", "studycentre",
            "ukbiobankassessmentcentre"],
        [QuasiIdentifierKind.AssessmentDate] = ["dateofassessment", "assessmentdate", "dateofattendingassessmentcentre", "visitdate",
            "baselinedate", "recruitmentdate", "dateofrecruitment", "dateattended", "dateofvisit", "dateofbaseline", "dateofattending"],
        [QuasiIdentifierKind.Ethnicity] = ["ethnicity", "ethnic", "ethnicbackground", "ethnicgroup", "race", "ethnicitygroup",
            "ethnicitycat", "raceethnicity", "ethnicitycode"],
        [QuasiIdentifierKind.Deprivation] = ["townsend", "townsenddeprivationindex", "townsendindex", "townsendscore", "tdi",
            "townsenddeprivationindexatrecruitment", "deprivation", "imd", "indexofmultipledeprivation", "townsendquintile",
            "imdquintile", "deprivationquintile", "townsendgroup"],
        [QuasiIdentifierKind.PostcodeDistrict] = ["postcode", "postcodedistrict", "outcode", "postcodesector", "postcodearea", "pcd",
            "homepostcode"],
    });

    private static readonly Dictionary<int, QuasiIdentifierKind> Fields = new()
    {
        [31] = QuasiIdentifierKind.Sex, [22001] = QuasiIdentifierKind.Sex, [34] = QuasiIdentifierKind.YearOfBirth,
        [52] = QuasiIdentifierKind.MonthOfBirth, [54] = QuasiIdentifierKind.AssessmentCentre, [21000] = QuasiIdentifierKind.Ethnicity,
        [53] = QuasiIdentifierKind.AssessmentDate, [21003] = QuasiIdentifierKind.Age, [21022] = QuasiIdentifierKind.Age,
        [189] = QuasiIdentifierKind.Deprivation,
    };

    /// <summary>Words that name a statistic of an aggregate table (as a whole header or one of its words).</summary>
    private static readonly HashSet<string> StatisticWords =
    [
        "n", "count", "counts", "freq", "frequency", "frequencies", "percent", "percentage", "pct", "prop", "proportion",
        "mean", "median", "sd", "se", "stderr", "iqr", "q1", "q3", "estimate", "beta", "coef", "coefficient", "or", "hr", "ci",
        "lci", "uci", "lower", "upper", "pval", "pvalue", "chisq", "df", "cases", "controls", "events", "nevents", "atrisk",
        "nrisk", "nobs", "tvalue", "zvalue", "stat", "statistic",
    ];

    /// <summary>The header's letters and digits in lower case: `Year of birth` and `year_of_birth` are both `yearofbirth`.</summary>
    public static string Compact(string header) => new(header.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    /// <summary>The quasi-identifier a header names, with its instance when it is a field id (0 when not given).</summary>
    public static (QuasiIdentifierKind Kind, DetectionBasis Basis, int Instance)? Recognise(string header)
    {
        if (FieldId(header.Trim()) is var (field, instance) && Fields.TryGetValue(field, out var byField))
            return (byField, DetectionBasis.FieldId, instance);
        var compact = Compact(header);
        return Names.TryGetValue(compact, out var kind) ? (kind, DetectionBasis.Header, 0) : null;
    }

    /// <summary>A UK Biobank field id and instance: `31-0.0`, `X31.0.0` (R), `f.31.0.0`, `p31`, `p53_i2`, `sex_f31_0_0`.</summary>
    public static (int Field, int Instance)? FieldId(string header)
    {
        var m = FieldIdPattern().Match(header);
        if (!m.Success) return null;
        foreach (var group in new[] { "a", "b", "c", "d" })
        {
            if (!m.Groups[group + "f"].Success) continue;
            // Digits too many for a field id (a header of 30 digits) are no field id.
            if (!int.TryParse(m.Groups[group + "f"].Value, System.Globalization.CultureInfo.InvariantCulture, out var field)) return null;
            var instance = 0;
            if (m.Groups[group + "i"].Success && !int.TryParse(m.Groups[group + "i"].Value, System.Globalization.CultureInfo.InvariantCulture, out instance))
                return null;
            return (field, instance);
        }
        return null;
    }

    /// <summary>A name that says nothing: empty, `V3`, `X1`, `col2`, `column 4`, `var1`, `Unnamed: 0`.</summary>
    public static bool IsGeneric(string? header) => header is null || GenericPattern().IsMatch(Compact(header));

    /// <summary>True when the header names a statistic (`n`, `Mean`, `p_value`, `N (%)`, `lower 95% CI`).</summary>
    public static bool NamesStatistic(string header)
    {
        if (header.Contains('%')) return true;
        var compact = Compact(header);
        if (StatisticWords.Contains(compact)) return true;
        foreach (var word in Words(header))
            if (StatisticWords.Contains(word)) return true;
        return false;
    }

    /// <summary>Lower-case words of a header, split at punctuation, spaces and camelCase humps.</summary>
    private static IEnumerable<string> Words(string header)
    {
        var word = new System.Text.StringBuilder();
        for (var i = 0; i < header.Length; i++)
        {
            var c = header[i];
            var hump = char.IsUpper(c) && i > 0 && char.IsLower(header[i - 1]);
            if (!char.IsLetterOrDigit(c) || hump)
            {
                if (word.Length > 0) yield return word.ToString();
                word.Clear();
                if (!char.IsLetterOrDigit(c)) continue;
            }
            word.Append(char.ToLowerInvariant(c));
        }
        if (word.Length > 0) yield return word.ToString();
    }

    private static Dictionary<string, QuasiIdentifierKind> Build(Dictionary<QuasiIdentifierKind, string[]> byKind) =>
        byKind.SelectMany(kv => kv.Value.Select(name => (name, kv.Key))).ToDictionary(p => p.name, p => p.Key);

    [GeneratedRegex(@"^(?:(?<af>\d+)-(?<ai>\d+)\.\d+|[xX](?<bf>\d+)\.(?<bi>\d+)\.\d+|f\.(?<cf>\d+)\.(?<ci>\d+)\.\d+|p(?<df>\d+)(?:_i(?<di>\d+))?(?:_a\d+)?|[A-Za-z_]+_f(?<af>\d+)_(?<ai>\d+)_\d+)$")]
    private static partial Regex FieldIdPattern();

    [GeneratedRegex(@"^(?:|v\d+|x\d*|col\d*|column\d*|var\d+|variable\d+|field\d+|unnamed\d*|c\d+|\d+)$")]
    private static partial Regex GenericPattern();
}
