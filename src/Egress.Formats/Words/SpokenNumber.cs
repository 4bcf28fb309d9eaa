using System.Text;

namespace Egress.Formats.Words;

/// <summary>
/// Reads a run of number words as the numbers it says: "one hundred and seventy-one point seven" = 171.7, "seventy one" =
/// 71, "two thousand and six" = 2006, "nineteen fifty-six" = 1956 (said as a year), "one two three four" = 1234 (said digit
/// by digit), "minus three point two" = -3.2, "twenty-first" = 21. A run that says two numbers one after the other
/// ("five thousand six thousand") gives both.
/// </summary>
public static class SpokenNumber
{
    /// <summary>One number read from the run, and how many of its words carry a value (one word alone is seldom a disguise).</summary>
    public readonly record struct Reading(string Digits, int ValueWords, bool HasPoint);

    public static List<Reading> Read(ReadOnlySpan<NumberWord> words)
    {
        var readings = new List<Reading>();
        var i = 0;
        while (i < words.Length)
        {
            var start = i;
            if (ReadOne(words, ref i) is { } reading) readings.Add(reading);
            if (i == start) i++; // a word no number starts with ("and", "point", "oh" first): skipped
        }
        return readings;
    }

    private static Reading? ReadOne(ReadOnlySpan<NumberWord> words, ref int i)
    {
        var negative = false;
        var at = i;
        if (words[at].Kind == NumberWordKind.Minus)
        {
            negative = true;
            at++;
        }
        var prefix = new StringBuilder();  // digits said before the current group ("nineteen" of "nineteen fifty-six")
        long total = 0, current = 0;
        var hasCurrent = false;
        var multiplied = false;
        var lastMultiplier = long.MaxValue;
        var valueWords = 0;
        var ended = false;
        while (at < words.Length && !ended)
        {
            var w = words[at];
            var kind = w.Kind;
            var value = w.Value;
            if (kind == NumberWordKind.Ordinal)
            {
                ended = true;
                kind = value switch { < 10 => NumberWordKind.Unit, < 20 => NumberWordKind.Teen, < 100 => NumberWordKind.Tens, _ => NumberWordKind.Multiplier };
            }
            if (kind == NumberWordKind.And)
            {
                // "and" joins number words inside one number only.
                if (valueWords > 0 && at + 1 < words.Length && words[at + 1].Kind is NumberWordKind.Unit or NumberWordKind.Teen or NumberWordKind.Tens or NumberWordKind.Ordinal)
                {
                    at++;
                    continue;
                }
                break;
            }
            if (kind == NumberWordKind.Oh)
            {
                if (valueWords == 0 || multiplied) break;
                kind = NumberWordKind.Unit;
                value = 0;
            }
            if (kind is NumberWordKind.Unit or NumberWordKind.Teen or NumberWordKind.Tens)
            {
                if (valueWords == 0 || !hasCurrent && total == 0 && value != 0 || hasCurrent && Fits(current, kind, value) && value != 0 || !hasCurrent && total > 0 && value != 0)
                {
                    current += value;
                    hasCurrent = true;
                }
                else if (!multiplied)
                {
                    // Said digit by digit, or as a year: the digits so far come first.
                    if (hasCurrent) prefix.Append(current);
                    if (value == 0)
                    {
                        prefix.Append('0');
                        current = 0;
                        hasCurrent = false;
                    }
                    else current = value;
                    hasCurrent = value != 0;
                }
                else break; // a second number begins (an ordinal that does not fit is read again as one)
                valueWords++;
                at++;
                continue;
            }
            if (kind == NumberWordKind.Multiplier)
            {
                if (prefix.Length > 0) break;
                if (value == 100)
                {
                    if (current >= 100 || lastMultiplier <= 100) break;
                    current = (hasCurrent && current > 0 ? current : 1) * 100;
                    hasCurrent = true;
                }
                else
                {
                    if (value >= lastMultiplier) break;
                    total += (hasCurrent && current > 0 ? current : 1) * value;
                    current = 0;
                    hasCurrent = false;
                    lastMultiplier = value;
                }
                multiplied = true;
                valueWords++;
                at++;
                continue;
            }
            break; // Point, Minus
        }
        if (valueWords == 0)
        {
            i = at;
            return null;
        }
        var digits = new StringBuilder();
        if (negative) digits.Append('-');
        digits.Append(prefix);
        if (hasCurrent || total > 0 || prefix.Length == 0) digits.Append(total + current);
        var hasPoint = false;
        if (!ended && at + 1 < words.Length && words[at].Kind == NumberWordKind.Point && IsFractionWord(words[at + 1]))
        {
            hasPoint = true;
            digits.Append('.');
            at++;
            while (at < words.Length && IsFractionWord(words[at]))
            {
                var w = words[at];
                if (w.Kind is NumberWordKind.Oh) digits.Append('0');
                else if (w.Kind == NumberWordKind.Tens && at + 1 < words.Length && words[at + 1].Kind == NumberWordKind.Unit && words[at + 1].Value > 0)
                {
                    digits.Append(w.Value + words[at + 1].Value); // "point seventy-five"
                    at++;
                }
                else digits.Append(w.Value);
                valueWords++;
                at++;
            }
        }
        i = at;
        return new Reading(digits.ToString(), valueWords, hasPoint);
    }

    private static bool IsFractionWord(NumberWord w) => w.Kind is NumberWordKind.Unit or NumberWordKind.Oh or NumberWordKind.Teen or NumberWordKind.Tens;

    /// <summary>Whether a word adds to the group said so far: a unit after a round ten or hundred, tens or teens after a round hundred.</summary>
    private static bool Fits(long current, NumberWordKind kind, long value)
    {
        var belowHundred = current % 100;
        return kind switch
        {
            NumberWordKind.Unit => belowHundred == 0 || belowHundred >= 20 && belowHundred % 10 == 0,
            _ => belowHundred == 0 && current > 0,
        } && (kind != NumberWordKind.Unit || value < 10);
    }
}
