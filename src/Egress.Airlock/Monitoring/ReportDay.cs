using System.Globalization;

namespace Egress.Airlock.Monitoring;

/// <summary>A report day as the query string and the command line give it: yyyy-mm-dd (UTC).</summary>
public static class ReportDay
{
    public static DateOnly Parse(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new InvalidInputException($"'{text}' is not a day: expected yyyy-mm-dd");
}
