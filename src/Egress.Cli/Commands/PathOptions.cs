using System.CommandLine;
using System.CommandLine.Parsing;

namespace Egress.Cli.Commands;

/// <summary>
/// Resolves every path option, in every command, to a full path against the current directory as it is parsed
/// (given or defaulted), so no later step resolves it against another folder: ASP.NET, for one, resolves a
/// relative content root against the binary's folder. Options are recognised by name, so a new command's
/// `--out` or `--data` is covered without anyone remembering to.
/// </summary>
public static class PathOptions
{
    /// <summary>The option names that take a file or folder path.</summary>
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "--data", "--index", "--policy", "--out", "--key-file", "--cohort", "--linkage", "--fingerprint-key", "--dir",
    };

    public static void ResolveAgainstCurrentDirectory(Command command)
    {
        foreach (var option in command.Options)
            if (option is Option<string> path && Names.Contains(option.Name)) Resolve(path);
        foreach (var sub in command.Subcommands) ResolveAgainstCurrentDirectory(sub);
    }

    private static void Resolve(Option<string> option)
    {
        if (option.CustomParser is not null) return; // already resolved (a command tree run twice)
        option.CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (text.Trim().Length == 0)
            {
                result.AddError($"{option.Name} needs a path");
                return null;
            }
            // "-" is standard input or output by convention, not a file in the current directory.
            return text == "-" ? text : Full(text);
        };
        if (option.DefaultValueFactory is { } defaulted)
            option.DefaultValueFactory = result => defaulted(result) is { } text ? Full(text) : null!;
    }

    /// <summary>The full path of <paramref name="path"/> against the current directory (~ is not expanded: the shell does that).</summary>
    public static string Full(string path) => Path.GetFullPath(path);
}
