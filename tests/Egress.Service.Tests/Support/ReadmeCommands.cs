namespace Egress.Service.Tests.Support;

/// <summary>The command lines of a README section's first ```bash block: continued lines joined, comment lines dropped.</summary>
public static class ReadmeCommands
{
    public static IReadOnlyList<string> Of(string readme, string heading)
    {
        var section = readme.IndexOf(heading + "\n", StringComparison.Ordinal);
        if (section < 0) throw new InvalidOperationException($"README has no section '{heading}'");
        var open = readme.IndexOf("```bash\n", section, StringComparison.Ordinal);
        var close = readme.IndexOf("\n```", open + 1, StringComparison.Ordinal);
        var commands = new List<string>();
        var current = "";
        foreach (var raw in readme[(open + "```bash\n".Length)..close].Split('\n'))
        {
            var line = current.Length > 0 ? current + " " + raw.Trim() : raw.Trim();
            if (line.EndsWith('\\'))
            {
                current = line[..^1].TrimEnd();
                continue;
            }
            current = "";
            if (line.Length > 0 && !line.StartsWith('#')) commands.Add(line);
        }
        return commands;
    }
}
