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

    public static Option<string?> Database() =>
        new("--database") { Description = "postgres://user:pass@host:port/db or an Npgsql connection string (default: SQLite in --data)." };

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
