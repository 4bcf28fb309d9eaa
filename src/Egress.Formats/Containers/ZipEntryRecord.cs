namespace Egress.Formats.Containers;

/// <summary>
/// One zip entry as the archive describes it (central directory, or the local header when the
/// directory is missing). Every field is untrusted: sizes are checked against the file and the real
/// bytes, names are only ever shown.
/// </summary>
public sealed record ZipEntryRecord
{
    public required byte[] RawName { get; init; }
    public required string Name { get; init; }
    public int Flags { get; init; }
    public int Method { get; init; }
    public long CompressedSize { get; init; }
    public long UncompressedSize { get; init; }
    /// <summary>Where the entry's local header is, as the directory says (before any prepended-bytes shift).</summary>
    public long LocalHeaderOffset { get; init; }
    public bool HasAesExtra { get; init; }
    public bool HasZip64Extra { get; init; }
    /// <summary>Payload of extra fields of no known kind: a place to hide bytes, so it is read as content.</summary>
    public byte[] UnknownExtra { get; init; } = [];
    public byte[] Comment { get; init; } = [];

    public bool SizesFollowData => (Flags & 0x0008) != 0;

    /// <summary>Traditional PKWARE encryption (bit 0), strong encryption (bit 6), an encrypted directory (bit 13) or WinZip AES (method 99 / extra 0x9901).</summary>
    public bool Encrypted => (Flags & 0x0001) != 0 || (Flags & 0x0040) != 0 || (Flags & 0x2000) != 0 || Method == 99 || HasAesExtra;

    /// <summary>A folder: a name ending in a slash and no content (deflate of nothing is 2 bytes).</summary>
    public bool IsDirectory => (Name.EndsWith('/') || Name.EndsWith('\\')) && UncompressedSize == 0 && CompressedSize <= 2;
}
