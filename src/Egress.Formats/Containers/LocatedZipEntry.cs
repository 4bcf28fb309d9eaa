namespace Egress.Formats.Containers;

/// <summary>
/// A zip entry and where its data lies: <see cref="Available"/> bytes from <see cref="DataAt"/>.
/// <see cref="Unreadable"/> says why its data cannot be read at all; <see cref="Warning"/> what is
/// wrong with it although it was read. When <see cref="SizeKnown"/> is false (a truncated archive
/// read without its directory) the content is read as far as it goes.
/// </summary>
public sealed record LocatedZipEntry(ZipEntryRecord Entry, long DataAt, long Available)
{
    public string? Unreadable { get; init; }
    public string? Warning { get; init; }
    public bool SizeKnown { get; init; } = true;
}
