using System.Text.RegularExpressions;
using Xunit;

namespace Egress.TestSupport;

/// <summary>
/// Whether a report, page or database dump shows a participant's value. A value counts as shown when it stands
/// on its own, not when its characters happen to sit inside another number: a score like 41.62245 holds 1.6224,
/// and a timestamp in milliseconds can hold any 7-digit ID. Substring tests of that kind failed now and then,
/// with random keys and real clocks.
/// </summary>
public static class PrintedValues
{
    public static bool Shows(string text, string value) =>
        Regex.IsMatch(text, $@"(?<![0-9A-Za-z.]){Regex.Escape(value)}(?![0-9A-Za-z]|\.[0-9])");

    public static void AssertNotShown(string text, IEnumerable<string> values)
    {
        foreach (var value in values)
            Assert.False(Shows(text, value), $"the value '{value}' is shown");
    }

    public static void AssertNotShown(string text, params string[] values) => AssertNotShown(text, (IEnumerable<string>)values);
}
