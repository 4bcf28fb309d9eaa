namespace Egress.Cohort.Outputs;

/// <summary>Labels of the UK Biobank codings the outputs print (from the public showcase, /work/shared/ukb).</summary>
internal static class UkbCodings
{
    public static readonly IReadOnlyDictionary<int, string> Centres = new Dictionary<int, string>
    {
        [10003] = "Stockport (pilot)", [11001] = "Manchester", [11002] = "Oxford", [11003] = "Cardiff",
        [11004] = "Glasgow", [11005] = "Edinburgh", [11006] = "Stoke", [11007] = "Reading", [11008] = "Bury",
        [11009] = "Newcastle", [11010] = "Leeds", [11011] = "Bristol", [11012] = "Barts", [11013] = "Nottingham",
        [11014] = "Sheffield", [11016] = "Liverpool", [11017] = "Middlesborough", [11018] = "Hounslow",
        [11020] = "Croydon", [11021] = "Birmingham", [11022] = "Swansea", [11023] = "Wrexham",
        [11024] = "Cheadle (revisit)", [11025] = "Cheadle (imaging)", [11026] = "Reading (imaging)", [11027] = "Newcastle (imaging)",
    };

    public static readonly IReadOnlyDictionary<int, string> Ethnicity = new Dictionary<int, string>
    {
        [1] = "White", [2] = "Mixed", [3] = "Asian or Asian British", [4] = "Black or Black British", [5] = "Chinese",
        [6] = "Other ethnic group", [1001] = "British", [1002] = "Irish", [1003] = "Any other white background",
        [2001] = "White and Black Caribbean", [2002] = "White and Black African", [2003] = "White and Asian",
        [2004] = "Any other mixed background", [3001] = "Indian", [3002] = "Pakistani", [3003] = "Bangladeshi",
        [3004] = "Any other Asian background", [4001] = "Caribbean", [4002] = "African", [4003] = "Any other Black background",
    };

    /// <summary>ICD-10 chapters: (number, first code, last code, title).</summary>
    public static readonly (string Number, string First, string Last, string Title)[] Icd10Chapters =
    [
        ("I", "A00", "B99", "Certain infectious and parasitic diseases"),
        ("II", "C00", "D48", "Neoplasms"),
        ("III", "D50", "D89", "Diseases of the blood and immune mechanism"),
        ("IV", "E00", "E90", "Endocrine, nutritional and metabolic diseases"),
        ("V", "F00", "F99", "Mental and behavioural disorders"),
        ("VI", "G00", "G99", "Diseases of the nervous system"),
        ("VII", "H00", "H59", "Diseases of the eye and adnexa"),
        ("VIII", "H60", "H95", "Diseases of the ear and mastoid process"),
        ("IX", "I00", "I99", "Diseases of the circulatory system"),
        ("X", "J00", "J99", "Diseases of the respiratory system"),
        ("XI", "K00", "K93", "Diseases of the digestive system"),
        ("XII", "L00", "L99", "Diseases of the skin and subcutaneous tissue"),
        ("XIII", "M00", "M99", "Diseases of the musculoskeletal system"),
        ("XIV", "N00", "N99", "Diseases of the genitourinary system"),
        ("XV", "O00", "O99", "Pregnancy, childbirth and the puerperium"),
        ("XVI", "P00", "P96", "Certain conditions originating in the perinatal period"),
        ("XVII", "Q00", "Q99", "Congenital malformations"),
        ("XVIII", "R00", "R99", "Symptoms, signs and abnormal findings"),
        ("XIX", "S00", "T98", "Injury, poisoning and external causes"),
        ("XX", "V01", "Y98", "External causes of morbidity and mortality"),
        ("XXI", "Z00", "Z99", "Factors influencing health status"),
        ("XXII", "U00", "U99", "Codes for special purposes"),
    ];

    /// <summary>Index into <see cref="Icd10Chapters"/> of a code without the dot (e.g. K573), or -1.</summary>
    public static int ChapterOf(string code)
    {
        if (code.Length < 3 || !char.IsAsciiLetterUpper(code[0]) || !char.IsAsciiDigit(code[1]) || !char.IsAsciiDigit(code[2])) return -1;
        var key = code[..3];
        for (int i = 0; i < Icd10Chapters.Length; i++)
        {
            var c = Icd10Chapters[i];
            if (string.CompareOrdinal(key, c.First) >= 0 && string.CompareOrdinal(key, c.Last) <= 0) return i;
        }
        return -1;
    }
}
