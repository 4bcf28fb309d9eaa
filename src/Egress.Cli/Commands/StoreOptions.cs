using System.CommandLine;

namespace Egress.Cli.Commands;

/// <summary>The options that name an airlock's store (`--data`, `--database`), shared by the commands that open one.</summary>
public static class StoreOptions
{
    public static Option<string?> Database() =>
        new("--database") { Description = "postgres://user:pass@host:port/db or an Npgsql connection string (default: SQLite in --data)." };

    /// <summary>Refuses (usage error) a SQLite store that is not there, rather than creating an empty one.</summary>
    public static void RequireExisting(string dataDir, string? database)
    {
        if (string.IsNullOrWhiteSpace(database) && !File.Exists(Path.Combine(dataDir, "egress.db")))
            throw new UsageException($"no airlock database in {dataDir} (egress.db)");
    }
}
