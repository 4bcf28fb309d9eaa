using System.CommandLine;

namespace Egress.Cli.Commands;

/// <summary>The options that name an airlock's store (`--data`, `--database`), shared by the commands that open one.</summary>
public static class StoreOptions
{
    /// <summary>Where `egress serve` keeps its store unless told otherwise; every command that reads a store defaults to it too.</summary>
    public const string DefaultDataDir = ".egress/airlock";

    /// <summary>--data, defaulting to <see cref="DefaultDataDir"/> like `egress serve`.</summary>
    public static Option<string> Data(string description) =>
        new("--data") { Description = $"{description} Default: {DefaultDataDir}.", DefaultValueFactory = _ => DefaultDataDir };

    /// <summary>The environment variable holding the database's connection string (not visible in `ps`, unlike an argument).</summary>
    public const string DatabaseVariable = "EGRESS_DATABASE";
    /// <summary>The environment variable naming a file that holds it (a container secret, systemd's credentials).</summary>
    public const string DatabaseFileVariable = "EGRESS_DATABASE_FILE";

    /// <summary>
    /// --database, or else EGRESS_DATABASE, or else the first line of the file EGRESS_DATABASE_FILE names. A password
    /// given on the command line is taken, with a warning: any user of the machine can read it with `ps`.
    /// </summary>
    public static Option<string?> Database() =>
        new("--database")
        {
            Description = $"postgres://user@host:port/db or an Npgsql connection string (default: {DatabaseVariable}, or the file {DatabaseFileVariable} names; " +
                          "else SQLite in --data). Keep the password out of the command line: other users can read it with ps.",
            DefaultValueFactory = _ => DatabaseFromEnvironment(),
            CustomParser = result =>
            {
                var value = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
                if (value is not null && HoldsPassword(value))
                    Console.Error.WriteLine($"egress: warning: --database holds a password, which other users can read with ps: set {DatabaseVariable} or {DatabaseFileVariable} instead");
                return value;
            },
        };

    /// <summary>The connection string from the environment (the variable, else the file it names), or null: SQLite.</summary>
    public static string? DatabaseFromEnvironment()
    {
        var direct = Environment.GetEnvironmentVariable(DatabaseVariable);
        if (!string.IsNullOrWhiteSpace(direct)) return direct.Trim();
        var file = Environment.GetEnvironmentVariable(DatabaseFileVariable);
        if (string.IsNullOrWhiteSpace(file)) return null;
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read {DatabaseFileVariable} ({file}): {e.Message}");
        }
        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        return line ?? throw new UsageException($"{DatabaseFileVariable} ({file}) is empty");
    }

    /// <summary>A URL's user:password@ or an Npgsql "Password=".</summary>
    internal static bool HoldsPassword(string connection) =>
        System.Text.RegularExpressions.Regex.IsMatch(connection, @"://[^/@:]*:[^@/]+@|(^|;)\s*(password|pwd)\s*=\s*[^;\s]", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    /// <summary>
    /// How long a claimed check is a worker's before another may claim it again (the worker renews it while
    /// checking). Every process on one database should be given the same value.
    /// </summary>
    public static Option<int> CheckLease() =>
        new("--check-lease")
        {
            Description = "Seconds a claimed check stays with its worker unless renewed; a dead worker's check is claimed again after it (5-3600).",
            DefaultValueFactory = _ => (int)Egress.Airlock.AirlockOptions.DefaultCheckLease.TotalSeconds,
        };

    /// <summary>The lease as a duration, or a usage error when out of range.</summary>
    public static TimeSpan Lease(int seconds) =>
        seconds is >= 5 and <= 3600 ? TimeSpan.FromSeconds(seconds) : throw new UsageException("--check-lease must be between 5 and 3600 seconds");

    /// <summary>Refuses (usage error) a SQLite store that is not there, rather than creating an empty one.</summary>
    public static void RequireExisting(string dataDir, string? database)
    {
        if (string.IsNullOrWhiteSpace(database) && !File.Exists(Path.Combine(dataDir, "egress.db")))
            throw new UsageException($"no airlock database in {dataDir} (egress.db): pass --data with the folder `egress serve` uses, or --database");
    }
}
