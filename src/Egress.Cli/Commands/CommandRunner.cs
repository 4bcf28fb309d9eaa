using System.CommandLine;

namespace Egress.Cli.Commands;

/// <summary>
/// Parses and invokes a command tree. Every path option is resolved against the current directory first; a
/// parse error, a usage mistake or a missing or unreadable file is one plain sentence and exit code 2; anything
/// else unexpected is one line and exit code 1 — never a stack trace (EGRESS_DEBUG=1 prints it, for developers).
/// </summary>
public static class CommandRunner
{
    public static int Run(RootCommand root, string[] args)
    {
        try
        {
            return ParseAndInvoke(root, args);
        }
        catch (Exception thrown)
        {
            return Report(thrown);
        }
    }

    private static int ParseAndInvoke(RootCommand root, string[] args)
    {
        PathOptions.ResolveAgainstCurrentDirectory(root);
        var parsed = root.Parse(args);
        var mistakes = ParseErrorText.Sentences(parsed);
        if (mistakes.Count > 0)
        {
            foreach (var sentence in mistakes)
                Console.Error.WriteLine($"egress: {sentence}");
            Console.Error.WriteLine("Try 'egress --help'.");
            return ExitCodes.Usage;
        }
        return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }

    /// <summary>One line on standard error for what stopped the command, and its exit code.</summary>
    private static int Report(Exception thrown)
    {
        var e = Unwrap(thrown);
        var (code, sentence) = e switch
        {
            UsageException => (ExitCodes.Usage, e.Message),
            ServerException => (ExitCodes.Server, e.Message),
            OperationCanceledException => (ExitCodes.Cancelled, "stopped"),
            // The file system said no: a path the user gave is missing, unreadable or not writable.
            FileNotFoundException f when f.FileName is not null => (ExitCodes.Usage, $"no such file: {f.FileName}"),
            DirectoryNotFoundException or FileNotFoundException => (ExitCodes.Usage, e.Message),
            UnauthorizedAccessException => (ExitCodes.Usage, e.Message), // "Access to the path … is denied."
            IOException => (ExitCodes.Usage, e.Message),
            // Not the user's slip and not a bug: the database (PostgreSQL, --database) is down or refuses.
            System.Data.Common.DbException => (ExitCodes.Unexpected, $"database: {e.Message}"),
            _ => (ExitCodes.Unexpected, $"unexpected error: {e.Message} (please report it; EGRESS_DEBUG=1 shows where it happened)"),
        };
        Console.Error.WriteLine($"egress: {OneLine(sentence)}");
        if (Environment.GetEnvironmentVariable("EGRESS_DEBUG") == "1") Console.Error.WriteLine(thrown);
        return code;
    }

    private static Exception Unwrap(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: 1 } or System.Reflection.TargetInvocationException && e.InnerException is not null)
            e = e.InnerException!;
        return e;
    }

    private static string OneLine(string text) => string.Join(' ', text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

/// <summary>A problem with how the command was called, reported with exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

public static class ExitCodes
{
    public const int Release = 0;
    /// <summary>Something went wrong that is not the user's doing (a bug, a database down): one line, never a stack trace.</summary>
    public const int Unexpected = 1;
    public const int Usage = 2;
    public const int Unreadable = 3;
    /// <summary>An Egress server could not be reached or refused the call (submit, status).</summary>
    public const int Server = 4;
    public const int Review = 10;
    public const int Block = 20;
    /// <summary>Stopped by Ctrl+C before finishing (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;

    public static int ForVerdict(Egress.Core.Verdict verdict) => verdict switch
    {
        Egress.Core.Verdict.Release => Release,
        Egress.Core.Verdict.Review => Review,
        _ => Block,
    };
}
