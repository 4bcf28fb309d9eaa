namespace Egress.Cohort.Simulation;

/// <summary>Broad genetic ancestry, used to shape principal components and a few ancestry-linked traits.</summary>
public enum Ancestry { European, African, SouthAsian, EastAsian, Mixed }

/// <summary>A recruitment centre (coding 10) with its approximate share of the cohort and opening window.</summary>
public sealed record AssessmentCentre(int Code, string Name, double Weight, DateOnly Opened, DateOnly Closed,
    double TownsendShift, bool Diverse);

/// <summary>
/// UK Biobank codings with frequencies close to the real cohort (coding 10 centres, coding 1001 ethnic
/// background). Frequencies are approximate public aggregates; centre windows are plausible, not exact.
/// </summary>
public static class UkbCodings
{
    public static readonly DateOnly FirstVisit = new(2006, 3, 13);
    public static readonly DateOnly LastVisit = new(2010, 10, 1);
    public static readonly DateOnly FirstImaging = new(2014, 5, 2);
    public static readonly DateOnly LastImaging = new(2020, 3, 13);
    public const int FirstBirthYear = 1937;
    public const int LastBirthYear = 1970;

    /// <summary>Recruitment centres; the revisit/imaging centres 11024–11027 recruited nobody at baseline.</summary>
    public static readonly IReadOnlyList<AssessmentCentre> Centres =
    [
        new(10003, "Stockport (pilot)", 3.8, FirstVisit, new(2006, 7, 28), 0.3, false),
        new(11001, "Manchester", 28.5, new(2007, 1, 8), new(2008, 9, 26), 1.2, false),
        new(11002, "Oxford", 24.0, new(2006, 6, 12), new(2008, 6, 27), -0.9, false),
        new(11003, "Cardiff", 23.0, new(2008, 3, 3), new(2009, 9, 25), 0.5, false),
        new(11004, "Glasgow", 21.0, new(2008, 4, 7), new(2009, 12, 18), 1.8, false),
        new(11005, "Edinburgh", 17.5, new(2008, 10, 6), new(2010, 6, 25), -0.3, false),
        new(11006, "Stoke", 22.0, new(2007, 4, 2), new(2008, 11, 28), 0.6, false),
        new(11007, "Reading", 29.5, new(2007, 6, 4), new(2009, 2, 27), -1.1, false),
        new(11008, "Bury", 32.0, new(2007, 4, 16), new(2009, 8, 28), 0.3, false),
        new(11009, "Newcastle", 38.0, new(2007, 2, 12), new(2009, 10, 30), 0.8, false),
        new(11010, "Leeds", 45.5, new(2007, 10, 1), new(2010, 4, 30), 0.4, false),
        new(11011, "Bristol", 40.0, new(2007, 10, 15), new(2010, 4, 30), -0.4, false),
        new(11012, "Barts", 19.0, new(2008, 9, 1), new(2010, 7, 30), 3.0, true),
        new(11013, "Nottingham", 34.0, new(2007, 8, 6), new(2009, 11, 27), 0.2, false),
        new(11014, "Sheffield", 32.0, new(2008, 2, 4), new(2010, 3, 26), 0.6, false),
        new(11016, "Liverpool", 35.0, new(2007, 6, 18), new(2009, 7, 31), 1.4, false),
        new(11017, "Middlesborough", 19.0, new(2008, 7, 7), new(2010, 6, 25), 1.2, false),
        new(11018, "Hounslow", 28.0, new(2008, 1, 14), new(2010, 3, 26), 1.0, true),
        new(11020, "Croydon", 26.0, new(2008, 5, 12), new(2010, 6, 25), 0.8, true),
        new(11021, "Birmingham", 31.0, new(2009, 1, 12), LastVisit, 1.3, true),
        new(11022, "Swansea", 3.0, new(2010, 3, 1), LastVisit, 0.4, false),
        new(11023, "Wrexham", 1.2, new(2010, 5, 4), LastVisit, 0.0, false),
    ];

    public static readonly WeightedChoice<AssessmentCentre> CentreChoice = new(Centres.Select(c => (c, c.Weight)));

    // Coding 1001, percent. London/Birmingham centres are far more diverse; overall British ≈ 88 %.
    private static readonly (int Code, double Typical, double Diverse)[] ethnicities =
    [
        (1001, 92.0, 68.0), (1002, 2.7, 3.0), (1003, 2.9, 5.5),
        (2001, 0.10, 0.40), (2002, 0.05, 0.25), (2003, 0.15, 0.40), (2004, 0.15, 0.50),
        (3001, 0.60, 4.50), (3002, 0.25, 1.50), (3003, 0.02, 0.20), (3004, 0.20, 1.50),
        (4001, 0.30, 4.50), (4002, 0.20, 3.20), (4003, 0.01, 0.10),
        (5, 0.25, 0.80), (6, 0.60, 3.20),
        (1, 0.11, 0.10), (2, 0.01, 0.01), (3, 0.01, 0.02), (4, 0.005, 0.02),
        (-1, 0.04, 0.05), (-3, 0.30, 0.50),
    ];

    public static readonly WeightedChoice<int> EthnicityTypical = new(ethnicities.Select(e => (e.Code, e.Typical)));
    public static readonly WeightedChoice<int> EthnicityDiverse = new(ethnicities.Select(e => (e.Code, e.Diverse)));

    public static Ancestry AncestryOf(int ethnicBackground) => ethnicBackground switch
    {
        1 or 1001 or 1002 or 1003 => Ancestry.European,
        4 or 4001 or 4002 or 4003 => Ancestry.African,
        3 or 3001 or 3002 or 3003 or 3004 => Ancestry.SouthAsian,
        5 => Ancestry.EastAsian,
        _ => Ancestry.Mixed,
    };
}
