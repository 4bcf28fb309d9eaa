namespace Egress.Checks.Risk;

/// <summary>What a quasi-identifier column describes: attributes an intruder can know about a person.</summary>
public enum QuasiIdentifierKind
{
    Sex,
    YearOfBirth,
    MonthOfBirth,
    DateOfBirth,
    Age,
    AssessmentCentre,
    AssessmentDate,
    Ethnicity,
    Deprivation,
    PostcodeDistrict,
}

/// <summary>How a column was recognised as a quasi-identifier.</summary>
public enum DetectionBasis
{
    /// <summary>A UK Biobank field id in the header (`31-0.0`, `p34`, `f.54.0.0`).</summary>
    FieldId,
    /// <summary>A descriptive header (`sex`, `year_of_birth`, `centre`).</summary>
    Header,
    /// <summary>The values alone (the header says nothing): codes, plausible years, months, dates.</summary>
    ValueDomain,
}

/// <summary>A quasi-identifier column; <see cref="IndexField"/> is its position among the index's QI fields, if it maps onto one.</summary>
public sealed record QuasiIdentifierColumn(int Column, string Name, QuasiIdentifierKind Kind, DetectionBasis Basis)
{
    /// <summary>The visit a field id names (`54-2.0` is the imaging visit's centre); 0 when not given.</summary>
    public int Instance { get; init; }

    /// <summary>
    /// Position in <see cref="Egress.Index.QuasiIdentifierKeys.Fields"/> (sex, year, month of birth, centre, ethnicity),
    /// or null: the index counts the baseline visit's values only.
    /// </summary>
    public int? IndexField => Instance != 0 ? null : Kind switch
    {
        QuasiIdentifierKind.Sex => 0,
        QuasiIdentifierKind.YearOfBirth => 1,
        QuasiIdentifierKind.MonthOfBirth => 2,
        QuasiIdentifierKind.AssessmentCentre => 3,
        QuasiIdentifierKind.Ethnicity => 4,
        _ => null,
    };

    /// <summary>Plain words for reports: "year of birth".</summary>
    public string Describe() => Kind switch
    {
        QuasiIdentifierKind.Sex => "sex",
        QuasiIdentifierKind.YearOfBirth => "year of birth",
        QuasiIdentifierKind.MonthOfBirth => "month of birth",
        QuasiIdentifierKind.DateOfBirth => "date of birth",
        QuasiIdentifierKind.Age => "age",
        QuasiIdentifierKind.AssessmentCentre => "assessment centre",
        QuasiIdentifierKind.AssessmentDate => "date of assessment",
        QuasiIdentifierKind.Ethnicity => "ethnicity",
        QuasiIdentifierKind.Deprivation => "deprivation score",
        _ => "postcode district",
    };
}
