using System.Buffers.Binary;
using Egress.Formats.Content;

namespace Egress.Formats.Containers;

/// <summary>
/// Where a zip's structures lie: the end record (found from the end of the file, so bytes prepended
/// to the archive — a self-extractor's stub, junk — do not hide it), the central directory, and how
/// far the archive is shifted from where its offsets say it starts.
/// </summary>
public sealed record ZipEnd
{
    public long EndRecordAt { get; init; }
    public long CommentAt => EndRecordAt + 22;
    public int CommentLength { get; init; }
    /// <summary>Just past the end record and its comment: anything from here on was appended.</summary>
    public long EndsAt => CommentAt + CommentLength;
    public long DirectoryAt { get; init; }
    public long DirectorySize { get; init; }
    public long DeclaredEntries { get; init; }
    /// <summary>Bytes in front of the archive its offsets do not count (prepended data).</summary>
    public long Shift { get; init; }
    /// <summary>The zip64 end record and locator, when present: [at, at + length).</summary>
    public (long At, long Length)? Zip64Records { get; init; }
}

/// <summary>Finds a zip's end record and reads its central directory; every size is checked against the file.</summary>
public static class ZipDirectory
{
    public const uint LocalHeaderSignature = 0x04034b50;
    public const uint CentralHeaderSignature = 0x02014b50;
    public const uint EndSignature = 0x06054b50;
    public const uint Zip64EndSignature = 0x06064b50;
    public const uint Zip64LocatorSignature = 0x07064b50;
    public const uint DescriptorSignature = 0x08074b50;
    private const int EndLength = 22;
    private const int MaxCommentLength = 0xFFFF;

