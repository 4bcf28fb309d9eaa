namespace Egress.Formats.Encodings;

/// <summary>
/// Whether decoded bytes start like a compressed or packed stream: where one run fits two alphabets
/// (base32 and base32hex, Z85 and ASCII85), the decode that starts with a known magic is the right one.
/// </summary>
internal static class StreamMagic
{
    public static bool Starts(ReadOnlySpan<byte> b) =>
        b.Length >= 4 && (
            b[0] == 0x1F && b[1] == 0x8B                                            // gzip
            || b[0] == 0x78 && b[1] is 0x01 or 0x5E or 0x9C or 0xDA                 // zlib
            || b.StartsWith("PK\x03\x04"u8) || b.StartsWith("BZh"u8) || b.StartsWith("%PDF"u8)
            || b.StartsWith((ReadOnlySpan<byte>)[0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z'])     // xz
            || b.StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD]));                             // zstd

    /// <summary>Text or a known stream: the decode that makes sense, when two alphabets fit.</summary>
    public static bool Plausible(byte[] decoded) => Starts(decoded) || !LayoutSniffer.LooksBinary(decoded);
}
