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

    /// <summary>Longer names are shortened in locations (the middle gives way): a 64 KB name is not a useful location.</summary>
    public const int MaxShownLength = 240;

    /// <summary>
    /// The name as it appears in locations: control and format characters (NUL, line breaks, bidi
    /// overrides) become '?', so a name can neither forge lines in a report nor read backwards to a
    /// checker; a leading "./" is dropped; an empty name gets a placeholder; a very long one is shortened.
    /// </summary>
    public static string Display(string name, int index)
    {
        while (name.StartsWith("./", StringComparison.Ordinal)) name = name[2..];
        if (name.Length == 0) return $"(unnamed entry {index + 1})";
        if (name.Any(Hidden))
        {
            var shown = new StringBuilder(name.Length);
            foreach (var c in name) shown.Append(Hidden(c) ? '?' : c);
            name = shown.ToString();
        }
        return name.Length <= MaxShownLength ? name : name[..(MaxShownLength / 2)] + "…" + name[^(MaxShownLength / 2 - 1)..];
    }

    private static bool Hidden(char c) => char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format;

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
