namespace Egress.LoadTest;

public sealed class CommandLineException(string message) : Exception(message);

/// <summary>--name value pairs; nothing fancier is needed by a bench tool.</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    public static CommandLine Parse(string[] args)
    {
        var line = new CommandLine();
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new CommandLineException($"expected --name value, got '{args[i]}'");
            line.values[args[i][2..]] = args[i + 1];
        }
        return line;
    }

    public string Required(string name) => values.TryGetValue(name, out var v) ? v : throw new CommandLineException($"--{name} is required");

    public string? Optional(string name) => values.GetValueOrDefault(name);

    public int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v) : fallback;
}
