namespace Egress.Tests.Formats.Containers;

/// <summary>
/// A zip whose one entry decompresses to the zip itself (after Russ Cox, "Zip Files All The Way Down").
/// The deflate data is a program of 10-byte instructions: Ln outputs the next n instructions' worth of
/// literal bytes (a stored block, after empty blocks that pad it to 10 bytes), Rn copies the last n
/// instructions' worth of output (fixed-Huffman blocks of back-references, exactly 80 bits). With the
/// local header as prefix P (p units) and the central directory and end record as suffix S (s units),
/// the program prints P, itself, and S. (Ten bytes, not Cox's five, because every copy this program
/// needs then has an exact 80-bit encoding with fixed Huffman codes.)
/// The CRC fields are left zero: a fixed point of CRC-32 needs a search, and Egress does not check CRCs.
/// </summary>
internal static class ZipQuine
{
    private const int Unit = 10;
    public const string EntryName = "quine0.zip";

    public static byte[] Build()
    {
        var name = System.Text.Encoding.ASCII.GetBytes(EntryName);   // 30 + 10 = 40 bytes of local header: 4 units
        var p = (30 + name.Length) / Unit;
        // Central record 46 + 10 + a 12-byte timestamp extra field (a kind Egress ignores), end record 22: 90 bytes, 9 units.
        var extra = new byte[] { 0x55, 0x54, 8, 0, 1, 0, 0, 0, 0, 0, 0, 0 };
        var s = (46 + name.Length + extra.Length + 22) / Unit;
        var units = p + s + 30;
        var compressedLength = units * Unit;
        var fileLength = (p + s) * Unit + compressedLength;

        var prefix = new MemoryStream();
        ZipBuilder.Write32(prefix, 0x04034b50); ZipBuilder.Write16(prefix, 20); ZipBuilder.Write16(prefix, 0); ZipBuilder.Write16(prefix, 8);
        ZipBuilder.Write16(prefix, 0); ZipBuilder.Write16(prefix, 0x21); ZipBuilder.Write32(prefix, 0u);
        ZipBuilder.Write32(prefix, (uint)compressedLength); ZipBuilder.Write32(prefix, (uint)fileLength);
        ZipBuilder.Write16(prefix, name.Length); ZipBuilder.Write16(prefix, 0); prefix.Write(name);

        var suffix = new MemoryStream();
        ZipBuilder.Write32(suffix, 0x02014b50); ZipBuilder.Write16(suffix, 20); ZipBuilder.Write16(suffix, 20); ZipBuilder.Write16(suffix, 0);
        ZipBuilder.Write16(suffix, 8); ZipBuilder.Write16(suffix, 0); ZipBuilder.Write16(suffix, 0x21); ZipBuilder.Write32(suffix, 0u);
        ZipBuilder.Write32(suffix, (uint)compressedLength); ZipBuilder.Write32(suffix, (uint)fileLength);
        ZipBuilder.Write16(suffix, name.Length); ZipBuilder.Write16(suffix, extra.Length); ZipBuilder.Write16(suffix, 0);
        ZipBuilder.Write16(suffix, 0); ZipBuilder.Write16(suffix, 0); ZipBuilder.Write32(suffix, 0u); ZipBuilder.Write32(suffix, 0u);
        suffix.Write(name); suffix.Write(extra);
        var directoryLength = suffix.Length;
        ZipBuilder.Write32(suffix, 0x06054b50); ZipBuilder.Write16(suffix, 0); ZipBuilder.Write16(suffix, 0); ZipBuilder.Write16(suffix, 1);
        ZipBuilder.Write16(suffix, 1); ZipBuilder.Write32(suffix, (uint)directoryLength); ZipBuilder.Write32(suffix, (uint)(prefix.Length + compressedLength));
        ZipBuilder.Write16(suffix, 0);

        var P = prefix.ToArray();
        var S = suffix.ToArray();
        if (P.Length != p * Unit || S.Length != s * Unit) throw new InvalidOperationException("prefix and suffix must be whole units");

        byte[] L(int n) => Literal(n);
        byte[] R(int n, bool final = false) => Repeat(n, final);
        var program = new List<byte[]>
        {
            L(p + 1), P, L(p + 1),
            R(p + 1),
            L(1), R(p + 1),
            L(1), L(1),
            L(4), R(p + 1), L(1), L(1), L(4),
            R(4),
            L(4), R(4), L(4), R(4), L(4),
            R(4),
            L(4), R(4), L(0), L(0), L(s + 1),
            R(4),
            L(0),
            L(0),
            L(s + 1), R(s + 1, final: true), S,
            R(s + 1, final: true),
        };
        var compressed = program.SelectMany(b => b).ToArray();
        if (compressed.Length != compressedLength) throw new InvalidOperationException($"program is {compressed.Length} bytes, expected {compressedLength}");
        return [.. P, .. compressed, .. S];
    }

