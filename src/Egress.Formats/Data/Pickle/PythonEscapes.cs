using System.Globalization;
using System.Text;

namespace Egress.Formats.Data.Pickle;

/// <summary>The two text forms of protocol 0: a quoted Python string literal (STRING) and raw-unicode-escape (UNICODE).</summary>
internal static class PythonEscapes
{
    /// <summary>'…' or "…" with backslash escapes (\n, \t, \xHH, octal, …).</summary>
    public static string Quoted(string line)
    {
        if (line.Length < 2 || line[0] != line[^1] || line[0] is not ('\'' or '"'))
            throw new InvalidDataException("a pickle STRING that is not quoted");
        var s = line[1..^1];
        var bytes = new List<byte>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c != '\\' || i + 1 == s.Length)
            {
                bytes.Add((byte)c);
                continue;
            }
            var e = s[++i];
            switch (e)
            {
                case 'n': bytes.Add(10); break;
                case 't': bytes.Add(9); break;
                case 'r': bytes.Add(13); break;
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'v': bytes.Add(11); break;
                case 'x' when i + 2 < s.Length && byte.TryParse(s.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var h):
                    bytes.Add(h);
                    i += 2;
                    break;
                case >= '0' and <= '7':
                {
                    var v = 0;
                    var n = 0;
                    while (n < 3 && i < s.Length && s[i] is >= '0' and <= '7') { v = v * 8 + (s[i] - '0'); i++; n++; }
                    i--;
                    bytes.Add((byte)v);
                    break;
                }
                default: bytes.Add((byte)e); break;
            }
        }
        var array = bytes.ToArray();
        return System.Text.Unicode.Utf8.IsValid(array) ? Encoding.UTF8.GetString(array) : Encoding.Latin1.GetString(array);
    }

    /// <summary>Latin-1 text in which \uXXXX and \UXXXXXXXX stand for other characters.</summary>
    public static string RawUnicode(ReadOnlySpan<byte> b)
    {
        var text = new StringBuilder(b.Length);
        for (var i = 0; i < b.Length; i++)
        {
            if (b[i] == '\\' && i + 1 < b.Length && b[i + 1] is (byte)'u' or (byte)'U')
            {
                var digits = b[i + 1] == 'u' ? 4 : 8;
                if (i + 2 + digits <= b.Length
                    && int.TryParse(Encoding.ASCII.GetString(b.Slice(i + 2, digits)), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code)
                    && code is >= 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF))
                {
                    text.Append(char.ConvertFromUtf32(code));
                    i += 1 + digits;
                    continue;
                }
            }
            text.Append((char)b[i]);
        }
        return text.ToString();
    }
}
