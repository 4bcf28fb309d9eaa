namespace Egress.Formats.Containers;

/// <summary>CRC-32 (IEEE 802.3, as gzip and zip use it), slicing by eight bytes at a time.</summary>
public sealed class Crc32
{
    private static readonly uint[][] Tables = BuildTables();
    private uint _crc = 0xFFFFFFFFu;

    public uint Value => _crc ^ 0xFFFFFFFFu;

    public void Reset() => _crc = 0xFFFFFFFFu;

    public void Append(ReadOnlySpan<byte> data)
    {
        var crc = _crc;
        var t = Tables;
        while (data.Length >= 8)
        {
            var low = crc ^ (uint)(data[0] | data[1] << 8 | data[2] << 16 | data[3] << 24);
            crc = t[7][low & 0xFF] ^ t[6][(low >> 8) & 0xFF] ^ t[5][(low >> 16) & 0xFF] ^ t[4][low >> 24]
                  ^ t[3][data[4]] ^ t[2][data[5]] ^ t[1][data[6]] ^ t[0][data[7]];
            data = data[8..];
        }
        foreach (var b in data) crc = t[0][(crc ^ b) & 0xFF] ^ (crc >> 8);
        _crc = crc;
    }

    private static uint[][] BuildTables()
    {
        var tables = new uint[8][];
        tables[0] = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            tables[0][n] = c;
        }
        for (var s = 1; s < 8; s++)
        {
            tables[s] = new uint[256];
            for (var n = 0; n < 256; n++) tables[s][n] = (tables[s - 1][n] >> 8) ^ tables[0][tables[s - 1][n] & 0xFF];
        }
        return tables;
    }
}
