using System.Buffers.Binary;
using System.Text;

namespace Egress.Formats.Data.Sqlite;

/// <summary>
/// One row in SQLite's record format (a header of serial types, then the values) as text cells:
/// integers and reals in shortest round-trip form, NULL as empty, text decoded. Blobs are kept apart
/// (their cell is empty) to be read again as files of their own.
/// </summary>
internal static class SqliteRecord
{
    public static List<string> Cells(ReadOnlySpan<byte> record, Encoding text, List<byte[]>? blobs)
    {
        var at = 0;
        var headerLength = SqliteVarint.Read(record, ref at);
        if (headerLength < at || headerLength > record.Length) throw new InvalidDataException("an SQLite record header longer than its record");
        var body = (int)headerLength;
        var cells = new List<string>();
        while (at < headerLength)
        {
            var type = SqliteVarint.Read(record[..body], ref at);
            var size = Size(type);
            if (size > record.Length - body) throw new InvalidDataException("an SQLite record value that runs past its record");
            var value = record.Slice(body, (int)size);
            body += (int)size;
            cells.Add(type switch
            {
                0 => "",
                >= 1 and <= 6 => NumberText.Integer(Integer(value)),
                7 => Real(BinaryPrimitives.ReadDoubleBigEndian(value)),
                8 => "0",
                9 => "1",
                _ when type % 2 == 1 => text.GetString(value),
                _ => Blob(value, blobs),
            });
        }
        return cells;
    }

    private static string Real(double v) => double.IsNaN(v) ? "" : NumberText.Double(v);

    private static string Blob(ReadOnlySpan<byte> value, List<byte[]>? blobs)
    {
        if (value.Length > 0) blobs?.Add(value.ToArray());
        return "";
    }

    private static long Size(long type) => type switch
    {
        0 or 8 or 9 => 0,
        1 => 1, 2 => 2, 3 => 3, 4 => 4, 5 => 6, 6 or 7 => 8,
        10 or 11 => throw new InvalidDataException($"a reserved SQLite serial type {type}"),
        < 0 => throw new InvalidDataException("a negative SQLite serial type"),
        _ => (type - 12) / 2,
    };

    /// <summary>A big-endian two's complement integer of 1 to 8 bytes.</summary>
    private static long Integer(ReadOnlySpan<byte> b)
    {
        long v = (sbyte)b[0];
        for (var i = 1; i < b.Length; i++) v = v << 8 | b[i];
        return v;
    }
}
