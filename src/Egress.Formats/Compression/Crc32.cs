namespace Egress.Formats.Compression;

/// <summary>CRC-32 (ISO 3309, as PNG uses it), table-driven: System.IO.Hashing is not available here.</summary>
public static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second = default) =>
        ~Update(Update(0xFFFFFFFFu, first), second);

    private static uint Update(uint crc, ReadOnlySpan<byte> bytes)
    {
        var table = Table;
        foreach (var b in bytes) crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
