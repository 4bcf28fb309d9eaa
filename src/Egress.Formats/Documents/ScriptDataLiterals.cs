using System.Text;
using System.Text.Json;

namespace Egress.Formats.Documents;

/// <summary>
/// Data written into a page's JavaScript as object and array literals: <c>var data = {...};</c>,
/// <c>Plotly.newPlot("plot", [{x: [...], y: [...]}], {...})</c>, <c>vegaEmbed("#vis", {...})</c>. Each literal that
/// starts an expression (after <c>=</c>, <c>(</c>, <c>,</c>, <c>:</c> or <c>return</c>) and is JSON once JavaScript's
/// freedoms are undone (bare and single-quoted keys, single-quoted strings, trailing commas, comments, NaN and
/// undefined) is handed on as a JSON document of its own, so its records and columns are read as tables, not as
/// loose text. Literals that hold code (functions, calls, variables) are not data and are left to the text scan.
/// </summary>
public static class ScriptDataLiterals
{
    public const int MaxLiterals = 64;
    /// <summary>Shorter literals (options, small configs) are left to the text scan.</summary>
    public const int MinLength = 32;

    public static IEnumerable<byte[]> Find(string script)
    {
        var found = 0;
        var i = 0;
        // Failed attempts rescan what follows: bounded, so a pathological script costs a few passes at most.
        var budget = 8L * script.Length + (1 << 20);
        while (i < script.Length && found < MaxLiterals && budget > 0)
        {
            var c = script[i];
            if (c is '"' or '\'' or '`') { i = SkipString(script, i); continue; }
            if (c == '/' && i + 1 < script.Length && script[i + 1] is '/' or '*') { i = SkipComment(script, i); continue; }
            if (c is '{' or '[' && StartsExpression(script, i) && Literal(script, i, ref budget) is { } literal)
            {
                var (json, end) = literal;
                if (end - i >= MinLength)
                {
                    found++;
                    yield return json;
                    i = end;
                    continue;
                }
            }
            i++;
        }
    }

    /// <summary>The character before (spaces skipped) says a value starts here, not a block of code.</summary>
    private static bool StartsExpression(string s, int at)
    {
        var j = at - 1;
        while (j >= 0 && char.IsWhiteSpace(s[j])) j--;
        if (j < 0) return true;
        if (s[j] is '=' or '(' or ',' or ':' or '[') return j == 0 || s[j] != '=' || s[j - 1] is not ('=' or '!' or '<' or '>');
        return j >= 5 && s.AsSpan(j - 5, 6).SequenceEqual("return");
    }

    /// <summary>The literal at <paramref name="start"/> rewritten as JSON, and where it ends; null when it is not plain data.</summary>
    private static (byte[] Json, int End)? Literal(string s, int start, ref long budget)
    {
        var json = new StringBuilder();
        var stack = new Stack<char>();
        var i = start;
        while (i < s.Length)
        {
            if (--budget < 0) return null;
            var c = s[i];
            if (char.IsWhiteSpace(c)) { json.Append(c); i++; continue; }
            if (c == '/' && i + 1 < s.Length && s[i + 1] is '/' or '*') { i = SkipComment(s, i); continue; }
            switch (c)
            {
                case '{' or '[':
                    stack.Push(c);
                    json.Append(c);
                    i++;
                    break;
                case '}' or ']':
                    if (stack.Count == 0 || stack.Pop() != (c == '}' ? '{' : '[')) return null;
                    json.Append(c);
                    i++;
                    if (stack.Count == 0) return Parsed(json, i);
                    break;
                case ',' or ':':
                    json.Append(c);
                    i++;
                    break;
                case '"' or '\'':
                {
                    var end = SkipString(s, i);
                    if (end > s.Length || s[end - 1] != c) return null;
                    json.Append(JsonSerializer.Serialize(Unescape(s.AsSpan(i + 1, end - i - 2))));
                    i = end;
                    break;
                }
                default:
                    if (c is '-' or '+' or '.' || char.IsAsciiDigit(c))
                    {
                        var end = i + 1;
                        while (end < s.Length && (char.IsAsciiLetterOrDigit(s[end]) || s[end] is '.' or '+' or '-')) end++;
                        var number = s[i..end].TrimStart('+');
                        if (number.StartsWith('.')) number = "0" + number;
                        else if (number.StartsWith("-.", StringComparison.Ordinal)) number = "-0" + number[1..];
                        json.Append(number);
                        i = end;
                        break;
                    }
                    if (char.IsAsciiLetter(c) || c is '_' or '$')
                    {
                        var end = i + 1;
                        while (end < s.Length && (char.IsAsciiLetterOrDigit(s[end]) || s[end] is '_' or '$')) end++;
                        var word = s[i..end];
                        var next = end;
                        while (next < s.Length && char.IsWhiteSpace(s[next])) next++;
                        if (stack.TryPeek(out var open) && open == '{' && next < s.Length && s[next] == ':') json.Append('"').Append(word).Append('"');
                        else if (word is "true" or "false" or "null") json.Append(word);
                        else if (word is "NaN" or "undefined" or "Infinity") json.Append("null");
                        else return null;
                        i = end;
                        break;
                    }
                    return null;
            }
        }
        return null;
    }

    private static (byte[] Json, int End)? Parsed(StringBuilder json, int end)
    {
        var bytes = Encoding.UTF8.GetBytes(json.ToString());
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = 256 });
            return (bytes, end);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Unescape(ReadOnlySpan<char> body)
    {
        var text = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] != '\\' || i + 1 >= body.Length) { text.Append(body[i]); continue; }
            var e = body[++i];
            switch (e)
            {
                case 'n': text.Append('\n'); break;
                case 't': text.Append('\t'); break;
                case 'r': text.Append('\r'); break;
                case 'u' when i + 4 < body.Length && int.TryParse(body.Slice(i + 1, 4), System.Globalization.NumberStyles.HexNumber, null, out var code):
                    text.Append((char)code);
                    i += 4;
                    break;
                default: text.Append(e); break;
            }
        }
        return text.ToString();
    }

    /// <summary>Past a quoted string (escapes honoured); the length of the text when it never closes.</summary>
    private static int SkipString(string s, int at)
    {
        var quote = s[at];
        for (var i = at + 1; i < s.Length; i++)
        {
            if (s[i] == '\\') { i++; continue; }
            if (s[i] == quote) return i + 1;
            if (s[i] == '\n' && quote != '`') return i + 1;
        }
        return s.Length;
    }

    private static int SkipComment(string s, int at)
    {
        if (s[at + 1] == '/')
        {
            var nl = s.IndexOf('\n', at);
            return nl < 0 ? s.Length : nl + 1;
        }
        var close = s.IndexOf("*/", at + 2, StringComparison.Ordinal);
        return close < 0 ? s.Length : close + 2;
    }
}
