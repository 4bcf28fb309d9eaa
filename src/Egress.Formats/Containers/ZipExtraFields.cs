using System.Buffers.Binary;

namespace Egress.Formats.Containers;

/// <summary>
/// The extra fields of a zip header: the zip64 sizes and the AES marker are taken; fields of known
/// kinds (timestamps, owners, alignment padding, ...) hold nothing worth reading; the payload of any
/// other field is kept so it is read as content, since it can carry arbitrary bytes past other tools.
/// </summary>
public sealed class ZipExtraFields
{
    public const int Zip64Id = 0x0001;
    public const int AesId = 0x9901;

    // Registered header ids (APPNOTE 4.5.2 and 4.6) that carry metadata, signatures or padding.
    private static readonly HashSet<int> KnownIds =
    [
        0x0007, 0x0008, 0x0009, 0x000a, 0x000c, 0x000d, 0x000e, 0x000f, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018, 0x0019,
        0x0020, 0x0021, 0x0022, 0x0023, 0x0065, 0x0066, 0x07c8, 0x2605, 0x2705, 0x2805, 0x334d, 0x4341, 0x4453, 0x4704,
        0x470f, 0x4b46, 0x4c41, 0x4d49, 0x4f4c, 0x5356, 0x5455, 0x554e, 0x5855, 0x6375, 0x6542, 0x6854, 0x7075, 0x7441,
        0x756e, 0x7855, 0x7875, 0xa11e, 0xa220, 0xcafe, 0xd935, 0xe57a, 0xfd4a,
    ];

    public bool HasAes { get; private set; }
    public bool HasZip64 { get; private set; }
    public byte[] Unknown { get; private set; } = [];
    private ReadOnlyMemory<byte> _zip64;

    public static ZipExtraFields Parse(ReadOnlySpan<byte> extra)
    {
        var fields = new ZipExtraFields();
        var unknown = new List<byte>();
        var at = 0;
        while (at + 4 <= extra.Length)
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(extra[at..]);
            var length = BinaryPrimitives.ReadUInt16LittleEndian(extra[(at + 2)..]);
            if (at + 4 + length > extra.Length) break;
            var payload = extra.Slice(at + 4, length);
            if (id == Zip64Id)
            {
                fields.HasZip64 = true;
                fields._zip64 = payload.ToArray();
            }
            else if (id == AesId) fields.HasAes = true;
            else if (!KnownIds.Contains(id)) unknown.AddRange(payload);
            at += 4 + length;
        }
        // Bytes that do not parse as fields (zipalign pads with bare zeros) are kept like unknown payload.
        unknown.AddRange(extra[at..]);
        // Zeros carry nothing: alignment padding is not content.
        if (unknown.Exists(b => b != 0)) fields.Unknown = [.. unknown];
        return fields;
    }

    /// <summary>
    /// Replaces the 32-bit values the header marked as "in the zip64 field" (all ones), in the order
    /// APPNOTE gives: uncompressed size, compressed size, local header offset.
    /// </summary>
    public (long Uncompressed, long Compressed, long Offset) ApplyZip64(long uncompressed, long compressed, long offset)
    {
        var data = _zip64.Span;
        var at = 0;
        uncompressed = Next(data, ref at, uncompressed);
        compressed = Next(data, ref at, compressed);
        offset = Next(data, ref at, offset);
        return (uncompressed, compressed, offset);
    }

    private static long Next(ReadOnlySpan<byte> data, ref int at, long value)
    {
        if (value != uint.MaxValue || at + 8 > data.Length) return value;
        var wide = BinaryPrimitives.ReadInt64LittleEndian(data[at..]);
        at += 8;
        // A negative 64-bit size is damage; keep the marker value, which the range checks then reject.
        return wide < 0 ? value : wide;
    }
}
