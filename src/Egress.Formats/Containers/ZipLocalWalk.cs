using System.Buffers.Binary;
using Egress.Formats.Content;

namespace Egress.Formats.Containers;

/// <summary>
/// Reads a zip from its local headers, one after another, when its central directory is missing
/// (a truncated file) or damaged: every entry that can still be found is checked, and a notice says
/// the archive is damaged, so it is never released.
/// </summary>
public static class ZipLocalWalk
{
    public static IEnumerable<Part> Read(ContentSource archive, Stream stream, long size, string path, UnpackContext context, string why)
    {
        yield return new Notice(path, NoticeKind.Corrupt, $"zip archive read entry by entry because {why}; anything after the last readable entry was not inspected");
        var at = FindSignature(stream, 0, size, context);
        for (var index = 0; at >= 0 && at + 30 <= size; index++)
        {
            context.ThrowIfCancelled();
            var header = ZipDirectory.ReadAt(stream, at, 30);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != ZipDirectory.LocalHeaderSignature) yield break;
            context.CountEntry();
            var h = header.AsSpan();
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(h[26..]);
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(h[28..]);
            var dataAt = at + 30 + nameLength + extraLength;
            if (dataAt > size)
            {
                yield return new Notice(path, NoticeKind.Corrupt, $"the archive ends inside the header of entry {index + 1}");
                yield break;
            }
            var variable = ZipDirectory.ReadAt(stream, at + 30, nameLength + extraLength);
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(h[6..]);
            var extra = ZipExtraFields.Parse(variable.AsSpan(nameLength));
            var (uncompressed, compressed, _) = extra.ApplyZip64(BinaryPrimitives.ReadUInt32LittleEndian(h[22..]), BinaryPrimitives.ReadUInt32LittleEndian(h[18..]), 0);
            var entry = new ZipEntryRecord
            {
                RawName = variable[..nameLength],
                Name = EntryNames.Decode(variable.AsSpan(0, nameLength), (flags & 0x0800) != 0),
                Flags = flags,
                Method = BinaryPrimitives.ReadUInt16LittleEndian(h[8..]),
                CompressedSize = compressed,
                UncompressedSize = uncompressed,
                LocalHeaderOffset = at,
                HasAesExtra = extra.HasAes,
                HasZip64Extra = extra.HasZip64,
                UnknownExtra = extra.Unknown,
            };
            // Sizes given only after the data (streamed writers): the data runs to the next header found;
            // deflate stops by itself at its stream's end.
            var next = entry.SizesFollowData ? FindSignature(stream, dataAt, size, context) : dataAt + compressed;
            var end = next < 0 ? size : Math.Min(next, size);
            var truncated = !entry.SizesFollowData && dataAt + compressed > size;
            var located = new LocatedZipEntry(entry, dataAt, end - dataAt) { SizeKnown = !entry.SizesFollowData && !truncated };
            foreach (var part in ZipEntryParts.For(located, index, archive, path, context)) yield return part;
            if (truncated)
            {
                yield return new Notice(path + "/" + EntryNames.Display(entry.Name, index), NoticeKind.Corrupt,
                    $"the archive ends inside this entry ({size - dataAt:N0} of {compressed:N0} bytes present); the bytes present were read");
                yield break;
            }
            at = next;
        }
    }

    /// <summary>The next local header at or after <paramref name="from"/>, or -1.</summary>
    private static long FindSignature(Stream stream, long from, long size, UnpackContext context)
    {
        const int windowLength = 1 << 16;
        for (var at = from; at + 4 <= size; at += windowLength - 3)
        {
            context.ThrowIfCancelled();
            var length = (int)Math.Min(windowLength, size - at);
            var window = ZipDirectory.ReadAt(stream, at, length);
            for (var i = 0; i + 4 <= length; i++)
                if (window[i] == 0x50 && BinaryPrimitives.ReadUInt32LittleEndian(window.AsSpan(i)) == ZipDirectory.LocalHeaderSignature)
                    return at + i;
            if (length < windowLength) break;
        }
        return -1;
    }
}