    /// <summary>Four empty fixed-Huffman blocks, then a stored block header announcing n units of literal bytes: 10 bytes, byte-aligned.</summary>
    private static byte[] Literal(int units)
    {
        var bits = new BitWriter();
        for (var i = 0; i < 4; i++)
        {
            bits.Bits(0, 1);
            bits.Bits(1, 2);
            bits.Code(0, 7);
        }
        bits.Bits(0, 3);
        var length = (ushort)(units * Unit);
        byte[] literal = [.. bits.ToArray(), (byte)length, (byte)(length >> 8), (byte)~length, (byte)(~length >> 8)];
        if (literal.Length != Unit) throw new InvalidOperationException("a literal instruction must be one unit");
        return literal;
    }

    /// <summary>
    /// Fixed-Huffman blocks copying n units from n units back, in exactly 80 bits: the copy is split
    /// into pieces (same distance) and empty blocks are added until the bits come out even.
    /// </summary>
    private static byte[] Repeat(int units, bool final)
    {
        var total = units * Unit;
        for (var blocks = 1; blocks <= 4; blocks++)
            for (var a = 3; a <= Math.Min(258, total); a++)
                for (var b = 0; b <= Math.Min(258, total - a); b = b == 0 ? 3 : b + 1)
                {
                    var c = total - a - b;
                    if (c is > 0 and < 3 || c > 258 || (b == 0 && c > 0)) continue;
                    var bits = new BitWriter();
                    for (var block = 0; block < blocks; block++)
                    {
                        bits.Bits(final && block == blocks - 1 ? 1 : 0, 1);
                        bits.Bits(1, 2);
                        if (block == 0)
                            foreach (var piece in new[] { a, b, c }.Where(x => x > 0)) bits.Copy(piece, total);
                        bits.Code(0, 7); // end of block
                    }
                    if (bits.Count == Unit * 8) return bits.ToArray();
                }
        throw new InvalidOperationException($"no {Unit * 8}-bit encoding of a {total}-byte copy");
    }

    private sealed class BitWriter
    {
        private static readonly int[] LengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
        private static readonly int[] LengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
        private static readonly int[] DistanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
        private static readonly int[] DistanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
        private readonly List<bool> _bits = [];

        public int Count => _bits.Count;

        /// <summary>Extra bits and header fields: least significant bit first.</summary>
        public void Bits(int value, int n)
        {
            for (var i = 0; i < n; i++) _bits.Add(((value >> i) & 1) != 0);
        }

        /// <summary>Huffman codes: most significant bit first.</summary>
        public void Code(int code, int n)
        {
            for (var i = n - 1; i >= 0; i--) _bits.Add(((code >> i) & 1) != 0);
        }

        public void Copy(int length, int distance)
        {
            var l = Array.FindLastIndex(LengthBase, b => b <= length);
            var symbol = 257 + l;
            if (symbol <= 279) Code(symbol - 256, 7);
            else Code(0b1100_0000 + symbol - 280, 8);
            Bits(length - LengthBase[l], LengthExtra[l]);
            var d = Array.FindLastIndex(DistanceBase, b => b <= distance);
            Code(d, 5);
            Bits(distance - DistanceBase[d], DistanceExtra[d]);
        }

        public byte[] ToArray()
        {
            var bytes = new byte[(_bits.Count + 7) / 8];
            for (var i = 0; i < _bits.Count; i++)
                if (_bits[i]) bytes[i / 8] |= (byte)(1 << (i % 8));
            return bytes;
        }
    }
}
