namespace Egress.Formats;

/// <summary>
/// Dates to ISO `YYYY-MM-DD`, whichever way they are written: `2008-05-21`, `2008/05/21`; day-first `21/05/2008`,
/// `21-05-2008`, `21.05.2008`, `5/6/2008` (the UK convention); month-first `05/21/2008` (when the day-first reading is
/// not a date, or as the alternate reading when both are); month names in any order and case (`14 Nov 2006`,
/// `14-Nov-2006`, `Nov 14, 2006`, `November 14th 2006`, `2006-Nov-14`, SAS's `14NOV2006`); each with a time of day
/// and a time zone after it (`2008-05-21T13:45:00Z`, `14NOV2006:00:00:00`), which is dropped.
/// </summary>
internal static class DateCanonicalizer
{
    /// <summary>Longest token read as a date: "September 14th, 2006 23:59:59.999999+01:00" and a little room.</summary>
    private const int MaxDateBytes = 48;

    /// <param name="alternate">Where the month-first reading of an ambiguous numeric date goes (`05/06/2008`).</param>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static CanonicalValue TryCanonicalize(ReadOnlySpan<byte> s, Span<byte> dest, Span<byte> alternate, out CanonicalValue alternateValue)
    {
        alternateValue = CanonicalValue.Empty;
        // Cheap refusals first: every token of the text that is not a number comes here, and words have no digits.
        if (s.Length is < 6 or > MaxDateBytes) return CanonicalValue.Empty;
        if (s.Length == 10 && TryFixedNumeric(s, out var y, out var m, out var d, out var ambiguous))
            return Write(y, m, d, dest, alternate, ambiguous, ref alternateValue);
        if (s.IndexOfAnyInRange((byte)'0', (byte)'9') < 0) return CanonicalValue.Empty;
        if (!TryFields(s, out var date)) return CanonicalValue.Empty;
        return Write(date.Year, date.Month, date.Day, dest, alternate, date.MonthFirstToo, ref alternateValue);
    }

    /// <summary>The common forms at fixed places: `YYYY-MM-DD`, `YYYY/MM/DD`, `DD/MM/YYYY`, `DD-MM-YYYY`, `DD.MM.YYYY`.</summary>
    private static bool TryFixedNumeric(ReadOnlySpan<byte> s, out int year, out int month, out int day, out bool monthFirstToo)
    {
        year = month = day = 0;
        monthFirstToo = false;
        if (IsSep(s[4]) && s[7] == s[4] && s[4] != '.' && AllDigits(s, 0, 4) && AllDigits(s, 5, 2) && AllDigits(s, 8, 2))
        {
            year = Num(s, 0, 4); month = Num(s, 5, 2); day = Num(s, 8, 2);
            return month is >= 1 and <= 12 && day is >= 1 and <= 31 && year >= 1000;
        }
        if (IsSep(s[2]) && s[5] == s[2] && AllDigits(s, 0, 2) && AllDigits(s, 3, 2) && AllDigits(s, 6, 4))
            return DayOrMonthFirst(Num(s, 0, 2), Num(s, 3, 2), Num(s, 6, 4), out year, out month, out day, out monthFirstToo);
        return false;
    }

    /// <summary>
    /// `a/b/YYYY`: day-first when that is a date (the UK convention), with the month-first reading as the alternate
    /// when it is a different date too; month-first when only it is a date (`11/14/2006`).
    /// </summary>
    private static bool DayOrMonthFirst(int a, int b, int y, out int year, out int month, out int day, out bool monthFirstToo)
    {
        year = y;
        monthFirstToo = false;
        if (y < 1000) { month = day = 0; return false; }
        if (b is >= 1 and <= 12 && a is >= 1 and <= 31)
        {
            day = a; month = b;
            monthFirstToo = a is >= 1 and <= 12 && a != b;
            return true;
        }
        day = b; month = a;
        return a is >= 1 and <= 12 && b is >= 1 and <= 31;
    }

    private readonly record struct ParsedDate(int Year, int Month, int Day, bool MonthFirstToo);

    private enum FieldKind : byte { Digits, Month }

