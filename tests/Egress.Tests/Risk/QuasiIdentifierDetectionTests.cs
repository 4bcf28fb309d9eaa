using Egress.Checks.Risk;
using Xunit;

namespace Egress.Tests.Risk;

/// <summary>Quasi-identifier columns found by field id, by name, and by value domain under uninformative headers.</summary>
public class QuasiIdentifierDetectionTests
{
    private static List<IReadOnlyList<string>> Rows(int n, params Func<int, string>[] columns) =>
        Enumerable.Range(0, n).Select(i => (IReadOnlyList<string>)columns.Select(c => c(i)).ToArray()).ToList();

    [Theory]
    [InlineData("31-0.0", QuasiIdentifierKind.Sex, DetectionBasis.FieldId)]
    [InlineData("34-0.0", QuasiIdentifierKind.YearOfBirth, DetectionBasis.FieldId)]
    [InlineData("X52.0.0", QuasiIdentifierKind.MonthOfBirth, DetectionBasis.FieldId)]
    [InlineData("f.54.0.0", QuasiIdentifierKind.AssessmentCentre, DetectionBasis.FieldId)]
    [InlineData("p21000_i0", QuasiIdentifierKind.Ethnicity, DetectionBasis.FieldId)]
    [InlineData("sex_f31_0_0", QuasiIdentifierKind.Sex, DetectionBasis.FieldId)]
    [InlineData("53-0.0", QuasiIdentifierKind.AssessmentDate, DetectionBasis.FieldId)]
    [InlineData("Gender", QuasiIdentifierKind.Sex, DetectionBasis.Header)]
    [InlineData("year_of_birth", QuasiIdentifierKind.YearOfBirth, DetectionBasis.Header)]
    [InlineData("YOB", QuasiIdentifierKind.YearOfBirth, DetectionBasis.Header)]
    [InlineData("Month of birth", QuasiIdentifierKind.MonthOfBirth, DetectionBasis.Header)]
    [InlineData("assessment_centre", QuasiIdentifierKind.AssessmentCentre, DetectionBasis.Header)]
    [InlineData("Ethnic background", QuasiIdentifierKind.Ethnicity, DetectionBasis.Header)]
    [InlineData("townsend", QuasiIdentifierKind.Deprivation, DetectionBasis.Header)]
    [InlineData("age_band", QuasiIdentifierKind.Age, DetectionBasis.Header)]
    [InlineData("date_of_assessment", QuasiIdentifierKind.AssessmentDate, DetectionBasis.Header)]
    [InlineData("postcode_district", QuasiIdentifierKind.PostcodeDistrict, DetectionBasis.Header)]
    public void Headers_name_quasi_identifiers(string header, QuasiIdentifierKind kind, DetectionBasis basis)
    {
        var recognised = HeaderNames.Recognise(header);
        Assert.NotNull(recognised);
        Assert.Equal(kind, recognised.Value.Kind);
        Assert.Equal(basis, recognised.Value.Basis);
    }

    [Theory]
    [InlineData("bmi")]
    [InlineData("21001-0.0")]
    [InlineData("estimate")]
    [InlineData("sex_ratio_p")]
    [InlineData("123456789012345678901234567890-0.0")]
    [InlineData("p99999999999999999999")]
    public void Other_headers_do_not(string header) => Assert.Null(HeaderNames.Recognise(header));

    [Fact]
    public void The_imaging_visits_centre_is_a_quasi_identifier_the_index_does_not_count()
    {
        var rows = Rows(20, i => (11025 + i % 2).ToString());
        var qi = Assert.Single(QuasiIdentifierDetector.Detect(["54-2.0"], rows));
        Assert.Equal(QuasiIdentifierKind.AssessmentCentre, qi.Kind);
        Assert.Null(qi.IndexField);
        Assert.Equal(3, Assert.Single(QuasiIdentifierDetector.Detect(["54-0.0"], Rows(20, i => "11001"))).IndexField);
    }

