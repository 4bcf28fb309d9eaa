namespace Egress.Checks;

/// <summary>Short human-readable summaries of where things were found.</summary>
public static class Locations
{
    public static string Summarise(IReadOnlyList<string> locations, int show = 3) =>
        locations.Count <= show
            ? string.Join("; ", locations)
            : string.Join("; ", locations.Take(show)) + $"; and {locations.Count - show:N0} more";
}
