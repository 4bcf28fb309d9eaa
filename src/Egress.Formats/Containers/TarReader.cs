using Egress.Formats.Content;

namespace Egress.Formats.Containers;

/// <summary>
/// tar (v7, POSIX ustar and pax, GNU), by content: a header block whose checksum holds. Regular files
/// become embedded files, sniffed again; GNU long names and pax headers name the next entry; links,
/// devices and folders carry no content (a link that points out of the archive is reported). Bytes
/// after the end-of-archive marker are read as content: that is where data would be hidden.
/// </summary>
public sealed class TarReader : IContentReader
{
    /// <summary>GNU long names and pax headers larger than this are not metadata but damage or an attack.</summary>
    public const int MaxMetadataBytes = 1 << 20;

    public string Format => "tar";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) =>
        head.Length >= TarHeader.BlockSize && new TarHeader(head[..TarHeader.BlockSize]).Plausible;

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        var names = new EntryNameListing();
        foreach (var part in ReadEntries(source, path, context, names)) yield return part;
        if (names.Part(path) is { } listing) yield return listing;
    }

    private static IEnumerable<Part> ReadEntries(ContentSource source, string path, UnpackContext context, EntryNameListing names)
    {
        // Entries are read in place at their offsets: a stream that cannot seek (a tar inside a gzip) is
        // taken into memory, within the in-memory cap (past it the unpacker reports the limit).
        var archive = source.Seekable && source.Length is not null ? source : new MemorySource(source.ReadAll(context));
        var size = archive.Length!.Value;
        using var stream = archive.Open();
        var block = new byte[TarHeader.BlockSize];
        long at = 0;
        var index = 0;
        byte[]? longName = null, longLink = null;
        PaxRecords? pax = null;
        while (true)
        {
            context.ThrowIfCancelled();
            // Every tar writer ends with zero blocks: ending on a header boundary without them is a cut.
            if (at >= size)
            {
                yield return new Notice(path, NoticeKind.Corrupt, "the tar archive ends without its end-of-archive marker: it is truncated, and what followed was not inspected");
                yield break;
            }
            if (at + TarHeader.BlockSize > size)
            {
                yield return new Notice(path, NoticeKind.Corrupt, $"the tar archive ends inside a header (at byte {at:N0}); the rest was not inspected");
                yield break;
            }
            stream.Seek(at, SeekOrigin.Begin);
            if (!ZipDirectory.TryReadExactly(stream, block)) throw new EndOfStreamException();
            if (TarHeader.IsZeroBlock(block))
            {
                // The end marker is two zero blocks; one alone means the archive was cut inside it.
                if (at + 2 * TarHeader.BlockSize > size)
                {
                    yield return new Notice(path, NoticeKind.Corrupt, "the tar archive ends inside its end-of-archive marker: it is truncated");
                    yield break;
                }
                var hidden = FirstNonZero(stream, at, size, context);
                if (hidden >= 0) yield return new EmbeddedFile(path + "#after-end", new SliceSource(archive, hidden, size - hidden));
                yield break;
            }
            var (problem, type, declared) = Describe(block);
            if (problem is not null)
            {
                yield return new Notice(path, NoticeKind.Corrupt, $"the tar header at byte {at:N0} is damaged ({problem}); the rest was not inspected");
                yield break;
            }
            var dataAt = at + TarHeader.BlockSize;
            if (type is 'L' or 'K' or 'x' or 'g')
            {
                if (declared > MaxMetadataBytes || dataAt + declared > size)
                {
                    yield return new Notice(path, NoticeKind.Corrupt,
                        $"the tar metadata header at byte {at:N0} declares {declared:N0} bytes, {(declared > MaxMetadataBytes ? "far more than a name or pax header needs" : "past the archive's end")}; the rest was not inspected");
                    yield break;
                }
                var data = new byte[declared];
                if (!ZipDirectory.TryReadExactly(stream, data)) throw new EndOfStreamException();
                at = dataAt + RoundUp(declared);
                switch (type)
                {
                    case 'L': longName = TarHeader.CString(data).ToArray(); break;
                    case 'K': longLink = TarHeader.CString(data).ToArray(); break;
                    default:
                        var records = PaxRecords.Parse(data);
                        if (records.Damage is not null)
                            yield return new Notice(path, NoticeKind.Corrupt, $"the pax header at byte {dataAt - TarHeader.BlockSize:N0} is damaged ({records.Damage})");
                        if (records.OtherValues.Length > 0)
                            yield return new TextPart($"{path}#pax@{dataAt - TarHeader.BlockSize}", new MemorySource(System.Text.Encoding.UTF8.GetBytes(records.OtherValues)));
                        if (type == 'x') pax = records;
                        break;
                }
                continue;
            }
            context.CountEntry();
            var header = new TarHeader(block);
            var name = pax?.Path ?? (longName is not null ? EntryNames.Decode(longName, false) : EntryNames.Decode(header.Name, false));
            var link = pax?.LinkPath ?? (longLink is not null ? EntryNames.Decode(longLink, false) : EntryNames.Decode(header.LinkName, false));
            if (pax?.Size is { } paxSize) declared = paxSize;
            (longName, longLink, pax) = (null, null, null);

            names.Add(name);
            var shown = EntryNames.Display(name, index);
            var entryPath = path + "/" + shown;
            if (EntryNames.Escapes(name) is { } escape)
                yield return new Notice(entryPath, NoticeKind.PathTraversal, $"\"{shown}\" {escape}");
            if (type is '1' or '2' && LinkEscapes(name, link, symbolic: type == '2'))
                yield return new Notice(entryPath, NoticeKind.PathTraversal, $"link \"{shown}\" points to \"{EntryNames.Display(link, index)}\", outside the archive");
            var isFile = type is not ('1' or '2' or '3' or '4' or '5' or '6');
            if (isFile && PerParticipantFileName.FieldOf(name) is { } field)
                yield return new IndividualLevelPart(entryPath, PerParticipantFileName.Format, declared, PerParticipantFileName.Reason(field));

            // Any entry's data is content, whatever its type says (links and folders normally have none).
            var available = Math.Min(declared, size - dataAt);
            if (available > 0)
                yield return new EmbeddedFile(entryPath, new SliceSource(archive, dataAt, available));
            if (available < declared)
            {
                yield return new Notice(entryPath, NoticeKind.Corrupt,
                    $"the tar archive ends inside this entry ({available:N0} of {declared:N0} bytes present); the bytes present were read");
                yield break;
            }
            at = dataAt + RoundUp(declared);
            index++;
        }
    }

    private static (string? Problem, char Type, long Size) Describe(byte[] block)
    {
        var header = new TarHeader(block);
        if (!header.ChecksumValid) return ("its checksum does not match", '\0', 0);
        if (!header.TryGetSize(out var size)) return ("its size is not a number", '\0', 0);
        return (null, header.TypeFlag, size);
    }

    private static long RoundUp(long size) => (size + TarHeader.BlockSize - 1) / TarHeader.BlockSize * TarHeader.BlockSize;

    /// <summary>
    /// Whether a link leads out of the archive: an absolute target, or one that climbs above the root —
    /// from the link's own folder for a symbolic link, from the archive's root for a hard link.
    /// </summary>
    public static bool LinkEscapes(string name, string target, bool symbolic)
    {
        if (target.StartsWith('/') || target.StartsWith('\\') || (target.Length >= 2 && char.IsAsciiLetter(target[0]) && target[1] == ':')) return true;
        var depth = 0;
        if (symbolic)
            depth = name.Split('/', '\\').SkipLast(1).Count(s => s.Length > 0 && s != ".");
        foreach (var segment in target.Split('/', '\\'))
        {
            if (segment == "..") depth--;
            else if (segment.Length > 0 && segment != ".") depth++;
            if (depth < 0) return true;
        }
        return false;
    }

    /// <summary>The first non-zero byte at or after <paramref name="from"/>, or -1: zero padding after the end marker is normal.</summary>
    private static long FirstNonZero(Stream stream, long from, long size, UnpackContext context)
    {
        var window = new byte[1 << 16];
        stream.Seek(from, SeekOrigin.Begin);
        for (var at = from; at < size;)
        {
            context.ThrowIfCancelled();
            var n = stream.Read(window, 0, (int)Math.Min(window.Length, size - at));
            if (n == 0) break;
            var i = window.AsSpan(0, n).IndexOfAnyExcept((byte)0);
            if (i >= 0) return at + i;
            at += n;
        }
        return -1;
    }
}
