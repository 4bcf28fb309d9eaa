namespace Egress.Checks;

/// <summary>Short human-readable summaries of where things were found.</summary>
public static class Locations
{
    public static string Summarise(IReadOnlyList<string> locations, int show = 3) =>
        locations.Count <= show
            ? string.Join("; ", locations)
            : string.Join("; ", locations.Take(show)) + $"; and {locations.Count - show:N0} more";

    /// <summary>"lines 2–1001" style ranges from sorted line numbers, the first few ranges only.</summary>
    public static string LineRanges(IReadOnlyList<long> sortedLines, string noun = "line", int show = 4)
    {
        var ranges = new List<string>();
        var i = 0;
        var total = 0;
        while (i < sortedLines.Count)
        {
            var j = i;
            while (j + 1 < sortedLines.Count && sortedLines[j + 1] == sortedLines[j] + 1) j++;
            total++;
            if (ranges.Count < show)
                ranges.Add(i == j ? $"{sortedLines[i]}" : $"{sortedLines[i]}–{sortedLines[j]}");
            i = j + 1;
        }
        var text = (sortedLines.Count == 1 ? noun + " " : noun + "s ") + string.Join(", ", ranges);
        return total > show ? text + $" and {total - show:N0} more ranges" : text;
    }
}
