using System.Text;

namespace Egress.Formats.Containers;

/// <summary>
/// Archive entry names as untrusted text. They are only ever provenance strings in reports, never
/// file-system paths: a name that would escape its folder is reported, and its content still checked.
/// </summary>
public static class EntryNames
{
    /// <summary>Why the name would escape the folder it is unpacked into (or carries a NUL), or null when it is plain.</summary>
    public static string? Escapes(string name)
    {
        if (name.Contains('\0')) return "contains a NUL character (shown as ?), which cuts the name short for some tools";
        if (name.StartsWith('/') || name.StartsWith('\\')) return "is an absolute path";
        if (name.Length >= 2 && char.IsAsciiLetter(name[0]) && name[1] == ':') return "starts with a drive letter";
        foreach (var segment in name.Split('/', '\\'))
            if (segment == "..") return "climbs out of its folder with \"..\"";
        return null;
    }

    /// <summary>
    /// The name as it appears in locations: control characters (NUL, line breaks) become '?', so a
    /// name cannot forge lines in a report; a leading "./" is dropped; an empty name gets a placeholder.
    /// </summary>
    public static string Display(string name, int index)
    {
        while (name.StartsWith("./", StringComparison.Ordinal)) name = name[2..];
        if (name.Length == 0) return $"(unnamed entry {index + 1})";
        if (!name.Any(char.IsControl)) return name;
        var shown = new StringBuilder(name.Length);
        foreach (var c in name) shown.Append(char.IsControl(c) ? '?' : c);
        return shown.ToString();
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Name bytes as text: UTF-8 when flagged or when they are valid UTF-8 (many tools write it without
    /// the flag), otherwise Latin-1, which maps every byte to one character so nothing is lost or merged.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> bytes, bool utf8Flagged)
    {
        if (utf8Flagged) return Encoding.UTF8.GetString(bytes);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }
}
