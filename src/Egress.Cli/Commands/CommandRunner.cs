using System.CommandLine;

namespace Egress.Cli.Commands;

/// <summary>Parses and invokes a command tree; maps parse errors to the usage exit code.</summary>
public static class CommandRunner
{
    public static int Run(RootCommand root, string[] args)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
                Console.Error.WriteLine($"egress: {error.Message}");
            Console.Error.WriteLine("Try 'egress --help'.");
            return ExitCodes.Usage;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"egress: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (ServerException e)
        {
            Console.Error.WriteLine($"egress: {e.Message}");
            return ExitCodes.Server;
        }
    }
}

/// <summary>A problem with how the command was called, reported with exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

public static class ExitCodes
{
    public const int Release = 0;
    public const int Usage = 2;
    public const int Unreadable = 3;
    /// <summary>An Egress server could not be reached or refused the call (submit, status).</summary>
    public const int Server = 4;
    public const int Review = 10;
    public const int Block = 20;

    public static int ForVerdict(Egress.Core.Verdict verdict) => verdict switch
    {
        Egress.Core.Verdict.Release => Release,
        Egress.Core.Verdict.Review => Review,
        _ => Block,
    };
}
