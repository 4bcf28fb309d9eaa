namespace Egress.Formats.Content;

/// <summary>
/// One format: recognises it by content (never by name) and turns it into parts. A reader yields
/// what it finds as it goes; when the content is damaged it yields a <see cref="Notice"/> (or throws
/// <see cref="InvalidDataException"/>) and the walker reports that the rest was not inspected.
/// </summary>
public interface IContentReader
{
    /// <summary>The format's name in reports, e.g. "zip", "xlsx", "png".</summary>
    string Format { get; }

    /// <summary>
    /// Whether the content is this format, from its first bytes (up to <see cref="Unpacker.HeadBytes"/>).
    /// Called from several threads at once (scan workers ask it about runs they decode): keep it free of shared state.
    /// </summary>
    bool Recognizes(ReadOnlySpan<byte> head, ContentSource source);

    /// <param name="path">The provenance of the source: children append "/name" (entries) or "#fragment" (parts within).</param>
    IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context);

    /// <summary>
    /// True for a reader that takes whatever no other reader took (any binary content) to search it: its
    /// recognising says nothing about what the content is, so it does not make content readable.
    /// </summary>
    bool IsCatchAll => false;
}