    [Fact]
    public void Values_identify_columns_under_generic_headers()
    {
        var rows = Rows(200,
            i => (i % 2).ToString(),                                   // sex 0/1
            i => (1940 + i % 30).ToString(),                           // year of birth
            i => (1 + i % 12).ToString(),                              // month
            i => (11001 + i % 14).ToString(),                          // centre codes
            i => i % 10 == 0 ? "3001" : "1001",                        // ethnicity
            i => $"2008-{1 + i % 12:00}-{1 + i % 28:00}",              // assessment date
            i => (-5.2 + i * 0.0731).ToString("F5", System.Globalization.CultureInfo.InvariantCulture), // Townsend
            i => $"OX{1 + i % 20}",                                    // postcode district
            i => (i * 3.7).ToString(System.Globalization.CultureInfo.InvariantCulture));          // something else
        var found = QuasiIdentifierDetector.Detect(["V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9"], rows);
        Assert.Equal([QuasiIdentifierKind.Sex, QuasiIdentifierKind.YearOfBirth, QuasiIdentifierKind.MonthOfBirth, QuasiIdentifierKind.AssessmentCentre,
            QuasiIdentifierKind.Ethnicity, QuasiIdentifierKind.AssessmentDate, QuasiIdentifierKind.Deprivation, QuasiIdentifierKind.PostcodeDistrict],
            found.Select(f => f.Kind));
        Assert.All(found, f => Assert.Equal(DetectionBasis.ValueDomain, f.Basis));
        Assert.Equal(5, found.Count(QuasiIdentifierDetector.IsStrong)); // year, centre, ethnicity, date, postcode are distinctive
    }

    [Fact]
    public void Values_do_not_name_columns_whose_header_says_what_they_are()
    {
        // A replicate number 1..12 or a 0/1 flag under a real name is that, not a month or a sex.
        var rows = Rows(50, i => (1 + i % 12).ToString(), i => (i % 2).ToString());
        Assert.Empty(QuasiIdentifierDetector.Detect(["replicate", "significant"], rows));
    }

    [Fact]
    public void A_header_over_values_that_cannot_be_the_attribute_is_not_a_quasi_identifier()
    {
        // A crosstab's `Female` and `Male` columns hold counts; a correlation matrix's `age` column holds correlations.
        var counts = Rows(6, i => $"{40 + 5 * i}-{44 + 5 * i}", i => (1200 + 37 * i).ToString(), i => (1100 + 41 * i).ToString());
        Assert.Single(QuasiIdentifierDetector.Detect(["age_band", "Female", "Male"], counts));
        var correlations = Rows(5, i => $"v{i}", i => (0.1 * i - 0.2).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(QuasiIdentifierDetector.Detect(["variable", "age"], correlations));
    }

    [Theory]
    [InlineData("Male", 1)]
    [InlineData("f", 0)]
    [InlineData("0", 0)]
    public void Sex_values_map_onto_coding_9(string cell, int code) => Assert.Equal(code, UkbQuasiIdentifierCodings.Code(QuasiIdentifierKind.Sex, cell));

    [Fact]
    public void Centre_and_ethnicity_names_map_onto_their_codings()
    {
        Assert.Equal(11001, UkbQuasiIdentifierCodings.Code(QuasiIdentifierKind.AssessmentCentre, "Manchester"));
        Assert.Equal(11009, UkbQuasiIdentifierCodings.Code(QuasiIdentifierKind.AssessmentCentre, "11009"));
        Assert.Null(UkbQuasiIdentifierCodings.Code(QuasiIdentifierKind.AssessmentCentre, "12345"));
        Assert.Equal(3002, UkbQuasiIdentifierCodings.Code(QuasiIdentifierKind.Ethnicity, "Pakistani"));
        Assert.Equal(5, UkbQuasiIdentifierCodings.Code(QuasiIdentifierKind.MonthOfBirth, "May"));
        Assert.Equal(9, UkbQuasiIdentifierCodings.Code(QuasiIdentifierKind.MonthOfBirth, "Sep"));
    }

    [Theory]
    [InlineData("n", true)]
    [InlineData("Mean", true)]
    [InlineData("p_value", true)]
    [InlineData("N (%)", true)]
    [InlineData("lower 95% CI", true)]
    [InlineData("nCases", true)]
    [InlineData("bmi_category", false)]
    [InlineData("score", false)]
    [InlineData("sex", false)]
    public void Statistic_headers_are_recognised(string header, bool statistic) => Assert.Equal(statistic, HeaderNames.NamesStatistic(header));
}