    /// <summary>The end record nearest the end of the file that points at a real central directory, or null.</summary>
    public static ZipEnd? FindEnd(Stream stream, long size)
    {
        if (size < EndLength) return null;
        var tailLength = (int)Math.Min(size, EndLength + MaxCommentLength);
        var tailAt = size - tailLength;
        var tail = ReadAt(stream, tailAt, tailLength);
        for (var i = tailLength - EndLength; i >= 0; i--)
        {
            if (tail[i] != 0x50 || BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) != EndSignature) continue;
            if (TryEnd(stream, size, tail.AsSpan(i), tailAt + i) is { } end) return end;
        }
        return null;
    }

    private static ZipEnd? TryEnd(Stream stream, long size, ReadOnlySpan<byte> record, long at)
    {
        int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(record[20..]);
        if (at + EndLength + commentLength > size) return null;
        long entries = BinaryPrimitives.ReadUInt16LittleEndian(record[10..]);
        long directorySize = BinaryPrimitives.ReadUInt32LittleEndian(record[12..]);
        long directoryOffset = BinaryPrimitives.ReadUInt32LittleEndian(record[16..]);
        var directoryEnd = at;
        (long, long)? zip64 = null;
        if ((entries == 0xFFFF || directorySize == uint.MaxValue || directoryOffset == uint.MaxValue) && Zip64End(stream, at) is { } wide)
        {
            (entries, directorySize, directoryOffset) = (wide.Entries, wide.DirectorySize, wide.DirectoryOffset);
            directoryEnd = wide.At;
            zip64 = (wide.At, at - wide.At);
        }
        if (directorySize == 0)
            return entries == 0 ? End(at, commentLength, directoryEnd, 0, entries, 0, zip64) : null;
        // The directory ends where the end records begin; its declared offset then tells how much was prepended.
        var directoryAt = directoryEnd - directorySize;
        if (directoryAt >= 0 && directoryAt >= directoryOffset && SignatureAt(stream, directoryAt) == CentralHeaderSignature)
            return End(at, commentLength, directoryAt, directorySize, entries, directoryAt - directoryOffset, zip64);
        // Or the declared offset is right and something sits between the directory and the end record.
        if (directoryOffset + directorySize <= directoryEnd && SignatureAt(stream, directoryOffset) == CentralHeaderSignature)
            return End(at, commentLength, directoryOffset, directorySize, entries, 0, zip64);
        return null;
    }

    private static ZipEnd End(long at, int commentLength, long directoryAt, long directorySize, long entries, long shift, (long, long)? zip64) => new()
    {
        EndRecordAt = at,
        CommentLength = commentLength,
        DirectoryAt = directoryAt,
        DirectorySize = directorySize,
        DeclaredEntries = entries,
        Shift = shift,
        Zip64Records = zip64,
    };

    private static (long At, long Entries, long DirectorySize, long DirectoryOffset)? Zip64End(Stream stream, long endAt)
    {
        const int locatorLength = 20, recordLength = 56;
        if (endAt < locatorLength + recordLength) return null;
        var locator = ReadAt(stream, endAt - locatorLength, locatorLength);
        if (BinaryPrimitives.ReadUInt32LittleEndian(locator) != Zip64LocatorSignature) return null;
        // The record normally sits right before the locator; its declared offset is the fallback.
        foreach (var candidate in new[] { endAt - locatorLength - recordLength, BinaryPrimitives.ReadInt64LittleEndian(locator.AsSpan(8)) })
        {
            if (candidate < 0 || candidate + recordLength > endAt - locatorLength) continue;
            var record = ReadAt(stream, candidate, recordLength);
            if (BinaryPrimitives.ReadUInt32LittleEndian(record) != Zip64EndSignature) continue;
            var entries = BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(32));
            var size = BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(40));
            var offset = BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(48));
            if (entries < 0 || size < 0 || offset < 0) return null;
            return (candidate, entries, size, offset);
        }
        return null;
    }

    /// <summary>
    /// The directory's entries, each counted against the entry limit as it is read (so a directory
    /// claiming millions of entries stops at the limit, and nothing is allocated from its claim).
    /// Returns the entries read and, when the directory is damaged, what is wrong with it.
    /// </summary>
    public static (List<ZipEntryRecord> Entries, string? Damage) ReadEntries(Stream stream, ZipEnd end, UnpackContext context)
    {
        var entries = new List<ZipEntryRecord>();
        var at = end.DirectoryAt;
        var stop = end.DirectoryAt + end.DirectorySize;
        stream.Seek(at, SeekOrigin.Begin);
        var fixedPart = new byte[46];
        while (at < stop)
        {
            context.ThrowIfCancelled();
            if (stop - at < fixedPart.Length || !TryReadExactly(stream, fixedPart)) return (entries, $"the central directory ends inside entry {entries.Count + 1}");
            if (BinaryPrimitives.ReadUInt32LittleEndian(fixedPart) != CentralHeaderSignature)
                return (entries, $"central directory entry {entries.Count + 1} has no valid signature");
            var h = fixedPart.AsSpan();
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(h[28..]);
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(h[30..]);
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(h[32..]);
            var length = 46L + nameLength + extraLength + commentLength;
            if (at + length > stop) return (entries, $"central directory entry {entries.Count + 1} runs past the directory's end");
            context.CountEntry();
            var variable = new byte[nameLength + extraLength + commentLength];
            if (!TryReadExactly(stream, variable)) return (entries, $"the central directory ends inside entry {entries.Count + 1}");
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(h[8..]);
            var name = variable[..nameLength];
            var extra = ZipExtraFields.Parse(variable.AsSpan(nameLength, extraLength));
            var (uncompressed, compressed, offset) = extra.ApplyZip64(
                BinaryPrimitives.ReadUInt32LittleEndian(h[24..]), BinaryPrimitives.ReadUInt32LittleEndian(h[20..]), BinaryPrimitives.ReadUInt32LittleEndian(h[42..]));
            entries.Add(new ZipEntryRecord
            {
                RawName = name,
                Name = EntryNames.Decode(name, (flags & 0x0800) != 0),
                Flags = flags,
                Method = BinaryPrimitives.ReadUInt16LittleEndian(h[10..]),
                CompressedSize = compressed,
                UncompressedSize = uncompressed,
                LocalHeaderOffset = offset,
                HasAesExtra = extra.HasAes,
                HasZip64Extra = extra.HasZip64,
                UnknownExtra = extra.Unknown,
                Comment = variable[(nameLength + extraLength)..],
            });
            at += length;
        }
        if (end.DeclaredEntries != entries.Count && end.DeclaredEntries != 0xFFFF)
            return (entries, $"the end record counts {end.DeclaredEntries:N0} entries but the central directory holds {entries.Count:N0}");
        return (entries, null);
    }

    public static uint? SignatureAt(Stream stream, long at)
    {
        if (at < 0 || at + 4 > stream.Length) return null;
        Span<byte> bytes = stackalloc byte[4];
        stream.Seek(at, SeekOrigin.Begin);
        return TryReadExactly(stream, bytes) ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : null;
    }

    public static byte[] ReadAt(Stream stream, long at, int length)
    {
        var bytes = new byte[length];
        stream.Seek(at, SeekOrigin.Begin);
        if (!TryReadExactly(stream, bytes)) throw new EndOfStreamException();
        return bytes;
    }

    public static bool TryReadExactly(Stream stream, Span<byte> buffer)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var n = stream.Read(buffer[filled..]);
            if (n == 0) return false;
            filled += n;
        }
        return true;
    }
}
