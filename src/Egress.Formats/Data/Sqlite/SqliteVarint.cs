namespace Egress.Formats.Data.Sqlite;

/// <summary>SQLite's big-endian variable-length integers: 1 to 9 bytes, the ninth contributing all 8 of its bits.</summary>
internal static class SqliteVarint
{
    public static long Read(ReadOnlySpan<byte> b, ref int at)
    {
        long v = 0;
        for (var i = 0; i < 9; i++)
        {
            if (at >= b.Length) throw new InvalidDataException("an SQLite varint that runs past its page");
            var x = b[at++];
            if (i == 8) return v << 8 | x;
            v = v << 7 | (long)(x & 0x7F);
            if ((x & 0x80) == 0) return v;
        }
        return v;
    }
}
