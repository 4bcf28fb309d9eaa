using Egress.Formats;

namespace Egress.Cohort.Fingerprinting;

/// <summary>
/// Rows of a leaked delimited table (CSV, TSV, ';' or '|' separated; gzip or not), split on the
/// separator seen most in the first line. A header or any non-numeric row is harmless: it aligns to nobody.
/// </summary>
public static class LeakTableReader
{
    private static readonly char[] Separators = [',', '\t', ';', '|'];

    public static IEnumerable<string[]> Rows(string path)
    {
        using var stream = InputOpener.Open(path, long.MaxValue, out _);
        using var reader = new StreamReader(stream);
        char? separator = null;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            separator ??= Separators.MaxBy(s => line.Count(c => c == s));
            yield return line.Split(separator.Value).Select(cell => cell.Trim('"', ' ')).ToArray();
        }
    }
}
