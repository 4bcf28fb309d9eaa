using System.Globalization;
using Egress.Checks.Risk;
using Egress.Tests.Support;

namespace Egress.Tests.Risk;

/// <summary>
/// Row-level tables built from the shared cohort's participants, IDs dropped: derived variables whose values are
/// not in the index (sex as words, 5-year age bands, BMI categories, centre names, a made-up score), and the
/// index's own quasi-identifiers under descriptive headers.
/// </summary>
public static class DerivedRows
{
    public static readonly string[] DerivedHeader = ["sex", "age_band", "bmi_category", "centre", "score"];

    public static (string[] Header, List<string[]> Rows) Derived(IndexedCohort cohort, int count, int skip = 0)
    {
        var (header, rows) = cohort.Extract("A");
        int sex = Array.IndexOf(header, "31-0.0"), age = Array.IndexOf(header, "21003-0.0"), bmi = Array.IndexOf(header, "21001-0.0"),
            centre = Array.IndexOf(header, "54-0.0");
        var derived = rows.Skip(skip).Take(count).Select((r, i) =>
        {
            var years = int.Parse(r[age], CultureInfo.InvariantCulture);
            var band = $"{years / 5 * 5}-{years / 5 * 5 + 4}";
            var category = r[bmi].Length == 0 ? "unknown" : double.Parse(r[bmi], CultureInfo.InvariantCulture) switch
            {
                < 18.5 => "underweight", < 25 => "normal", < 30 => "overweight", _ => "obese",
            };
            var place = UkbQuasiIdentifierCodings.Centres.GetValueOrDefault(int.Parse(r[centre], CultureInfo.InvariantCulture), "other");
            var score = ((i * 37 % 101) / 7.0 + years / 10.0).ToString("F2", CultureInfo.InvariantCulture);
            return new[] { r[sex] == "1" ? "Male" : "Female", band, category, place, score };
        }).ToList();
        return (DerivedHeader, derived);
    }

    /// <summary>The index's quasi-identifiers (sex, year and month of birth, centre, ethnicity) under plain names, with a derived score.</summary>
    public static (string[] Header, List<string[]> Rows) IndexKeys(IndexedCohort cohort, int count, int skip = 0)
    {
        var (header, rows) = cohort.Extract("A");
        var columns = new[] { "31-0.0", "34-0.0", "52-0.0", "54-0.0", "21000-0.0" }.Select(c => Array.IndexOf(header, c)).ToArray();
        var picked = rows.Skip(skip).Take(count).Select((r, i) =>
            columns.Select(c => r[c]).Append(((i * 53 % 97) / 3.0).ToString("F1", CultureInfo.InvariantCulture)).ToArray()).ToList();
        return (["sex", "year_of_birth", "month_of_birth", "assessment_centre", "ethnicity", "frailty_score"], picked);
    }
}
