using System.Text;

namespace Egress.Formats.Documents;

/// <summary><c>data:</c> URIs (images, fonts, style sheets and files inlined in HTML and SVG): their decoded bytes.</summary>
internal static class DataUri
{
    /// <summary>
    /// The bytes of a data URI — base64, or percent-encoded text (<c>data:text/css;charset=utf-8,%40font-face…</c>)
    /// — or null when the value is not one (or does not decode).
    /// </summary>
    public static byte[]? Decode(string value)
    {
        var v = value.AsSpan().Trim();
        if (!v.StartsWith("data:", StringComparison.OrdinalIgnoreCase)) return null;
        var comma = v.IndexOf(',');
        if (comma < 0) return null;
        if (v[..comma].EndsWith(";base64", StringComparison.OrdinalIgnoreCase)) return Base64(v[(comma + 1)..]);
        return Encoding.UTF8.GetBytes(Uri.UnescapeDataString(v[(comma + 1)..].ToString()));
    }

    /// <summary>Base64 with whitespace (and URL-safe letters) allowed; null when it does not decode.</summary>
    public static byte[]? Base64(ReadOnlySpan<char> text)
    {
        var clean = new char[text.Length + 3];
        var n = 0;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c)) continue;
            clean[n++] = c switch { '-' => '+', '_' => '/', _ => c };
        }
        while (n % 4 != 0) clean[n++] = '=';
        var bytes = new byte[n / 4 * 3];
        return Convert.TryFromBase64Chars(clean.AsSpan(0, n), bytes, out var written) ? bytes[..written] : null;
    }
}
