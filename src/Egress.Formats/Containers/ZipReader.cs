using System.Buffers.Binary;
using System.IO.Compression;
using Egress.Formats.Content;

namespace Egress.Formats.Containers;

/// <summary>
/// zip, by content: a local header (PK 03 04) or an empty archive's end record (PK 05 06) at the start,
/// or an end record near the end of the file that points at a real central directory (a zip behind a
/// self-extractor's stub or other prepended bytes). Stored and deflate entries become embedded files,
/// sniffed again; encrypted entries, other compression methods, bombs and damage are reported. Bytes
/// the archive's structure does not account for (prepended, between entries, appended, comments,
/// unknown extra fields) are read as content too: they are where data would be hidden.
/// </summary>
public sealed class ZipReader : IContentReader
{
    /// <summary>Entries expanding to less than this are never called bombs, whatever their ratio (a 1 MB run of zeros is ordinary).</summary>
    public const long RatioCheckedAbove = 1L << 20;

    /// <summary>
    /// False: recognise a zip by its signature at the start. True: by an end record near the end that
    /// points at a real central directory (a zip behind a self-extractor's stub or other prepended
    /// bytes). Registered last, so a format with its own magic at the start (a tar holding a zip, a PNG
    /// with a zip appended) is read as what it is first.
    /// </summary>
    public bool FromTheEnd { get; init; }

    public string Format => "zip";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) => FromTheEnd ? HasEndRecord(head, source) : StartsLikeZip(head);

    private static bool StartsLikeZip(ReadOnlySpan<byte> head)
    {
        if (head.Length < 4) return false;
        var signature = BinaryPrimitives.ReadUInt32LittleEndian(head);
        if (signature is ZipDirectory.LocalHeaderSignature or ZipDirectory.EndSignature) return true;
        // A spanned archive's marker (PK 07 08, or PK 00 00 PK) before its first local header.
        return head.Length >= 8 && signature is ZipDirectory.DescriptorSignature or 0x30304b50
            && BinaryPrimitives.ReadUInt32LittleEndian(head[4..]) == ZipDirectory.LocalHeaderSignature;
    }

    private static bool HasEndRecord(ReadOnlySpan<byte> head, ContentSource source)
    {
        if (source.Seekable && source.Length is { } length)
        {
            using var stream = source.Open();
            return ZipDirectory.FindEnd(stream, length) is not null;
        }
        // Content that fits in the head is all there is: look for an end record in it.
        if (head.Length < Unpacker.HeadBytes)
        {
            using var stream = new MemoryStream(head.ToArray(), writable: false);
            return ZipDirectory.FindEnd(stream, head.Length) is not null;
        }
        return false;
    }

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        // Entries are read at their offsets: a stream that cannot seek (a zip inside a gzip) is taken
        // into memory, within the in-memory cap (past it the unpacker reports the limit).
        var archive = source.Seekable && source.Length is not null ? source : new MemorySource(source.ReadAll(context));
        var size = archive.Length!.Value;
        using var stream = archive.Open();
        var end = ZipDirectory.FindEnd(stream, size);
        if (end is null)
        {
            foreach (var part in ZipLocalWalk.Read(archive, stream, size, path, context, "it has no central directory (the file is truncated or damaged)"))
                yield return part;
            yield break;
        }
        var (entries, damage) = ZipDirectory.ReadEntries(stream, end, context);
        if (damage is not null)
        {
            // The directory cannot be trusted: walk the local headers instead, and say so.
            foreach (var part in ZipLocalWalk.Read(archive, stream, size, path, context, $"its central directory is damaged ({damage})"))
                yield return part;
            yield break;
        }
        var layout = new ZipLayout(size);
        layout.Cover(end.DirectoryAt, end.DirectorySize);
        if (end.Zip64Records is { } zip64) layout.Cover(zip64.At, zip64.Length);
        layout.Cover(end.EndRecordAt, end.EndsAt - end.EndRecordAt);
        var located = new List<LocatedZipEntry>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            context.ThrowIfCancelled();
            located.Add(Locate(stream, entries[i], end, layout));
        }
        if (layout.Overlaps() is > 0 and var overlaps)
            yield return new Notice(path, NoticeKind.Corrupt,
                $"{overlaps:N0} entries overlap other entries' data, a construction used by zip bombs; each was read within the limits");
        var names = new EntryNameListing();
        for (var i = 0; i < located.Count; i++)
        {
            context.ThrowIfCancelled();
            names.Add(entries[i].Name);
            if (entries[i].Comment.Length > 0) names.Add(EntryNames.Decode(entries[i].Comment, (entries[i].Flags & 0x0800) != 0));
            foreach (var part in ZipEntryParts.For(located[i], i, archive, path, context)) yield return part;
        }
        if (names.Part(path) is { } listing) yield return listing;
        if (end.CommentLength > 0)
            yield return new EmbeddedFile(path + "#comment", new SliceSource(archive, end.CommentAt, end.CommentLength, context));
        foreach (var (at, length) in layout.Gaps())
        {
            var name = at == 0 ? "#before-first-entry" : at >= end.EndsAt ? "#after-end" : $"#unlisted-bytes@{at}";
            yield return new EmbeddedFile(path + name, new SliceSource(archive, at, length, context));
        }
    }

    /// <summary>Finds the entry's data behind its local header and marks the bytes it takes; a problem instead when the header or sizes do not hold.</summary>
    private static LocatedZipEntry Locate(Stream stream, ZipEntryRecord entry, ZipEnd end, ZipLayout layout)
    {
        var at = entry.LocalHeaderOffset + end.Shift;
        if (at + 30 > end.DirectoryAt || ZipDirectory.SignatureAt(stream, at) != ZipDirectory.LocalHeaderSignature)
            return new LocatedZipEntry(entry, -1, 0) { Unreadable = "its local header is missing where the central directory points" };
        var header = ZipDirectory.ReadAt(stream, at, 30);
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(26));
        int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(28));
        var dataAt = at + 30 + nameLength + extraLength;
        if (entry.CompressedSize < 0 || dataAt + entry.CompressedSize > end.DirectoryAt)
            return new LocatedZipEntry(entry, -1, 0) { Unreadable = $"its declared size ({entry.CompressedSize:N0} bytes) runs past the archive's data" };
        var local = ZipDirectory.ReadAt(stream, at + 30, nameLength + extraLength);
        layout.CoverEntry(at, dataAt + entry.CompressedSize - at);
        // A data descriptor (12 to 24 bytes) may follow the data; it holds only a checksum and sizes.
        if (entry.SizesFollowData) layout.Cover(dataAt + entry.CompressedSize, 24);
        var localExtra = ZipExtraFields.Parse(local.AsSpan(nameLength));
        var merged = entry with
        {
            // Writers usually repeat the same fields in both headers: read them once.
            UnknownExtra = localExtra.Unknown.AsSpan().SequenceEqual(entry.UnknownExtra) ? entry.UnknownExtra : [.. entry.UnknownExtra, .. localExtra.Unknown],
            HasAesExtra = entry.HasAesExtra || localExtra.HasAes,
        };
        // Two names for one entry: tools that read local headers would see another file than the directory lists.
        var renamed = !local.AsSpan(0, nameLength).SequenceEqual(entry.RawName);
        return new LocatedZipEntry(merged, dataAt, entry.CompressedSize)
        {
            Warning = renamed ? "its local header gives it a different name than the central directory" : null,
        };
    }
}
