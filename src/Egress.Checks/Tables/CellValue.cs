using System.Globalization;
using System.Text.RegularExpressions;

namespace Egress.Checks.Tables;

public enum CellKind
{
    Empty,
    Number,
    /// <summary>A value the researcher withheld: "&lt;10", "[REDACTED]", "*", "~", "-", "[low]", "suppressed".</summary>
    Suppressed,
    /// <summary>NA, NaN, N/A, ".": no value.</summary>
    Missing,
    Text,
}

/// <summary>
/// What a cell holds, read the way tables are written: plain and scientific numbers, thousands
/// separators (1,234), decimal commas (3,21), percent signs, a leading number followed by more in
/// brackets ("45 (12.3%)", "5.2 (1.1)", "1.23 (1.01, 1.45)": the first is the cell's number),
/// significance stars ("1.05***": an estimate), suppression markers and missing values.
/// </summary>
public readonly partial record struct CellValue(CellKind Kind, double Number, bool IsWhole, int Decimals, bool Composite)
{
    public static readonly CellValue Empty = new(CellKind.Empty, 0, false, 0, false);

    public bool IsNumber => Kind == CellKind.Number;

    /// <summary>A whole number written without decimals (a count as software prints it; "12.0" as pandas writes floats counts too).</summary>
    public bool IsCountLike => Kind == CellKind.Number && IsWhole && Number >= 0;

    private static readonly Regex SuppressionPattern = SuppressionPatternPattern();
    [GeneratedRegex(
        @"^(?:[<≤＜]\s*=?\s*\d+(?:\.\d+)?|n\s*[<≤]\s*\d+|\[?\s*(?:redacted|suppressed|masked|low|small|withheld|hidden)\s*\]?|\*+|~|[-–—]+|c|x|\.\.)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SuppressionPatternPattern();

    private static readonly Regex MissingPattern = MissingPatternPattern();
    [GeneratedRegex(@"^(?:na|n/a|nan|null|none|\.|na%|-nan|inf|-inf)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MissingPatternPattern();

    private static readonly Regex ThousandsPattern = ThousandsPatternPattern();
    [GeneratedRegex(@"^[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ThousandsPatternPattern();
    private static readonly Regex DecimalCommaPattern = DecimalCommaPatternPattern();
    [GeneratedRegex(@"^[+-]?\d+,\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalCommaPatternPattern();

    public static CellValue Parse(string? text)
    {
        if (text is null) return Empty;
        if (PlainNumber(text) is { } plain) return plain;
        var s = text.Trim().Trim('"').Trim();
        if (s.Length == 0) return Empty;
        if (SuppressionPattern.IsMatch(s)) return new CellValue(CellKind.Suppressed, 0, false, 0, false);
        if (MissingPattern.IsMatch(s)) return new CellValue(CellKind.Missing, 0, false, 0, false);
        if (TryNumber(s, out var value) || TryStarred(s, out value)) return value;
        // "45 (12.3%)", "5.2 [4.1, 6.3]", "1.23 (1.01-1.45)": the leading number is the cell's value.
        var cut = s.IndexOfAny(['(', '[']);
        if (cut > 0)
        {
            var lead = s[..cut].Trim();
            if (SuppressionPattern.IsMatch(lead)) return new CellValue(CellKind.Suppressed, 0, false, 0, true);
            if (MissingPattern.IsMatch(lead)) return new CellValue(CellKind.Missing, 0, false, 0, true);
            if (TryNumber(lead, out var leading) || TryStarred(lead, out leading)) return leading with { Composite = true };
        }
        return new CellValue(CellKind.Text, 0, false, 0, false);
    }

    /// <summary>The common case, read without a regular expression: digits with at most a sign and one decimal point.</summary>
    private static CellValue? PlainNumber(string s)
    {
        if (s.Length == 0 || s.Length > 24) return null;
        var dot = -1;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsAsciiDigit(c)) continue;
            if (c == '.' && dot < 0) { dot = i; continue; }
            if (c == '-' && i == 0 && s.Length > 1) continue;
            return null;
        }
        if (dot == s.Length - 1 || dot == 0 && s.Length == 1) return null;
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return null;
        var decimals = dot < 0 ? 0 : s.Length - dot - 1;
        var whole = dot < 0 ? Math.Abs(number) < 1e15 : number == Math.Floor(number) && s.AsSpan(dot + 1).IndexOfAnyExcept('0') < 0;
        return new CellValue(CellKind.Number, number, whole, decimals, false);
    }

    /// <summary>An estimate with significance stars ("1.05***", "0.97**", estout and Stata): the number, marked as a statistic's (never whole).</summary>
    private static bool TryStarred(string s, out CellValue value)
    {
        value = default;
        var end = s.Length;
        while (end > 0 && s[end - 1] == '*') end--;
        if (end == s.Length || s.Length - end > 3 || end == 0) return false;
        if (!TryNumber(s[..end].TrimEnd(), out value)) return false;
        // Stars mark a test's result: the cell is an estimate, not a count, whatever its digits.
        value = value with { IsWhole = false };
        return true;
    }

    private static bool TryNumber(string s, out CellValue value)
    {
        value = default;
        if (s.EndsWith('%')) s = s[..^1].TrimEnd();
        if (s.Length == 0 || s.Length > 40) return false;
        var first = s[0];
        if (!(char.IsAsciiDigit(first) || first is '-' or '+' or '.' or '−')) return false;
        s = s.Replace('−', '-');
        if (ThousandsPattern.IsMatch(s)) s = s.Replace(",", "");
        else if (DecimalCommaPattern.IsMatch(s)) s = s.Replace(',', '.');
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number)) return false;
        var hasExponent = s.Contains('e', StringComparison.OrdinalIgnoreCase);
        var dot = s.IndexOf('.');
        var decimals = dot < 0 || hasExponent ? 0 : s.Length - dot - 1;
        // "1993362.0" is how pandas writes a count held as a float: whole, though written with a decimal.
        var whole = number == Math.Floor(number) && Math.Abs(number) < 1e15 && (dot < 0 || s[(dot + 1)..].All(c => c == '0')) && !hasExponent;
        value = new CellValue(CellKind.Number, number, whole, decimals, false);
        return true;
    }
}
