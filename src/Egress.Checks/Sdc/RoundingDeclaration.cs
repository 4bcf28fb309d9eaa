using System.Text.RegularExpressions;

namespace Egress.Checks.Sdc;

/// <summary>
/// Rounding the researcher declared in words ("Patient counts rounded to the nearest 7", "rounded to
/// nearest five", "counts are rounded to base 10"). Only a declared base excuses a small count or a
/// zero: counts that merely happen to be multiples of 5 are not rounded. Decimals ("rounded to 2
/// decimal places") and dates ("rounded down to the first of the month") declare nothing about counts.
/// </summary>
public static partial class RoundingDeclaration
{
    [GeneratedRegex(@"\bround(?:ed|ing)?\b[^.;\n<>]{0,40}?\b(?:to|nearest|base|of)\s+(?:the\s+)?(?:nearest\s+)?(?:multiples?\s+of\s+)?(\d{1,4}|five|seven|ten|hundred)\b(?!\s*(?:decimal|dp\b|d\.p|sig|significant|places|digits|%|percent|s\.f|sf\b))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DeclarationPattern();

    /// <summary>The first declared base among <paramref name="allowed"/> in the text, or null.</summary>
    public static int? In(string text, IReadOnlyCollection<int> allowed)
    {
        // Cheap guard: most parts never say "round".
        if (text.IndexOf("round", StringComparison.OrdinalIgnoreCase) < 0) return null;
        foreach (Match m in DeclarationPattern().Matches(text))
        {
            var word = m.Groups[1].Value.ToLowerInvariant();
            int? value = word switch { "five" => 5, "seven" => 7, "ten" => 10, "hundred" => 100, _ => int.TryParse(word, out var v) ? v : null };
            if (value is { } b && allowed.Contains(b)) return b;
        }
        return null;
    }
}
