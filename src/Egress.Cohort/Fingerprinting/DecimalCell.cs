namespace Egress.Cohort.Fingerprinting;

/// <summary>Reads a plain decimal cell ("-5.1203") as a scaled integer and its number of decimals.</summary>
public static class DecimalCell
{
    /// <summary>False unless the cell is an optional '-' or '+', digits, '.', at least one digit (at most 17 digits in all).</summary>
    public static bool TryParse(ReadOnlySpan<char> cell, out long scaled, out int decimals)
    {
        scaled = 0;
        decimals = 0;
        cell = cell.Trim();
        var negative = cell.Length > 0 && cell[0] == '-';
        if (cell.Length > 0 && (cell[0] == '-' || cell[0] == '+')) cell = cell[1..];
        var point = cell.IndexOf('.');
        if (point <= 0 || point == cell.Length - 1 || cell.Length > 18) return false;
        foreach (var c in cell)
        {
            if (c == '.') continue;
            if (c is < '0' or > '9') return false;
            scaled = scaled * 10 + (c - '0');
        }
        decimals = cell.Length - point - 1;
        if (negative) scaled = -scaled;
        return true;
    }
}
