namespace Egress.Formats.Fonts;

/// <summary>
/// Public fonts that report generators embed in every HTML page they write (R Markdown's Bootstrap 3
/// theme carries the Glyphicons icon font in three formats and Source Sans Pro), by the SHA-256 of
/// their bytes: a font identical to the public file carries nothing of the researcher's. Add a font
/// only after checking that its bytes are the published file's.
/// </summary>
public static class KnownFonts
{
    private static readonly Dictionary<string, string> BySha256 = new(StringComparer.Ordinal)
    {
        ["13634da87d9e23f8c3ed9108ce1724d183a39ad072e73e1b3d8cbf646d2d0407"] = "GLYPHICONS Halflings Regular (Bootstrap 3.3, EOT)",
        ["a26394f7ede100ca118eff2eda08596275a9839b959c226e15439557a5a80742"] = "GLYPHICONS Halflings Regular (Bootstrap 3.3, WOFF)",
        ["e395044093757d82afcb138957d06a1ea9361bdcf0b442d06a18a8051af57456"] = "GLYPHICONS Halflings Regular (Bootstrap 3.3, TrueType)",
        ["42f60659d265c1a3c30f9fa42abcbb56bd4a53af4d83d316d6dd7a36903c43e5"] = "GLYPHICONS Halflings Regular (Bootstrap 3.3, SVG)",
        ["59fd06f07a1c82458e45d06652790dd942ec49d19c5ac625f0e3ecac0652256b"] = "Source Sans Pro Light 1.050 (TrueType)",
        ["2a609d31517ddeffc729a87ed0826716928ea0ff69833eb62ab463924d589066"] = "Source Sans Pro Regular 1.050 (TrueType)",
        ["8e3b650a55ef885caa89c846464fb9108817402e48bd018dbfc832b92d106a3b"] = "Source Sans Pro Bold 1.050 (TrueType)",
    };

    /// <summary>The font's name when its bytes are a known public font's, else null.</summary>
    public static string? Name(ReadOnlySpan<byte> font) =>
        BySha256.GetValueOrDefault(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(font)).ToLowerInvariant());
}
