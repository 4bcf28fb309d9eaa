using System.Text;

namespace Egress.Formats.Documents;

/// <summary>
/// Rewrites code or markup values (a script, SVG path data, a style) so the text scanner sees their
/// values as separate tokens: the punctuation that glues values together in code becomes spaces, each
/// object or array ends a line (so a record inlined as `{"age":57,…}` is a line of its own), and very
/// long lines are broken, so no layout sniffer mistakes `[57.2,61.0]` for a CSV cell.
/// </summary>
internal static class TokenText
{
    private const int MaxLineChars = 4096;

    public static void AppendTo(TextCollector sink, ReadOnlySpan<char> code)
    {
        var line = new StringBuilder();
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            // Line ends, and the ends of objects and arrays (a record in code), end a line: one record per line.
            if (c is '\n' or '}' or ']')
            {
                Flush(sink, line);
                continue;
            }
            // A colon joins a key to its value ("age":57) unless it is inside a time of day (12:30).
            var glue = IsGlue(c) || c == ':' && !(i > 0 && char.IsAsciiDigit(code[i - 1]) && i + 1 < code.Length && char.IsAsciiDigit(code[i + 1]));
            line.Append(glue ? ' ' : c);
            if (line.Length >= MaxLineChars && c is ' ' or ',' or ';') Flush(sink, line);
        }
        Flush(sink, line);
    }

    private static void Flush(TextCollector sink, StringBuilder line)
    {
        var text = line.ToString().Trim();
        line.Clear();
        if (text.Length > 0) sink.Line(text);
    }

    /// <summary>Characters that join values in code: brackets, separators, quotes, operators (not '.', '-', '+', '/' that numbers and dates use).</summary>
    private static bool IsGlue(char c) => c is '[' or ']' or '{' or '}' or '(' or ')' or ',' or ';' or '=' or '<' or '>' or '"' or '\'' or '`'
        or '|' or '\t' or '\r' or '\\' or '*' or '&' or '!' or '?' or '~' or '^' or '%' or '#' or '@' or '$';

    /// <summary>
    /// The numbers in SVG path data or a points list, one token each: "M10.5,20L30-4.5e1" gives
    /// "10.5 20 30 -4.5e1" (a command letter, comma, sign or second decimal point starts a new number).
    /// </summary>
    public static string NumbersOf(ReadOnlySpan<char> data)
    {
        var result = new StringBuilder(data.Length);
        var i = 0;
        while (i < data.Length)
        {
            var start = i;
            if (data[i] is '+' or '-') i++;
            var digits = 0;
            while (i < data.Length && char.IsAsciiDigit(data[i])) { i++; digits++; }
            if (i < data.Length && data[i] == '.')
            {
                i++;
                while (i < data.Length && char.IsAsciiDigit(data[i])) { i++; digits++; }
            }
            if (digits == 0)
            {
                i = start + 1;
                continue;
            }
            if (i + 1 < data.Length && data[i] is 'e' or 'E')
            {
                var j = i + 1;
                if (j < data.Length && data[j] is '+' or '-') j++;
                var expStart = j;
                while (j < data.Length && char.IsAsciiDigit(data[j])) j++;
                if (j > expStart) i = j;
            }
            if (result.Length > 0) result.Append(' ');
            result.Append(data[start..i]);
        }
        return result.ToString();
    }
}
