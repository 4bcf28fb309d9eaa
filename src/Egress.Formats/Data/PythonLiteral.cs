using System.Globalization;
using System.Text;

namespace Egress.Formats.Data;

/// <summary>
/// The few Python literals a .npy header holds (a dict of strings, booleans, integers, tuples and
/// lists): dicts become dictionaries, tuples and lists become lists. Nesting is bounded; anything
/// else is damage.
/// </summary>
public static class PythonLiteral
{
    private const int MaxNesting = 32;

    public static object? Parse(string text)
    {
        var at = 0;
        var value = Value(text, ref at, 0);
        SkipSpace(text, ref at);
        if (at != text.Length) throw new InvalidDataException($"unexpected text after the header literal at {at}");
        return value;
    }

    private static object? Value(string s, ref int at, int depth)
    {
        if (depth > MaxNesting) throw new InvalidDataException("header literal nested too deep");
        SkipSpace(s, ref at);
        if (at >= s.Length) throw new InvalidDataException("header literal ends early");
        var c = s[at];
        switch (c)
        {
            case '{':
            {
                at++;
                var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
                while (true)
                {
                    SkipSpace(s, ref at);
                    if (Take(s, ref at, '}')) return dict;
                    if (Value(s, ref at, depth + 1) is not string key) throw new InvalidDataException("a header key is not a string");
                    SkipSpace(s, ref at);
                    if (!Take(s, ref at, ':')) throw new InvalidDataException("':' expected in the header");
                    dict[key] = Value(s, ref at, depth + 1);
                    SkipSpace(s, ref at);
                    if (Take(s, ref at, '}')) return dict;
                    if (!Take(s, ref at, ',')) throw new InvalidDataException("',' expected in the header");
                }
            }
            case '(' or '[':
            {
                var close = c == '(' ? ')' : ']';
                at++;
                var list = new List<object?>();
                while (true)
                {
                    SkipSpace(s, ref at);
                    if (Take(s, ref at, close)) return list;
                    list.Add(Value(s, ref at, depth + 1));
                    SkipSpace(s, ref at);
                    if (Take(s, ref at, close)) return list;
                    if (!Take(s, ref at, ',')) throw new InvalidDataException("',' expected in a header tuple or list");
                }
            }
            case '\'' or '"':
                return Str(s, ref at);
            default:
                if (c == '-' || char.IsAsciiDigit(c)) return Number(s, ref at);
                if (Word(s, ref at, "True")) return true;
                if (Word(s, ref at, "False")) return false;
                if (Word(s, ref at, "None")) return null;
                // Python 2 headers may mark integers as long (e.g. "3L").
                throw new InvalidDataException($"unexpected '{c}' in the header literal");
        }
    }

    private static string Str(string s, ref int at)
    {
        var quote = s[at++];
        var text = new StringBuilder();
        while (true)
        {
            if (at >= s.Length) throw new InvalidDataException("a header string is not closed");
            var c = s[at++];
            if (c == quote) return text.ToString();
            if (c != '\\') { text.Append(c); continue; }
            if (at >= s.Length) throw new InvalidDataException("a header string is not closed");
            var e = s[at++];
            text.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0', _ => e });
        }
    }

    private static long Number(string s, ref int at)
    {
        var start = at;
        if (s[at] == '-') at++;
        while (at < s.Length && char.IsAsciiDigit(s[at])) at++;
        if (!long.TryParse(s.AsSpan(start, at - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            throw new InvalidDataException("a header number is out of range");
        if (at < s.Length && s[at] is 'L' or 'l') at++;
        return n;
    }

    private static bool Word(string s, ref int at, string word)
    {
        if (string.CompareOrdinal(s, at, word, 0, word.Length) != 0) return false;
        at += word.Length;
        return true;
    }

    private static bool Take(string s, ref int at, char c)
    {
        if (at < s.Length && s[at] == c)
        {
            at++;
            return true;
        }
        return false;
    }

    private static void SkipSpace(string s, ref int at)
    {
        while (at < s.Length && char.IsWhiteSpace(s[at])) at++;
    }
}