    /// <summary>
    /// The general reader: three fields (digit runs, or one month name) with the same separator between them (`-`, `/`,
    /// `.`, a space, `, `; none when a month name stands between digits, as SAS writes), then nothing or a time of day.
    /// </summary>
    private static bool TryFields(ReadOnlySpan<byte> s, out ParsedDate date)
    {
        date = default;
        Span<int> values = stackalloc int[3];
        Span<int> widths = stackalloc int[3];
        Span<FieldKind> kinds = stackalloc FieldKind[3];
        var months = 0;
        var i = 0;
        var fields = 0;
        byte firstSep = 0;
        while (fields < 3)
        {
            if (i >= s.Length) return false;
            var start = i;
            if (IsDigit(s[i]))
            {
                var v = 0;
                while (i < s.Length && IsDigit(s[i]) && i - start < 4) v = v * 10 + (s[i++] - '0');
                if (i < s.Length && IsDigit(s[i])) return false;
                values[fields] = v;
                widths[fields] = i - start;
                kinds[fields] = FieldKind.Digits;
                // An ordinal day: 14th, 1st, 22nd, 3rd.
                if (widths[fields] <= 2 && i + 1 < s.Length && IsOrdinalSuffix(s[i], s[i + 1]) && (i + 2 == s.Length || !IsLetter(s[i + 2]))) i += 2;
            }
            else if (IsLetter(s[i]))
            {
                while (i < s.Length && IsLetter(s[i])) i++;
                var month = MonthNumber(s[start..i]);
                if (month == 0) return false;
                values[fields] = month;
                widths[fields] = i - start;
                kinds[fields] = FieldKind.Month;
                months++;
            }
            else return false;
            fields++;
            if (fields == 3) break;
            // The separator: one of - / . or a space (", " and "," read as a space), or none beside a month name (SAS).
            byte sep = 0;
            if (i < s.Length && s[i] == ',')
            {
                i++;
                if (i < s.Length && s[i] == ' ') i++;
                sep = (byte)' ';
            }
            else if (i < s.Length && s[i] is (byte)' ' or (byte)'-' or (byte)'/' or (byte)'.') sep = s[i++];
            if (fields == 1) firstSep = sep;
            else if (sep != firstSep) return false;
        }
        if (i < s.Length && !IsTimeOfDay(s[i..])) return false;

        if (months == 0)
        {
            // Digits only: the fixed forms with one-digit days and months (5/6/2008, 2008-5-6).
            if (firstSep is 0 or (byte)' ') return false;
            if (widths[0] == 4 && widths[1] <= 2 && widths[2] <= 2 && firstSep != '.')
                return Valid(values[0], values[1], values[2], false, out date);
            if (widths[0] <= 2 && widths[1] <= 2 && widths[2] == 4
                && DayOrMonthFirst(values[0], values[1], values[2], out var y, out var m, out var d, out var both))
                return Valid(y, m, d, both, out date);
            return false;
        }
        if (months != 1) return false;
        // One month name and two numbers: the year has four digits, the day one or two (D M Y, M D Y, Y M D).
        if (kinds[1] == FieldKind.Month && widths[0] <= 2 && widths[2] == 4) return Valid(values[2], values[1], values[0], false, out date);
        if (kinds[0] == FieldKind.Month && widths[1] <= 2 && widths[2] == 4) return Valid(values[2], values[0], values[1], false, out date);
        if (kinds[1] == FieldKind.Month && widths[0] == 4 && widths[2] <= 2) return Valid(values[0], values[1], values[2], false, out date);
        return false;
    }

    private static bool Valid(int year, int month, int day, bool monthFirstToo, out ParsedDate date)
    {
        date = new ParsedDate(year, month, day, monthFirstToo);
        return year is >= 1000 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
               && (!monthFirstToo || day <= 12 && month <= DateTime.DaysInMonth(year, day));
    }

