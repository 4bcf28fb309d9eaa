using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Egress.Tests.Formats.Containers;

/// <summary>One entry for <see cref="ZipBuilder"/>: by default a deflate entry with honest headers; every field can lie.</summary>
internal sealed record ZipItem(string Name, byte[] Data)
{
    public ZipItem(string name, string text) : this(name, Encoding.UTF8.GetBytes(text)) { }

    public bool Deflate { get; init; } = true;
    public int Flags { get; init; }
    public int? Method { get; init; }
    /// <summary>The uncompressed size written in both headers (default: the data's length).</summary>
    public long? DeclaredSize { get; init; }
    /// <summary>Raw entry payload, instead of the data compressed here.</summary>
    public byte[]? Payload { get; init; }
    public byte[] Extra { get; init; } = [];
    public byte[]? RawName { get; init; }
    public string? LocalName { get; init; }
    public byte[] Comment { get; init; } = [];
}

/// <summary>
/// A zip writer of our own for tests: it writes what it is told, including what real writers never
/// would (lying sizes, prepended and appended bytes, unknown extra fields, zip64 records).
/// </summary>
internal sealed class ZipBuilder
{
    public List<ZipItem> Items { get; } = [];
    public byte[] Prefix { get; init; } = [];
    /// <summary>Offsets counted from the file's start, as `zip -A` leaves a self-extractor; otherwise from the archive's.</summary>
    public bool OffsetsIncludePrefix { get; init; }
    public byte[] Suffix { get; init; } = [];
    public byte[] Comment { get; init; } = [];
    public byte[] BytesAfterFirstEntry { get; init; } = [];
    public bool Zip64 { get; init; }

    public ZipBuilder Add(ZipItem item)
    {
        Items.Add(item);
        return this;
    }

    public ZipBuilder Add(string name, string text) => Add(new ZipItem(name, text));

    public static byte[] Deflate(byte[] data)
    {
        var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true)) deflate.Write(data);
        return output.ToArray();
    }

    public byte[] Build()
    {
        var file = new MemoryStream();
        file.Write(Prefix);
        var origin = OffsetsIncludePrefix ? 0 : Prefix.Length;
        var central = new MemoryStream();
        for (var i = 0; i < Items.Count; i++)
        {
            var item = Items[i];
            var payload = item.Payload ?? (item.Deflate ? Deflate(item.Data) : item.Data);
            var method = item.Method ?? (item.Deflate ? 8 : 0);
            var size = item.DeclaredSize ?? item.Data.Length;
            var name = item.RawName ?? Encoding.UTF8.GetBytes(item.Name);
            var localName = item.LocalName is null ? name : Encoding.UTF8.GetBytes(item.LocalName);
            var flags = item.Flags | 0x0800;
            var crc = Crc32.Of(item.Data);
            var offset = file.Position - origin;

            var localExtra = Zip64 ? [.. Zip64Field(size, payload.Length, null), .. item.Extra] : item.Extra;
            Write32(file, 0x04034b50); Write16(file, Zip64 ? 45 : 20); Write16(file, flags); Write16(file, method);
            Write16(file, 0); Write16(file, 0x21); Write32(file, crc);
            Write32(file, Zip64 ? uint.MaxValue : (uint)payload.Length); Write32(file, Zip64 ? uint.MaxValue : (uint)size);
            Write16(file, localName.Length); Write16(file, localExtra.Length);
            file.Write(localName); file.Write(localExtra); file.Write(payload);
            if (i == 0) file.Write(BytesAfterFirstEntry);

            var centralExtra = Zip64 ? [.. Zip64Field(size, payload.Length, offset), .. item.Extra] : item.Extra;
            Write32(central, 0x02014b50); Write16(central, 0x031E); Write16(central, Zip64 ? 45 : 20); Write16(central, flags);
            Write16(central, method); Write16(central, 0); Write16(central, 0x21); Write32(central, crc);
            Write32(central, Zip64 ? uint.MaxValue : (uint)payload.Length); Write32(central, Zip64 ? uint.MaxValue : (uint)size);
            Write16(central, name.Length); Write16(central, centralExtra.Length); Write16(central, item.Comment.Length);
            Write16(central, 0); Write16(central, 0); Write32(central, 0); Write32(central, Zip64 ? uint.MaxValue : (uint)offset);
            central.Write(name); central.Write(centralExtra); central.Write(item.Comment);
        }
        var directoryAt = file.Position - origin;
        file.Write(central.ToArray());
        if (Zip64)
        {
            var recordAt = file.Position - origin;
            Write32(file, 0x06064b50); Write64(file, 44); Write16(file, 45); Write16(file, 45); Write32(file, 0); Write32(file, 0);
            Write64(file, Items.Count); Write64(file, Items.Count); Write64(file, central.Length); Write64(file, directoryAt);
            Write32(file, 0x07064b50); Write32(file, 0); Write64(file, recordAt); Write32(file, 1);
        }
        Write32(file, 0x06054b50); Write16(file, 0); Write16(file, 0);
        Write16(file, Zip64 ? 0xFFFF : Items.Count); Write16(file, Zip64 ? 0xFFFF : Items.Count);
        Write32(file, Zip64 ? uint.MaxValue : (uint)central.Length); Write32(file, Zip64 ? uint.MaxValue : (uint)directoryAt);
        Write16(file, Comment.Length); file.Write(Comment);
        file.Write(Suffix);
        return file.ToArray();
    }

    private static byte[] Zip64Field(long size, long compressed, long? offset)
    {
        var field = new MemoryStream();
        Write16(field, 1); Write16(field, offset is null ? 16 : 24); Write64(field, size); Write64(field, compressed);
        if (offset is { } o) Write64(field, o);
        return field.ToArray();
    }

    public static void Write16(Stream s, int v) { Span<byte> b = stackalloc byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)v); s.Write(b); }
    public static void Write32(Stream s, uint v) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); s.Write(b); }
    public static void Write32(Stream s, long v) => Write32(s, (uint)v);
    public static void Write64(Stream s, long v) { Span<byte> b = stackalloc byte[8]; BinaryPrimitives.WriteInt64LittleEndian(b, v); s.Write(b); }
}

/// <summary>CRC-32 (IEEE), for headers real tools would accept.</summary>
internal static class Crc32
{
    private static readonly uint[] Table = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    public static uint Of(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc ^ 0xFFFFFFFFu;
    }
}
