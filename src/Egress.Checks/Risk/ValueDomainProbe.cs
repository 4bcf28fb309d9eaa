using System.Text.RegularExpressions;

namespace Egress.Checks.Risk;

/// <summary>
/// Recognises a quasi-identifier column by its values alone, for headers that say nothing. Distinctive
/// domains (UK Biobank centre and ethnicity codes, plausible birth years, birth or assessment dates,
/// postcode districts) are told apart from weak ones (0/1 or M/F, months, ages, deprivation scores),
/// which alone are common in any table.
/// </summary>
public static partial class ValueDomainProbe
{
    /// <summary>Fewest non-missing values before a column is judged by its values.</summary>
    public const int MinValues = 10;

    public static QuasiIdentifierKind? Recognise(ColumnValues v)
    {
        if (v.Count < MinValues) return null;
        if (v.AllIntegers && v.Numbers.All(n => UkbQuasiIdentifierCodings.Centres.ContainsKey((int)n))) return QuasiIdentifierKind.AssessmentCentre;
        if (v.AllIntegers && v.Numbers.All(n => UkbQuasiIdentifierCodings.Ethnicities.ContainsKey((int)n)) && v.NumberShare(n => n >= 1001) >= 0.5)
            return QuasiIdentifierKind.Ethnicity;
        if (v.Values.All(s => ColumnValues.Date(s) is not null))
        {
            var years = v.Values.Select(s => ColumnValues.Date(s)!.Value.Year).ToList();
            if (years.All(y => y is >= 2006 and <= 2011)) return QuasiIdentifierKind.AssessmentDate;
            if (years.All(y => y is >= 1930 and <= 1975)) return QuasiIdentifierKind.DateOfBirth;
            return null;
        }
        if (v.AllIntegers && v.Distinct >= 3 && v.Numbers.All(n => n is >= 1930 and <= 1975)) return QuasiIdentifierKind.YearOfBirth;
        if (v.Distinct >= 2 && v.Values.All(s => PostcodeDistrict().IsMatch(s)) && v.Values.Any(s => s.Any(char.IsDigit)))
            return QuasiIdentifierKind.PostcodeDistrict;
        if (v.AllIntegers && v.Distinct >= 8 && v.Numbers.All(n => n is >= 1 and <= 12)) return QuasiIdentifierKind.MonthOfBirth;
        if (v.Distinct == 2 && v.Values.All(s => UkbQuasiIdentifierCodings.Code(QuasiIdentifierKind.Sex, s) is not null)) return QuasiIdentifierKind.Sex;
        if (v.AllIntegers && v.Distinct >= 10 && v.Numbers.All(n => n is >= 38 and <= 80)) return QuasiIdentifierKind.Age;
        if (v.AllNumeric && v.Distinct >= 10 && v.Numbers.All(n => n is >= -7.5 and <= 11.5) && v.Numbers.Any(n => n < 0) && v.Numbers.Any(n => n > 0)
            && v.NumberShare(n => n != Math.Floor(n)) >= 0.9 && v.Values.All(s => Decimals(s) >= 3))
            return QuasiIdentifierKind.Deprivation;
        return null;
    }

    /// <summary>Domains that on their own point to people: codes, birth years, dates, postcodes.</summary>
    public static bool IsDistinctive(QuasiIdentifierKind kind) => kind is QuasiIdentifierKind.AssessmentCentre or QuasiIdentifierKind.Ethnicity
        or QuasiIdentifierKind.AssessmentDate or QuasiIdentifierKind.DateOfBirth or QuasiIdentifierKind.YearOfBirth or QuasiIdentifierKind.PostcodeDistrict;

    /// <summary>
    /// Whether values under a header that names a quasi-identifier could be that attribute: `Female` over
    /// counts of women, or `age` over correlations, is a statistic's column, not a person's attribute.
    /// </summary>
    public static bool Plausible(QuasiIdentifierKind kind, ColumnValues v)
    {
        if (v.Count == 0) return false;
        return kind switch
        {
            QuasiIdentifierKind.Sex => v.Distinct <= 4,
            QuasiIdentifierKind.YearOfBirth => !v.AllNumeric || v.Numbers.All(n => n is >= 1890 and <= 2030 && n == Math.Floor(n)),
            QuasiIdentifierKind.MonthOfBirth => !v.AllNumeric || v.Numbers.All(n => n is >= 1 and <= 12 && n == Math.Floor(n)),
            QuasiIdentifierKind.Age => !v.AllNumeric || v.NumberShare(n => n is >= 0 and <= 120) >= 0.9 && !v.Numbers.All(n => n is >= -1 and <= 1),
            QuasiIdentifierKind.AssessmentCentre => !v.AllNumeric || v.AllIntegers,
            QuasiIdentifierKind.Ethnicity => !v.AllNumeric || v.AllIntegers,
            QuasiIdentifierKind.Deprivation => !v.AllNumeric || v.Numbers.All(n => n is >= -10 and <= 20) && !v.Numbers.All(n => n is >= -1 and <= 1),
            QuasiIdentifierKind.DateOfBirth or QuasiIdentifierKind.AssessmentDate => v.Share(s => ColumnValues.Date(s) is not null) >= 0.9 || !v.AllNumeric,
            _ => !v.AllNumeric,
        };
    }

    private static int Decimals(string s)
    {
        var dot = s.IndexOf('.');
        return dot < 0 ? 0 : s.Length - dot - 1;
    }

    [GeneratedRegex(@"^[A-Za-z]{1,2}[0-9][0-9A-Za-z]?$")]
    private static partial Regex PostcodeDistrict();
}
