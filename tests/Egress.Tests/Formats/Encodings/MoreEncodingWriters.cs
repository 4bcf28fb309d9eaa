using System.Text;

namespace Egress.Tests.Formats.Encodings;

/// <summary>
/// Writes bytes as base32, base32hex, ASCII85 (Adobe and btoa), Z85 and uuencode do, and splits a run into string
/// literals the way code in several languages joins them.
/// </summary>
public static class MoreEncodingWriters
{
    public static string Base32(byte[] bytes, bool extendedHex = false, bool padding = true, int wrap = 0, bool lower = false)
    {
        var alphabet = extendedHex ? "0123456789ABCDEFGHIJKLMNOPQRSTUV" : "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var text = new StringBuilder();
        int bits = 0, accumulator = 0;
        foreach (var b in bytes)
        {
            accumulator = (accumulator << 8 | b) & 0xFFFF;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                text.Append(alphabet[(accumulator >> bits) & 31]);
            }
        }
        if (bits > 0) text.Append(alphabet[(accumulator << (5 - bits)) & 31]);
        if (padding) while (text.Length % 8 != 0) text.Append('=');
        var s = lower ? text.ToString().ToLowerInvariant() : text.ToString();
        return Wrap(s, wrap);
    }

    /// <summary>ASCII85: four bytes to five characters '!'–'u', 'z' for a zero group; Adobe's delimiters when asked.</summary>
    public static string Ascii85(byte[] bytes, bool adobe = true, int wrap = 0)
    {
        var text = new StringBuilder();
        for (var at = 0; at < bytes.Length; at += 4)
        {
            var n = Math.Min(4, bytes.Length - at);
            uint value = 0;
            for (var i = 0; i < 4; i++) value = value << 8 | (i < n ? bytes[at + i] : (byte)0);
            if (value == 0 && n == 4) { text.Append('z'); continue; }
            text.Append(Digits(value, '!'.ToString(), n + 1));
        }
        var body = Wrap(text.ToString(), wrap);
        return adobe ? "<~" + body + "~>" : body;
    }

    /// <summary>btoa: a begin line, 78-character lines, zero groups as 'z', the last group padded with zeros, a trailer with the length.</summary>
    public static string Btoa(byte[] bytes)
    {
        var text = new StringBuilder();
        for (var at = 0; at < bytes.Length; at += 4)
        {
            uint value = 0;
            for (var i = 0; i < 4; i++) value = value << 8 | (at + i < bytes.Length ? bytes[at + i] : (byte)0);
            text.Append(value == 0 ? "z" : Digits(value, "!", 5));
        }
        return $"xbtoa Begin\n{Wrap(text.ToString(), 78)}\nxbtoa End N {bytes.Length} {bytes.Length:x} E 0 S 0 R 0\n";
    }

    private const string Z85Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

    /// <summary>Z85 (ZeroMQ); a last group of n &lt; 4 bytes as n + 1 characters, as ASCII85 does.</summary>
    public static string Z85(byte[] bytes, int wrap = 0)
    {
        var text = new StringBuilder();
        for (var at = 0; at < bytes.Length; at += 4)
        {
            var n = Math.Min(4, bytes.Length - at);
            uint value = 0;
            for (var i = 0; i < 4; i++) value = value << 8 | (i < n ? bytes[at + i] : (byte)0);
            text.Append(Digits(value, Z85Alphabet, n + 1));
        }
        return Wrap(text.ToString(), wrap);
    }

    private static string Digits(uint value, string alphabet, int take)
    {
        Span<char> five = stackalloc char[5];
        for (var i = 4; i >= 0; i--)
        {
            var d = (int)(value % 85);
            five[i] = alphabet.Length == 1 ? (char)(alphabet[0] + d) : alphabet[d];
            value /= 85;
        }
        return new string(five[..take]);
    }

    /// <summary>uuencode: a begin line, lines of 45 bytes ('M' and 60 characters), '`' for zero, a zero-length line and "end".</summary>
    public static string Uuencode(byte[] bytes, string name = "extract.csv")
    {
        static char C(int v) => v == 0 ? '`' : (char)(' ' + v);
        var text = new StringBuilder($"begin 644 {name}\n");
        for (var at = 0; at < bytes.Length; at += 45)
        {
            var n = Math.Min(45, bytes.Length - at);
            text.Append(C(n));
            for (var i = 0; i < n; i += 3)
            {
                var group = 0;
                for (var j = 0; j < 3; j++) group = group << 8 | (i + j < n ? bytes[at + i + j] : 0);
                for (var j = 3; j >= 0; j--) text.Append(C((group >> (6 * j)) & 63));
            }
            text.Append('\n');
        }
        return text.Append("`\nend\n").ToString();
    }

    public static string Wrap(string text, int wrap) =>
        wrap <= 0 ? text : string.Join("\n", text.Chunk(wrap).Select(c => new string(c)));

    /// <summary>How code joins literals into one string.</summary>
    public enum Joining { PythonAdjacent, PythonJoin, JavaScriptPlus, CSharpPlus, RPaste0, RPasteSep, ContinuationLines, JavaScriptArrayJoin }

    /// <summary>A piece of code assigning <paramref name="run"/> split into literals of <paramref name="piece"/> characters.</summary>
    public static string InLiterals(string run, int piece, Joining joining)
    {
        var parts = run.Chunk(piece).Select(c => new string(c)).ToArray();
        return joining switch
        {
            Joining.PythonAdjacent => "payload = (\n" + string.Join("\n", parts.Select(p => $"    \"{p}\"")) + "\n)\nprint(len(payload))\n",
            Joining.PythonJoin => "parts = \"\".join([\n" + string.Join(",\n", parts.Select(p => $"    '{p}'")) + "\n])\n",
            Joining.JavaScriptPlus => "const payload = " + string.Join(" +\n  ", parts.Select(p => $"'{p}'")) + ";\nconsole.log(payload.length);\n",
            Joining.CSharpPlus => "var payload = \"" + string.Join("\" + \"", parts) + "\";\n",
            Joining.RPaste0 => "payload <- paste0(" + string.Join(", ", parts.Select(p => $"\"{p}\"")) + ")\ncat(nchar(payload))\n",
            Joining.RPasteSep => "payload <- paste(" + string.Join(",\n  ", parts.Select(p => $"\"{p}\"")) + ", sep = \"\")\n",
            Joining.ContinuationLines => "PAYLOAD=\"" + string.Join("\"\\\n\"", parts) + "\"\necho \"$PAYLOAD\"\n",
            Joining.JavaScriptArrayJoin => "const payload = [" + string.Join(", ", parts.Select(p => $"\"{p}\"")) + "].join(\"\");\n",
            _ => throw new ArgumentOutOfRangeException(nameof(joining)),
        };
    }
}
