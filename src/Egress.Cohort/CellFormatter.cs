using System.Buffers.Text;
using System.Text;

namespace Egress.Cohort;

/// <summary>
/// Writes stored cell values as UTF-8 bytes: invariant, '.' decimal point, exactly the column's decimals.
/// Fixed-point values are formatted from their scaled integers, so "5.120" keeps its zero and no
/// binary-floating rounding can creep in.
/// </summary>
public static class CellFormatter
{
    private static readonly uint[] powers = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];

    public static double Pow10(int decimals) => powers[decimals];

    /// <summary>Longest text any cell of the column can produce.</summary>
    public static int MaxBytes(CohortColumn column) => column.Kind switch
    {
        CellKind.Date => 10,
        CellKind.Code => column.CodesUtf8!.Max(c => c.Length),
        _ => 12, // sign + 10 digits + '.' of a 32-bit value
    };

    /// <summary>Writes the cell (nothing when missing) and returns the bytes written.</summary>
    public static int Write(CohortColumn column, int value, Span<byte> destination)
    {
        if (value == ParticipantTable.Missing) return 0;
        switch (column.Kind)
        {
            case CellKind.Integer: return WriteInteger(value, destination);
            case CellKind.Fixed: return WriteFixed(value, column.Decimals, destination);
            case CellKind.Date: return WriteDate(value, destination);
            default:
                var code = column.CodesUtf8![value];
                code.CopyTo(destination);
                return code.Length;
        }
    }

    public static int WriteInteger(int value, Span<byte> destination)
    {
        Utf8Formatter.TryFormat(value, destination, out int written);
        return written;
    }

    public static int WriteFixed(int scaled, int decimals, Span<byte> destination)
    {
        int pos = 0;
        uint magnitude = (uint)scaled;
        if (scaled < 0)
        {
            destination[pos++] = (byte)'-';
            magnitude = (uint)(-(long)scaled);
        }
        uint power = powers[decimals];
        uint whole = magnitude / power;
        uint fraction = magnitude - whole * power;
        Utf8Formatter.TryFormat(whole, destination[pos..], out int written);
        pos += written;
        if (decimals > 0)
        {
            destination[pos++] = (byte)'.';
            for (int d = decimals - 1; d >= 0; d--)
            {
                destination[pos + d] = (byte)('0' + fraction % 10);
                fraction /= 10;
            }
            pos += decimals;
        }
        return pos;
    }

    public static int WriteDate(int dayNumber, Span<byte> destination)
    {
        var date = DateOnly.FromDayNumber(dayNumber);
        WriteDigits(date.Year, 4, destination);
        destination[4] = (byte)'-';
        WriteDigits(date.Month, 2, destination[5..]);
        destination[7] = (byte)'-';
        WriteDigits(date.Day, 2, destination[8..]);
        return 10;
    }

    public static string ToText(CohortColumn column, int value)
    {
        Span<byte> buffer = stackalloc byte[32];
        int n = Write(column, value, buffer);
        return Encoding.UTF8.GetString(buffer[..n]);
    }

    private static void WriteDigits(int value, int width, Span<byte> destination)
    {
        for (int i = width - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }
}
