using System.Globalization;
using Egress.Airlock;
using Egress.Core;

namespace Egress.Web.Pages;

/// <summary>How values read on a page: dates, sizes, states, ages.</summary>
public static class Format
{
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes:N0} bytes",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        < 1024L * 1024 * 1024 => $"{bytes / 1024.0 / 1024:0.#} MB",
        _ => $"{bytes / 1024.0 / 1024 / 1024:0.##} GB",
    };

    public static string Age(TimeSpan age) => age.TotalMinutes switch
    {
        < 1 => "under a minute",
        < 60 => $"{(int)age.TotalMinutes} min",
        < 48 * 60 => $"{(int)age.TotalHours} h {age.Minutes} min",
        _ => $"{(int)age.TotalDays} days",
    };

    public static string State(RequestState s) => RequestTransitions.Name(s);

    public static string State(FileState s) => s switch
    {
        FileState.Review => "waiting for review",
        _ => s.ToString().ToLowerInvariant(),
    };

    public static string Verdict(Verdict? v) => v is { } verdict ? verdict.Name() : "not checked yet";

    public static string Severity(Severity s) => s.ToString().ToLowerInvariant();

    /// <summary>The CSS class of a state's badge.</summary>
    public static string Badge(string name) => "badge " + name.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
}
