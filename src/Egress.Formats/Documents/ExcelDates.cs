using System.Globalization;

namespace Egress.Formats.Documents;

/// <summary>
/// Excel stores dates as serial day numbers; cohort dates are ISO. A cell formatted as a date is
/// rendered as `yyyy-MM-dd` (with the time of day when it has one), so a leaked date matches.
/// </summary>
internal static class ExcelDates
{
    private const double MaxSerial = 2958466; // 9999-12-31 + 1

    /// <summary>The ISO date of a serial, or null when the text is not a serial Excel can show as a date.</summary>
    public static string? ToIso(string serial, bool date1904)
    {
        if (!double.TryParse(serial, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return null;
        if (value is < 0 or >= MaxSerial || double.IsNaN(value)) return null;
        var days = Math.Floor(value);
        DateTime day;
        if (date1904) day = new DateTime(1904, 1, 1).AddDays(days);
        else if (days == 60) return null; // 1900-02-29, which Lotus and Excel pretend existed
        else day = days < 60 ? new DateTime(1899, 12, 31).AddDays(days) : new DateTime(1899, 12, 30).AddDays(days);
        var seconds = (int)Math.Round((value - days) * 86400);
        if (seconds is 0 or >= 86400) return day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return day.AddSeconds(seconds).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Whether a number format shows a date: built-in ids 14–17 and 22 (and the East Asian date ids
    /// 27–36, 50–58), or a custom code with a day, year or month part outside quotes, escapes and
    /// brackets. Time-only formats (18–21, 45–47, "h:mm") are not dates: their fraction stays a number.
    /// </summary>
    public static bool IsDateFormat(int id, string? code)
    {
        if (id is >= 14 and <= 17 or 22 or >= 27 and <= 36 or >= 50 and <= 58) return true;
        if (code is null) return false;
        bool day = false, year = false, month = false, time = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = char.ToLowerInvariant(code[i]);
            switch (c)
            {
                case '"':
                    var close = code.IndexOf('"', i + 1);
                    i = close < 0 ? code.Length : close;
                    break;
                case '[':
                    var end = code.IndexOf(']', i + 1);
                    i = end < 0 ? code.Length : end;
                    break;
                case '\\' or '_' or '*':
                    i++;
                    break;
                case 'd': day = true; break;
                case 'y': year = true; break;
                case 'm': month = true; break;
                case 'h' or 's': time = true; break;
            }
        }
        return day || year || month && !time;
    }
}
