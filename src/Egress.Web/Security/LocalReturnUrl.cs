namespace Egress.Web.Security;

/// <summary>
/// Where sign-in may send a user back to: a path on this site only. Browsers strip tabs and newlines and read '\' as
/// '/', so "/\t/evil.example" or "/\\evil.example" would leave the site; control characters, whitespace and
/// backslashes are refused outright (a newline in a Location header also fails the response).
/// </summary>
public static class LocalReturnUrl
{
    private const int MaxLength = 2048;

    public static bool IsSafe(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxLength || url[0] != '/') return false;
        if (url.Length > 1 && url[1] == '/') return false;
        foreach (var ch in url)
            if (char.IsControl(ch) || char.IsWhiteSpace(ch) || ch == '\\' || char.GetUnicodeCategory(ch) == System.Globalization.UnicodeCategory.Format)
                return false;
        return !url.Contains("://", StringComparison.Ordinal);
    }
}
