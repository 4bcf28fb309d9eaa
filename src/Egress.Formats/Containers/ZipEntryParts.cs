using System.IO.Compression;
using Egress.Formats.Content;

namespace Egress.Formats.Containers;

/// <summary>
/// What one zip entry contributes: notices about its name and damage, the per-participant file rule,
/// its comment and unknown extra fields, and its content (stored or deflate) as an embedded file —
/// or why the content cannot be read (encrypted, another compression method, a bomb).
/// </summary>
public static class ZipEntryParts
{
    public static IEnumerable<Part> For(LocatedZipEntry located, int index, ContentSource archive, string path, UnpackContext context)
    {
        var entry = located.Entry;
        var shown = EntryNames.Display(entry.Name, index);
        var entryPath = path + "/" + shown;
        if (EntryNames.Escapes(entry.Name) is { } escape)
            yield return new Notice(entryPath, NoticeKind.PathTraversal, $"\"{shown}\" {escape}");
        if (located.Warning is { } warning)
            yield return new Notice(entryPath, NoticeKind.Corrupt, warning);
        if (entry.Comment.Length > 0)
            yield return new EmbeddedFile(entryPath + "#comment", new MemorySource(entry.Comment));
        if (entry.UnknownExtra.Length > 0)
            yield return new EmbeddedFile(entryPath + "#extra-field", new MemorySource(entry.UnknownExtra));
        if (entry.IsDirectory) yield break;
        if (PerParticipantFileName.FieldOf(entry.Name) is { } field)
            yield return new IndividualLevelPart(entryPath, PerParticipantFileName.Format, entry.UncompressedSize, PerParticipantFileName.Reason(field));
        if (entry.Encrypted)
        {
            yield return new EncryptedPart(entryPath, entry.CompressedSize, "zip");
            yield break;
        }
        if (located.Unreadable is { } unreadable)
        {
            yield return new Notice(entryPath, NoticeKind.Corrupt, $"zip entry not read: {unreadable}");
            yield break;
        }
        switch (entry.Method)
        {
            case 0:
                if (located.SizeKnown && entry.CompressedSize != entry.UncompressedSize)
                    yield return new Notice(entryPath, NoticeKind.Corrupt,
                        $"stored entry declares {entry.UncompressedSize:N0} bytes but holds {entry.CompressedSize:N0}; the bytes it holds were read");
                if (located.Available > 0)
                    yield return new EmbeddedFile(entryPath, new SliceSource(archive, located.DataAt, located.Available, context));
                break;
            case 8:
                if (IsBomb(entry, context.Limits.MaxExpansionRatio))
                {
                    // A bomb makes the file hostile: nothing else in it could get it released, so stop here.
                    context.Stop();
                    yield return new Notice(entryPath, NoticeKind.LimitReached,
                        $"zip entry \"{shown}\" declares {entry.UncompressedSize:N0} bytes from {entry.CompressedSize:N0} compressed, more than " +
                        $"{context.Limits.MaxExpansionRatio:N0} times its size (a decompression bomb); it was not decompressed");
                    yield break;
                }
                yield return new EmbeddedFile(entryPath, new DerivedSource(() => Inflate(archive, located, shown),
                    located.SizeKnown && entry.UncompressedSize > 0 ? entry.UncompressedSize : null, context));
                break;
            default:
                yield return new Notice(entryPath, NoticeKind.Unsupported,
                    $"zip entry compressed with {MethodName(entry.Method)} (method {entry.Method}), which Egress cannot decompress (re-create the archive with deflate)");
                break;
        }
    }

    /// <summary>Above 1 MB expanded, more than the policy's ratio: no real export compresses like that (deflate's own maximum is about 1032:1).</summary>
    private static bool IsBomb(ZipEntryRecord entry, double maxRatio) =>
        entry.UncompressedSize > ZipReader.RatioCheckedAbove && entry.UncompressedSize > maxRatio * Math.Max(1, entry.CompressedSize);

    private static Stream Inflate(ContentSource archive, LocatedZipEntry located, string shown)
    {
        Stream inflated = new DeflateStream(new SliceSource(archive, located.DataAt, located.Available).Open(), CompressionMode.Decompress);
        // The header's size decided the bomb check: hold the real bytes to it.
        return located.SizeKnown ? new DeclaredLengthStream(inflated, located.Entry.UncompressedSize, $"zip entry \"{shown}\"") : inflated;
    }

    private static string MethodName(int method) => method switch
    {
        1 => "Shrink",
        >= 2 and <= 5 => "Reduce",
        6 => "Implode",
        9 => "Deflate64",
        10 => "PKWARE DCL Implode",
        12 => "bzip2",
        14 => "LZMA",
        18 => "IBM TERSE",
        19 => "IBM LZ77",
        20 or 93 => "Zstandard",
        95 => "xz",
        98 => "PPMd",
        _ => "an unknown method",
    };
}
