using System.Globalization;

namespace Egress.Checks.Risk;

/// <summary>
/// The UK Biobank codings of the index's quasi-identifiers (showcase codings 9, 10 and 1001), so a column
/// can be recognised by its values and its cells turned into the codes the index counted.
/// </summary>
public static class UkbQuasiIdentifierCodings
{
    /// <summary>Coding 10: assessment centres.</summary>
    public static readonly IReadOnlyDictionary<int, string> Centres = new Dictionary<int, string>
    {
        [10003] = "Stockport (pilot)", [11001] = "Manchester", [11002] = "Oxford", [11003] = "Cardiff", [11004] = "Glasgow",
        [11005] = "Edinburgh", [11006] = "Stoke", [11007] = "Reading", [11008] = "Bury", [11009] = "Newcastle", [11010] = "Leeds",
        [11011] = "Bristol", [11012] = "Barts", [11013] = "Nottingham", [11014] = "Sheffield", [11016] = "Liverpool",
        [11017] = "Middlesborough", [11018] = "Hounslow", [11020] = "Croydon", [11021] = "Birmingham", [11022] = "Swansea",
        [11023] = "Wrexham", [11024] = "Cheadle (revisit)", [11025] = "Cheadle (imaging)", [11026] = "Reading (imaging)",
        [11027] = "Newcastle (imaging)", [11028] = "Bristol (imaging)",
    };

    /// <summary>Coding 1001: ethnic background.</summary>
    public static readonly IReadOnlyDictionary<int, string> Ethnicities = new Dictionary<int, string>
    {
        [-3] = "Prefer not to answer", [-1] = "Do not know", [1] = "White", [2] = "Mixed", [3] = "Asian or Asian British",
        [4] = "Black or Black British", [5] = "Chinese", [6] = "Other ethnic group", [1001] = "British", [1002] = "Irish",
        [1003] = "Any other white background", [2001] = "White and Black Caribbean", [2002] = "White and Black African",
        [2003] = "White and Asian", [2004] = "Any other mixed background", [3001] = "Indian", [3002] = "Pakistani",
        [3003] = "Bangladeshi", [3004] = "Any other Asian background", [4001] = "Caribbean", [4002] = "African",
        [4003] = "Any other Black background",
    };

    private static readonly Dictionary<string, int> CentreNames = Centres.ToDictionary(c => Fold(c.Value), c => c.Key);
    private static readonly Dictionary<string, int> EthnicityNames = Ethnicities.ToDictionary(e => Fold(e.Value), e => e.Key);

    private static readonly string[] MonthNames =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    /// <summary>The UK Biobank code of a cell for a quasi-identifier the index counts, or null when it does not map.</summary>
    public static int? Code(QuasiIdentifierKind kind, string cell)
    {
        var text = cell.Trim();
        var isInteger = TryInteger(text, out var number);
        switch (kind)
        {
            case QuasiIdentifierKind.Sex:
                if (isInteger) return number is 0 or 1 ? number : null;
                return Fold(text) switch
                {
                    "f" or "female" or "woman" or "women" => 0,
                    "m" or "male" or "man" or "men" => 1,
                    _ => null,
                };
            case QuasiIdentifierKind.YearOfBirth:
                return isInteger && number is >= 1890 and <= 2030 ? number : null;
            case QuasiIdentifierKind.MonthOfBirth:
                if (isInteger) return number is >= 1 and <= 12 ? number : null;
                var folded = Fold(text);
                for (var m = 0; m < 12; m++)
                    if (folded.Length >= 3 && MonthNames[m].StartsWith(folded, StringComparison.Ordinal)) return m + 1;
                return null;
            case QuasiIdentifierKind.AssessmentCentre:
                if (isInteger) return Centres.ContainsKey(number) ? number : null;
                return CentreNames.TryGetValue(Fold(text), out var centre) ? centre : null;
            case QuasiIdentifierKind.Ethnicity:
                if (isInteger) return Ethnicities.ContainsKey(number) ? number : null;
                return EthnicityNames.TryGetValue(Fold(text), out var ethnicity) ? ethnicity : null;
            default:
                return null;
        }
    }

    /// <summary>An integer written plainly or with a zero fraction (`1950`, `1950.0`).</summary>
    public static bool TryInteger(string text, out int value)
    {
        value = 0;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || d != Math.Floor(d) || Math.Abs(d) > 1e9) return false;
        value = (int)d;
        return true;
    }

    private static string Fold(string s) => new(s.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
