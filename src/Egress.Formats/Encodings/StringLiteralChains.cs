using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Egress.Formats.Encodings;

/// <summary>A chain of string literals in code joined as the language would join them.</summary>
/// <param name="Strong">
/// Joined by an explicit concatenation ('+', '&amp;', a line continuation, <c>"".join(…)</c>, <c>paste0(…)</c>,
/// literals on indented continuation lines): an encoded run it holds is a payload. Otherwise (literals side by
/// side on one line, as R prints a character vector or write.table writes a row) it only counts when it decodes
/// to text or a known format.
/// </param>
internal readonly record struct LiteralChain(int Start, int End, byte[] Joined, bool Strong);

/// <summary>
/// Finds string literals that code joins into one string, each holding a piece of an encoded run too short
/// (or cut at the wrong place) to decode alone: Python/C/C#/Java adjacency (<c>"abc" "def"</c>), <c>+</c>,
/// <c>&amp;</c> and <c>.</c> concatenation, <c>\</c> line continuations, and comma-separated literals inside
/// <c>paste0(</c>, <c>paste(…, sep="")</c>, <c>"".join([</c>, <c>concat(</c>. Only literals made of printable
/// characters without spaces or escapes take part; the joined contents are what the encoded-run finders read.
/// </summary>
internal static class StringLiteralChains
{
    /// <summary>Separators longer than this between two literals end the chain.</summary>
    private const int MaxGap = 256;

    private static readonly string[] ConcatCalls =
        ["\"\".join(", "\"\".join([", "''.join(", "''.join([", "String.join(", "string.Join(", "paste0(", "paste0(c(", "str_c(", "stri_c(", "concat(", "Concat(", "concat([", "strcat("];
    private static readonly string[] SeparatedCalls = ["paste(", "paste(c("];

    public static List<LiteralChain>? Find(ReadOnlySpan<byte> block, int minJoined)
    {
        if (!MayJoin(block)) return null;
        List<LiteralChain>? chains = null;
        var pos = 0;
        while (pos < block.Length)
        {
            var k = block[pos..].IndexOfAny((byte)'"', (byte)'\'');
            if (k < 0) break;
            var first = pos + k;
            var close = Literal(block, first, out var escaped);
            if (close < 0) { pos = first + 1; continue; }
            pos = close + 1;
            if (Alone(block, first, close) || escaped || !Piece(block, first, close)) continue;
            var quote = block[first];
            var commasAllowed = Opener(block[..first]);
            var joinedBy = Joins.None;
            var pieces = 1;
            var joinedLength = close - first - 1;
            var end = close + 1;
            while (true)
            {
                var (next, gapJoins) = Gap(block, end, commasAllowed);
                if (next < 0 || next >= block.Length || block[next] != quote) break;
                var nextClose = Literal(block, next, out var nextEscaped);
                if (nextClose < 0 || nextEscaped || !Piece(block, next, nextClose)) break;
                joinedBy |= gapJoins;
                pieces++;
                joinedLength += nextClose - next - 1;
                end = nextClose + 1;
            }
            pos = Math.Max(pos, end);
            if (pieces < 2 || joinedLength < minJoined) continue;
            // Indented literals separated by commas are a list (a code list in a script), joined only by a concatenating call.
            var strong = (joinedBy & (Joins.Operator | Joins.Continuation)) != 0
                         || (joinedBy & Joins.Comma) == 0 && (joinedBy & Joins.Indented) != 0
                         || (joinedBy & Joins.Comma) != 0 && Concatenating(block[..first], block[end..]);
            (chains ??= []).Add(new LiteralChain(first, end, Join(block[first..end], quote, joinedLength), strong));
        }
        return chains;
    }

