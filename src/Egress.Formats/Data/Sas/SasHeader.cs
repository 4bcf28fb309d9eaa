using System.Buffers.Binary;
using System.Text;

namespace Egress.Formats.Data.Sas;

/// <summary>
/// The file header of a SAS7BDAT dataset: word size (32- or 64-bit offsets), byte order, the lengths of the header and
/// of a page, the page count, the character set and the dataset label. Every integer in the file is read through it,
/// in the file's byte order.
/// </summary>
public sealed class SasHeader
{
    public static ReadOnlySpan<byte> Magic =>
    [
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC2, 0xEA, 0x81, 0x60,
        0xB3, 0x14, 0x11, 0xCF, 0xBD, 0x92, 0x08, 0x00, 0x09, 0xC7, 0x31, 0x8C, 0x18, 0x1F, 0x10, 0x11,
    ];

    /// <summary>The byte that marks 64-bit offsets (at 32) and 4 bytes of padding before the timestamps (at 35).</summary>
    private const byte Wide = 0x33;

    public bool U64 { get; private init; }
    public bool LittleEndian { get; private init; }
    public int HeaderLength { get; private init; }
    public int PageLength { get; private init; }
    public long PageCount { get; private init; }
    /// <summary>SAS's character-set code (20 is UTF-8; 0, 62 and 204 are Windows-1252).</summary>
    public int CharacterSet { get; private init; }
    public string Label { get; private init; } = "";

    /// <summary>Bytes of an offset or a count: 8 in 64-bit files, 4 otherwise.</summary>
    public int IntLength => U64 ? 8 : 4;
    /// <summary>The page header; its last 8 bytes are the page type, block count and subheader count.</summary>
    public int PageHeaderLength => U64 ? 40 : 24;
    public int PointerLength => U64 ? 24 : 12;

    public static SasHeader Read(ReadOnlySpan<byte> data)
    {
        if (data.Length < 288 || !data.StartsWith(Magic)) throw new EndOfStreamException();
        var u64 = data[32] == Wide;
        var pad = data[35] == Wide ? 4 : 0;
        var little = data[37] switch
        {
            1 => true,
            0 => false,
            _ => throw new InvalidDataException("a SAS7BDAT header with an unknown byte order"),
        };
        var h = new SasHeader { U64 = u64, LittleEndian = little, CharacterSet = data[70] };
        var headerLength = h.U32(data, 196 + pad);
        var pageLength = h.U32(data, 200 + pad);
        var pageCount = u64 ? h.U64At(data, 204 + pad) : h.U32(data, 204 + pad);
        if (headerLength < 288 || headerLength > 1 << 24 || pageLength < 1024 || pageLength > 1 << 24)
            throw new InvalidDataException("a SAS7BDAT header with an impossible header or page length");
        if (pageCount > 1 << 24) throw new InvalidDataException("a SAS7BDAT header with an impossible page count");
        return new SasHeader
        {
            U64 = u64,
            LittleEndian = little,
            CharacterSet = data[70],
            HeaderLength = (int)headerLength,
            PageLength = (int)pageLength,
            PageCount = (long)pageCount,
            Label = h.Text(data.Slice(92, 64)),
        };
    }

    public ushort U16(ReadOnlySpan<byte> data, int at) =>
        LittleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(data[at..]) : BinaryPrimitives.ReadUInt16BigEndian(data[at..]);

    public uint U32(ReadOnlySpan<byte> data, int at) =>
        LittleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(data[at..]) : BinaryPrimitives.ReadUInt32BigEndian(data[at..]);

    public ulong U64At(ReadOnlySpan<byte> data, int at) =>
        LittleEndian ? BinaryPrimitives.ReadUInt64LittleEndian(data[at..]) : BinaryPrimitives.ReadUInt64BigEndian(data[at..]);

    /// <summary>An offset or count of the file's word size, capped so that arithmetic on it cannot overflow.</summary>
    public long Int(ReadOnlySpan<byte> data, int at) => (long)Math.Min(U64 ? U64At(data, at) : U32(data, at), int.MaxValue);

    /// <summary>
    /// A subheader's signature: its first four bytes, or in a big-endian 64-bit file the next four when the first are
    /// the sign or zero extension of a 32-bit signature.
    /// </summary>
    public uint Signature(ReadOnlySpan<byte> subheader)
    {
        var sig = U32(subheader, 0);
        if (U64 && !LittleEndian && sig is 0 or 0xFFFFFFFF && subheader.Length >= 8) sig = U32(subheader, 4);
        return sig;
    }

    /// <summary>Text as stored: trailing blanks and NULs dropped, UTF-8 when valid, else the single-byte code page.</summary>
    public string Text(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.Length;
        while (end > 0 && bytes[end - 1] is 0 or (byte)' ') end--;
        bytes = bytes[..end];
        return System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);
    }
}