    /// <summary>
    /// A time of day after a date: `T13:45`, ` 13:45:00.123`, `:00:00:00` (SAS), with `Z` or `±hh:mm` after it.
    /// </summary>
    private static bool IsTimeOfDay(ReadOnlySpan<byte> t)
    {
        if (t.Length < 6 || t[0] is not ((byte)' ' or (byte)'T' or (byte)':')) return false;
        var i = 1;
        if (!TwoDigits(t, i) || t[i + 2] != ':' || !TwoDigits(t, i + 3)) return false;
        i += 5;
        if (i + 2 < t.Length && t[i] == ':' && TwoDigits(t, i + 1))
        {
            i += 3;
            if (i < t.Length && t[i] is (byte)'.' or (byte)',')
            {
                i++;
                var start = i;
                while (i < t.Length && IsDigit(t[i])) i++;
                if (i == start) return false;
            }
        }
        if (i == t.Length) return true;
        if (t[i] == 'Z') return i + 1 == t.Length;
        if (t[i] is not ((byte)'+' or (byte)'-') || !TwoDigits(t, i + 1)) return false;
        i += 3;
        if (i == t.Length) return true;
        if (t[i] == ':') i++;
        return i + 2 == t.Length && TwoDigits(t, i);
    }

    private static bool TwoDigits(ReadOnlySpan<byte> t, int at) => at + 1 < t.Length && IsDigit(t[at]) && IsDigit(t[at + 1]);

    private static bool IsOrdinalSuffix(byte a, byte b) => (a | 0x20, b | 0x20) is ('s', 't') or ('n', 'd') or ('r', 'd') or ('t', 'h');

    /// <summary>1–12 for an English month name or its abbreviation (three letters, or `Sept`), any case; 0 otherwise.</summary>
    public static int MonthNumber(ReadOnlySpan<byte> word)
    {
        if (word.Length is < 3 or > 9) return 0;
        Span<byte> lower = stackalloc byte[9];
        for (var i = 0; i < word.Length; i++) lower[i] = (byte)(word[i] | 0x20);
        var w = lower[..word.Length];
        var month = (w[0], w[1], w[2]) switch
        {
            ((byte)'j', (byte)'a', (byte)'n') => 1,
            ((byte)'f', (byte)'e', (byte)'b') => 2,
            ((byte)'m', (byte)'a', (byte)'r') => 3,
            ((byte)'a', (byte)'p', (byte)'r') => 4,
            ((byte)'m', (byte)'a', (byte)'y') => 5,
            ((byte)'j', (byte)'u', (byte)'n') => 6,
            ((byte)'j', (byte)'u', (byte)'l') => 7,
            ((byte)'a', (byte)'u', (byte)'g') => 8,
            ((byte)'s', (byte)'e', (byte)'p') => 9,
            ((byte)'o', (byte)'c', (byte)'t') => 10,
            ((byte)'n', (byte)'o', (byte)'v') => 11,
            ((byte)'d', (byte)'e', (byte)'c') => 12,
            _ => 0,
        };
        if (month == 0 || w.Length == 3) return month;
        if (month == 9 && w.SequenceEqual("sept"u8)) return 9;
        return w.SequenceEqual(MonthNames(month - 1)) ? month : 0;
    }

    private static ReadOnlySpan<byte> MonthNames(int index) => index switch
    {
        0 => "january"u8, 1 => "february"u8, 2 => "march"u8, 3 => "april"u8, 4 => "may"u8, 5 => "june"u8,
        6 => "july"u8, 7 => "august"u8, 8 => "september"u8, 9 => "october"u8, 10 => "november"u8, _ => "december"u8,
    };

    private static CanonicalValue Write(int year, int month, int day, Span<byte> dest, Span<byte> alternate, bool monthFirstToo, ref CanonicalValue alternateValue)
    {
        WriteIso(dest, year, month, day);
        if (monthFirstToo)
        {
            WriteIso(alternate, year, day, month);
            alternateValue = new CanonicalValue(ValueKind.Date, 10, 0, false);
        }
        return new CanonicalValue(ValueKind.Date, 10, 0, false);
    }

    private static void WriteIso(Span<byte> d, int year, int month, int day)
    {
        Write4(d, 0, year);
        d[4] = (byte)'-';
        Write2(d, 5, month);
        d[7] = (byte)'-';
        Write2(d, 8, day);
    }

    private static bool IsSep(byte b) => b is (byte)'-' or (byte)'/' or (byte)'.';
    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
    private static bool IsLetter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';

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