    /// <summary>
    /// Whether any quote in the block stands where a joined literal's quote would: after '(', '[' or '{', before a
    /// space, tab, '+', '&amp;', '.', '\', a comma and whitespace, or a line break and indentation. A quoted CSV
    /// (quotes between commas and line breaks) has none, and is passed over at memory speed.
    /// </summary>
    internal static bool MayJoin(ReadOnlySpan<byte> s)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var origin = ref MemoryMarshal.GetReference(s);
            for (; i + 32 <= s.Length; i += 32)
            {
                var v = Vector256.LoadUnsafe(ref origin, (nuint)i);
                var quotes = (Vector256.Equals(v, Vector256.Create((byte)'"')) | Vector256.Equals(v, Vector256.Create((byte)'\''))).ExtractMostSignificantBits();
                for (; quotes != 0; quotes &= quotes - 1)
                    if (Joinable(s, i + BitOperations.TrailingZeroCount(quotes))) return true;
            }
        }
        while (i < s.Length)
        {
            var k = s[i..].IndexOfAny((byte)'"', (byte)'\'');
            if (k < 0) return false;
            if (Joinable(s, i + k)) return true;
            i += k + 1;
        }
        return false;
    }

    private static bool Joinable(ReadOnlySpan<byte> s, int q)
    {
        if (q > 0 && s[q - 1] is (byte)'(' or (byte)'[' or (byte)'{') return true;
        if (q + 1 >= s.Length) return false;
        var after = q + 2 < s.Length ? s[q + 2] : (byte)0;
        return s[q + 1] switch
        {
            (byte)' ' or (byte)'\t' or (byte)'+' or (byte)'&' or (byte)'.' or (byte)'\\' => true,
            (byte)',' => after is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r',
            (byte)'\n' => after is (byte)' ' or (byte)'\t',
            (byte)'\r' => after == '\n' && q + 3 < s.Length && s[q + 3] is (byte)' ' or (byte)'\t',
            _ => false,
        };
    }

    /// <summary>The closing quote of the literal opened at <paramref name="open"/> (on the same line), or -1; whether it holds an escape.</summary>
    private static int Literal(ReadOnlySpan<byte> s, int open, out bool escaped)
    {
        var quote = s[open];
        escaped = false;
        // Most literals are short: a plain loop finds their end sooner than a vectorised search starts.
        for (var i = open + 1; i < s.Length; i++)
        {
            var b = s[i];
            if (b == quote) return i;
            if (b == '\n') return -1;
            if (b == '\\') { escaped = true; i++; }
        }
        return -1;
    }

    /// <summary>A piece of an encoded run: printable, no space.</summary>
    private static bool Piece(ReadOnlySpan<byte> s, int open, int close) => s[(open + 1)..close].IndexOfAnyExceptInRange((byte)'!', (byte)'~') < 0;

    /// <summary>
    /// What follows the literal cannot join it to another: a field of a CSV row (a comma with no list opened before
    /// the literal), or the end of a line that a row, not an indented continuation, follows. Checked on the next
    /// bytes only, so a quoted CSV costs a few comparisons per field.
    /// </summary>
    private static bool Alone(ReadOnlySpan<byte> s, int open, int close)
    {
        if (close + 1 >= s.Length) return true;
        var next = s[close + 1];
        if (next == ',') return open == 0 || s[open - 1] is not ((byte)'(' or (byte)'[' or (byte)'{' or (byte)' ' or (byte)'\t' or (byte)'\n');
        if (next == '\n') return close + 2 >= s.Length || s[close + 2] is (byte)'"' or (byte)'\'' or (byte)'\n';
        return next is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'+' or (byte)'&' or (byte)'.' or (byte)'\\' or (byte)'"' or (byte)'\'');
    }

    [Flags]
    private enum Joins { None = 0, Operator = 1, Continuation = 2, Indented = 4, Comma = 8 }

    /// <summary>Skips what may lie between two joined literals: where the next one would start (or -1), and what joins them.</summary>
    private static (int Next, Joins By) Gap(ReadOnlySpan<byte> s, int at, bool commasAllowed)
    {
        var newline = false;
        var by = Joins.None;
        for (var i = at; i < s.Length && i - at <= MaxGap; i++)
        {
            switch (s[i])
            {
                case (byte)' ' or (byte)'\t':
                    if (newline) by |= Joins.Indented;
                    continue;
                case (byte)'\r':
                    continue;
                case (byte)'\n':
                    newline = true;
                    continue;
                case (byte)'+' or (byte)'&' or (byte)'.':
                    by |= Joins.Operator;
                    continue;
                case (byte)'\\' when AlphabetRuns.AfterLineBreak(s, i + 1) > 0:
                    by |= Joins.Continuation;
                    continue;
                case (byte)',' when commasAllowed:
                    by |= Joins.Comma;
                    continue;
                default:
                    // A bare line break between literals (a one-column file of quoted values) joins nothing.
                    return newline && by == Joins.None ? (-1, by) : (i, by);
            }
        }
        return (-1, by);
    }

    /// <summary>The literal opens a list or a call's arguments: '(', '[' or '{' before it.</summary>
    private static bool Opener(ReadOnlySpan<byte> before)
    {
        var t = before.TrimEnd(" \t\r\n"u8);
        return t.Length > 0 && t[^1] is (byte)'(' or (byte)'[' or (byte)'{';
    }

    /// <summary>The list is joined with nothing between: a concatenating call opens it, or paste( closes with sep="" or collapse="".</summary>
    private static bool Concatenating(ReadOnlySpan<byte> before, ReadOnlySpan<byte> after)
    {
        var head = Squeezed(before[Math.Max(0, before.Length - 40)..]);
        foreach (var call in ConcatCalls)
            if (head.EndsWith(call, StringComparison.Ordinal)) return true;
        // JavaScript: ["…", "…"].join("")
        var joinAfter = Squeezed(after[..Math.Min(after.Length, 16)]);
        if (joinAfter.StartsWith("].join(\"\")", StringComparison.Ordinal) || joinAfter.StartsWith("].join('')", StringComparison.Ordinal)) return true;
        foreach (var call in SeparatedCalls)
            if (head.EndsWith(call, StringComparison.Ordinal))
            {
                var tail = Squeezed(after[..Math.Min(after.Length, 60)]);
                var close = tail.IndexOf(')');
                if (close >= 0) tail = tail[..close];
                return tail.Contains("sep=\"\"") || tail.Contains("sep=''") || tail.Contains("collapse=\"\"") || tail.Contains("collapse=''");
            }
        return false;
    }

    private static string Squeezed(ReadOnlySpan<byte> s)
    {
        var chars = new char[s.Length];
        var n = 0;
        foreach (var b in s)
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) chars[n++] = (char)b;
        return new string(chars, 0, n);
    }

    private static byte[] Join(ReadOnlySpan<byte> chain, byte quote, int length)
    {
        var joined = new byte[length];
        var n = 0;
        var inside = false;
        foreach (var b in chain)
        {
            if (b == quote) { inside = !inside; continue; }
            if (inside) joined[n++] = b;
        }
        return joined;
    }
}
