namespace Egress.Formats;

/// <summary>
/// Dates to ISO `YYYY-MM-DD`: `2008-05-21`, `2008/05/21`, and day-first `21/05/2008`, `21-05-2008`,
/// `21.05.2008` (the UK convention), with an all-zero time of day dropped.
/// </summary>
internal static class DateCanonicalizer
{
    public static CanonicalValue TryCanonicalize(ReadOnlySpan<byte> s, Span<byte> dest)
    {
        if (s.Length > 10) s = DropZeroTime(s);
        if (s.Length != 10) return CanonicalValue.Empty;
        int year, month, day;
        if (IsSep(s[4]) && s[7] == s[4] && s[4] != '.' && AllDigits(s, 0, 4) && AllDigits(s, 5, 2) && AllDigits(s, 8, 2))
        {
            year = Num(s, 0, 4); month = Num(s, 5, 2); day = Num(s, 8, 2);
        }
        else if (IsSep(s[2]) && s[5] == s[2] && AllDigits(s, 0, 2) && AllDigits(s, 3, 2) && AllDigits(s, 6, 4))
        {
            day = Num(s, 0, 2); month = Num(s, 3, 2); year = Num(s, 6, 4);
        }
        else return CanonicalValue.Empty;
        if (month is < 1 or > 12 || day is < 1 or > 31 || year < 1000) return CanonicalValue.Empty;
        Write4(dest, 0, year);
        dest[4] = (byte)'-';
        Write2(dest, 5, month);
        dest[7] = (byte)'-';
        Write2(dest, 8, day);
        return new CanonicalValue(ValueKind.Date, 10, 0, false);
    }

    private static ReadOnlySpan<byte> DropZeroTime(ReadOnlySpan<byte> s)
    {
        if (s.Length < 11 || s[10] is not ((byte)' ' or (byte)'T')) return s;
        foreach (var c in s[11..])
            if (c is not ((byte)'0' or (byte)':' or (byte)'.' or (byte)'Z')) return s;
        return s[..10];
    }

    private static bool IsSep(byte b) => b is (byte)'-' or (byte)'/' or (byte)'.';

    private static bool AllDigits(ReadOnlySpan<byte> s, int start, int count)
    {
        for (var i = start; i < start + count; i++)
            if (s[i] is < (byte)'0' or > (byte)'9') return false;
        return true;
    }

    private static int Num(ReadOnlySpan<byte> s, int start, int count)
    {
        var v = 0;
        for (var i = start; i < start + count; i++) v = v * 10 + (s[i] - '0');
        return v;
    }

    private static void Write4(Span<byte> d, int at, int v)
    {
        d[at] = (byte)('0' + v / 1000);
        d[at + 1] = (byte)('0' + v / 100 % 10);
        d[at + 2] = (byte)('0' + v / 10 % 10);
        d[at + 3] = (byte)('0' + v % 10);
    }

    private static void Write2(Span<byte> d, int at, int v)
    {
        d[at] = (byte)('0' + v / 10);
        d[at + 1] = (byte)('0' + v % 10);
    }
}
