using System.Buffers.Binary;
using System.Text;

namespace Egress.Tests.Formats.Pictures;

/// <summary>
/// Writes small baseline JPEGs for tests by hand: a 24×8 grey picture of three flat blocks (DC 0, EOB),
/// with a restart interval of one block, so the reader must step over restart markers in the scan.
/// </summary>
public static class JpegFile
{
    public static byte[] Segment(byte marker, byte[] payload)
    {
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = marker;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return segment;
    }

    public static byte[] Comment(string text) => Segment(0xFE, Encoding.UTF8.GetBytes(text));

    public static byte[] Exif(byte[] tiff) => Segment(0xE1, [.. "Exif\0\0"u8, .. tiff]);

    /// <summary>Three flat blocks (24×8) with a restart marker after each of the first two.</summary>
    public static readonly byte[] FlatScan = [0x3F, 0xFF, 0xD0, 0x3F, 0xFF, 0xD1, 0x3F];

    public static byte[] Build(IEnumerable<byte[]>? segments = null, byte[]? trailing = null, byte[]? scan = null, int width = 24, int height = 8)
    {
        var file = new List<byte> { 0xFF, 0xD8 };
        file.AddRange(Segment(0xE0, [.. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0]));
        foreach (var s in segments ?? []) file.AddRange(s);
        file.AddRange(Segment(0xDB, [0x00, .. Enumerable.Repeat((byte)1, 64)]));
        file.AddRange(Segment(0xC0, [8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 1, 1, 0x11, 0]));
        // One DC code (category 0) and one AC code (EOB), each one bit long.
        file.AddRange(Segment(0xC4, [0x00, 1, .. new byte[15], 0x00]));
        file.AddRange(Segment(0xC4, [0x10, 1, .. new byte[15], 0x00]));
        file.AddRange(Segment(0xDD, [0, 1]));
        file.AddRange(Segment(0xDA, [1, 1, 0x00, 0, 63, 0]));
        file.AddRange(scan ?? FlatScan);
        file.AddRange([0xFF, 0xD9]);
        if (trailing is not null) file.AddRange(trailing);
        return [.. file];
    }
}

/// <summary>Writes big-endian TIFF/EXIF structures: IFD0 with ASCII tags and an EXIF IFD with a user comment.</summary>
public static class ExifData
{
    public static byte[] Build(IReadOnlyDictionary<ushort, string> ifd0Text, string? userComment = null)
    {
        var entries = ifd0Text.OrderBy(e => e.Key).Select(e => (e.Key, Type: (ushort)2, Value: Encoding.Latin1.GetBytes(e.Value + "\0"))).ToList();
        var exifEntries = userComment is null ? [] : new List<(ushort Key, ushort Type, byte[] Value)> { (0x9286, 7, [.. "ASCII\0\0\0"u8, .. Encoding.ASCII.GetBytes(userComment)]) };
        var output = new List<byte>();
        output.AddRange("MM\0*"u8.ToArray());
        output.AddRange(U32(8));
        var ifd0Size = 2 + 12 * (entries.Count + (exifEntries.Count > 0 ? 1 : 0)) + 4;
        var valuesAt = 8 + ifd0Size;
        var values = new List<byte>();
        var ifd = new List<byte>();
        ifd.AddRange(U16((ushort)(entries.Count + (exifEntries.Count > 0 ? 1 : 0))));
        foreach (var (key, type, value) in entries) ifd.AddRange(Entry(key, type, value, valuesAt, values));
        var exifAt = 0;
        if (exifEntries.Count > 0)
        {
            ifd.AddRange([.. U16(0x8769), .. U16(4), .. U32(1)]);
            exifAt = ifd.Count;
            ifd.AddRange(U32(0));
        }
        ifd.AddRange(U32(0));
        output.AddRange(ifd);
        output.AddRange(values);
        if (exifEntries.Count > 0)
        {
            var exifIfdOffset = output.Count;
            BinaryPrimitives.WriteUInt32BigEndian(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(output).Slice(8 + exifAt, 4), (uint)exifIfdOffset);
            var exifValuesAt = exifIfdOffset + 2 + 12 * exifEntries.Count + 4;
            var exifValues = new List<byte>();
            output.AddRange(U16((ushort)exifEntries.Count));
            foreach (var (key, type, value) in exifEntries) output.AddRange(Entry(key, type, value, exifValuesAt, exifValues));
            output.AddRange(U32(0));
            output.AddRange(exifValues);
        }
        return [.. output];
    }

    private static byte[] Entry(ushort tag, ushort type, byte[] value, int valuesAt, List<byte> values)
    {
        var entry = new List<byte>();
        entry.AddRange(U16(tag));
        entry.AddRange(U16(type));
        entry.AddRange(U32((uint)value.Length));
        if (value.Length <= 4) entry.AddRange([.. value, .. new byte[4 - value.Length]]);
        else
        {
            entry.AddRange(U32((uint)(valuesAt + values.Count)));
            values.AddRange(value);
            if (values.Count % 2 == 1) values.Add(0);
        }
        return [.. entry];
    }

    private static byte[] U16(ushort v) => [(byte)(v >> 8), (byte)v];
    private static byte[] U32(uint v) => [(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v];
}
