using Egress.Airlock;

namespace Egress.Cli.Commands;

/// <summary>
/// What `egress serve` tells the operator about a store that is not ready for production (no cohort index, no active
/// administrator), with the exact commands that fix it. The service still starts: sign-in and administration work,
/// and submissions are refused with a plain reason until the index is there.
/// </summary>
public static class ServeReadiness
{
    /// <summary>The lines to print (empty when nothing is missing), after a line saying where the index is expected.</summary>
    public static IReadOnlyList<string> Describe(AirlockService airlock, string dataDir, string? database)
    {
        var store = UsersCommand.StoreArguments(dataDir, database);
        var indexDir = airlock.Options.IndexDir;
        var lines = new List<string>();
        lines.Add(airlock.Index is { } index
            ? $"index: {Path.GetFullPath(indexDir)} ({index.Projects.Count} project(s): {string.Join(", ", index.Projects.Select(p => p.Name))})"
            : $"index: none at {Path.GetFullPath(indexDir)} (with its key at {Path.GetFullPath(indexDir)}.key)");
        var missing = new List<string>();
        if (airlock.Index is null)
        {
            missing.Add("- No cohort index, so nothing can be checked: every submission is refused until there is one. Build it from the");
            missing.Add("  projects' extracts into the data folder, then restart egress serve:");
            missing.Add($"    egress index build --extract A=extract-A.csv --extract B=extract-B.csv --out {Arg(indexDir)}");
        }
        var users = airlock.ListUsersAsync(Actor.System).GetAwaiter().GetResult();
        if (!users.Any(u => u.Active && u.Role == Role.Admin))
        {
            missing.Add(users.Count == 0
                ? "- No users yet. Create the first administrator (a one-time password is printed; it is changed at first sign-in):"
                : "- No active administrator. Create one (a one-time password is printed; it is changed at first sign-in):");
            missing.Add($"    egress users add admin --role admin{store}");
            missing.Add($"  then researchers, checkers and auditors: egress users add NAME --role researcher --project A{store}");
            missing.Add("  (projects are created on the Projects page once the index is built).");
        }
        if (missing.Count > 0)
        {
            lines.Add("");
            lines.Add($"This airlock is not ready for use yet (data {Path.GetFullPath(dataDir)}):");
            lines.AddRange(missing);
            lines.Add("");
        }
        return lines;
    }

    private static string Arg(string path) => path.All(ch => char.IsLetterOrDigit(ch) || ch is '/' or '.' or '_' or '-') ? path : "'" + path.Replace("'", "'\\''") + "'";
}
