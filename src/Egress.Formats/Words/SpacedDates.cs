namespace Egress.Formats.Words;

/// <summary>
/// Dates whose parts the tokenizer splits, rewritten as ISO in a line of text: "14 Nov 2006", "14th of November 2006",
/// "Nov 14, 2006", "November 14 2006" → 2006-11-14. The parts are tokens between spaces and commas; quotes and brackets
/// around them stay where they are.
/// </summary>
public static class SpacedDates
{
    private readonly record struct Token(int Start, int End);

    public static string Rewrite(string line, out int dates)
    {
        dates = 0;
        var tokens = Tokens(line);
        System.Text.StringBuilder? output = null;
        var copied = 0;
        for (var k = 0; k < tokens.Count; k++)
        {
            var month = Month(line, tokens[k]);
            if (month == 0) continue;
            int first, last, day, year;
            // Day (of) Month Year
            var d = k - 1;
            if (d >= 1 && Word(line, tokens[d]) is "of") d--;
            if (d >= 0 && k + 1 < tokens.Count && Day(line, tokens[d]) is > 0 and var dd && Year(line, tokens[k + 1]) is > 0 and var yy)
            {
                first = d; last = k + 1; day = dd; year = yy;
            }
            // Month Day(,) Year
            else if (k + 2 < tokens.Count && Day(line, tokens[k + 1]) is > 0 and var d2 && Year(line, tokens[k + 2]) is > 0 and var y2)
            {
                first = k; last = k + 2; day = d2; year = y2;
            }
            else continue;
            if (day > DateTime.DaysInMonth(year, month) || tokens[first].Start < copied) continue;
            output ??= new System.Text.StringBuilder(line.Length);
            var (from, _) = Inner(line, tokens[first]);
            var (_, to) = Inner(line, tokens[last]);
            output.Append(line, copied, from - copied).Append($"{year:D4}-{month:D2}-{day:D2}");
            copied = to;
            dates++;
            k = last;
        }
        if (output is null) return line;
        output.Append(line, copied, line.Length - copied);
        return output.ToString();
    }

    private static List<Token> Tokens(string line)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && IsBreak(line[i])) i++;
            var start = i;
            while (i < line.Length && !IsBreak(line[i])) i++;
            if (i > start) tokens.Add(new Token(start, i));
        }
        return tokens;
    }

    private static bool IsBreak(char c) => c is ' ' or '\t' or ',' or ';' or '\r';

    /// <summary>The token without quotes, brackets and a sentence's punctuation around it.</summary>
    private static (int Start, int End) Inner(string line, Token t)
    {
        int s = t.Start, e = t.End;
        while (s < e && line[s] is '"' or '\'' or '(' or '[') s++;
        while (e > s && line[e - 1] is '"' or '\'' or ')' or ']' or '.' or ':' or '!' or '?') e--;
        return (s, e);
    }

    private static ReadOnlySpan<char> Word(string line, Token t)
    {
        var (s, e) = Inner(line, t);
        return line.AsSpan(s, e - s);
    }

    private static int Month(string line, Token t)
    {
        var w = Word(line, t);
        if (w.Length is < 3 or > 9) return 0;
        Span<byte> ascii = stackalloc byte[9];
        for (var i = 0; i < w.Length; i++)
        {
            if (w[i] > 0x7F) return 0;
            ascii[i] = (byte)w[i];
        }
        return DateCanonicalizer.MonthNumber(ascii[..w.Length]);
    }

    /// <summary>1–31, written as digits with or without an ordinal suffix (14, 14th, 1st).</summary>
    private static int Day(string line, Token t)
    {
        var w = Word(line, t);
        if (w.Length >= 3 && char.IsAsciiLetter(w[^1]) && char.IsAsciiLetter(w[^2])
            && w[^2..].ToString().ToLowerInvariant() is "st" or "nd" or "rd" or "th") w = w[..^2];
        if (w.Length is < 1 or > 2 || !char.IsAsciiDigit(w[0]) || !char.IsAsciiDigit(w[^1])) return 0;
        var v = int.Parse(w, System.Globalization.CultureInfo.InvariantCulture);
        return v is >= 1 and <= 31 ? v : 0;
    }

    private static int Year(string line, Token t)
    {
        var w = Word(line, t);
        if (w.Length != 4 || w.ContainsAnyExceptInRange('0', '9')) return 0;
        var v = int.Parse(w, System.Globalization.CultureInfo.InvariantCulture);
        return v >= 1000 ? v : 0;
    }
}
