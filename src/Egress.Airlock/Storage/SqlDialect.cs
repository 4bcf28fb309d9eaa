using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Egress.Airlock.Storage;

/// <summary>
/// What differs between SQLite and PostgreSQL, and nothing else: opening a connection, the identity
/// column, the blob type, row locks, claiming a job, and the append-only trigger. Every other statement
/// is the same portable SQL for both.
/// </summary>
public abstract class SqlDialect : IDisposable
{
    public abstract string Name { get; }

    /// <summary>An open connection, ready for statements.</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>A transaction that writes: on SQLite it takes the write lock at once (BEGIN IMMEDIATE), so two writers never deadlock.</summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct);

    /// <summary>The column type of an auto-numbered primary key.</summary>
    public abstract string IdColumn { get; }

    public abstract string BlobType { get; }

    /// <summary>Appended to a SELECT to lock the rows it reads until the transaction ends (SQLite: the whole database already is).</summary>
    public abstract string ForUpdate { get; }

    /// <summary>Appended to the sub-select that picks a job: skip jobs another worker is claiming right now.</summary>
    public abstract string SkipLocked { get; }

    /// <summary>Statements that make UPDATE and DELETE on the audit table fail.</summary>
    public abstract IEnumerable<string> AppendOnlyTriggers(string table);

    /// <summary>Taken first in the migration transaction so two processes starting at once do not both migrate.</summary>
    public abstract string MigrationLock { get; }

    public virtual void Dispose() { }

    /// <summary>SQLite for a file path, or PostgreSQL for a postgres:// URL or an Npgsql connection string.</summary>
    public static SqlDialect For(string dataDir, string? database)
    {
        if (string.IsNullOrWhiteSpace(database)) return new SqliteDialect(Path.Combine(dataDir, "egress.db"));
        return new PostgresDialect(PostgresDialect.ConnectionStringFrom(database));
    }
}

/// <summary>
/// SQLite in WAL mode with a busy timeout; one writer at a time, readers never wait. synchronous=FULL: a
/// request the researcher was told is stored survives a power cut, not only a crash.
/// </summary>
public sealed class SqliteDialect(string path) : SqlDialect
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public string Path => path;

    public override string Name => "sqlite";

    public override async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;";
        await pragma.ExecuteNonQueryAsync(ct);
        return connection;
    }

    public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct) =>
        // deferred: false is BEGIN IMMEDIATE: the write lock is taken now, not on the first write.
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public override string IdColumn => "INTEGER PRIMARY KEY AUTOINCREMENT";
    public override string BlobType => "BLOB";
    public override string ForUpdate => "";
    public override string SkipLocked => "";
    public override string MigrationLock => "SELECT 1";

    public override IEnumerable<string> AppendOnlyTriggers(string table) =>
    [
        $"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
        $"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
    ];

    /// <summary>WAL lets readers and one writer work at once; it is a property of the file, set once.</summary>
    internal async Task EnableWalAsync(DbConnection connection, CancellationToken ct)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>PostgreSQL through Npgsql: many processes on many machines share one database.</summary>
public sealed class PostgresDialect(string connectionString) : SqlDialect
{
    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(connectionString);

    public override string Name => "postgresql";

    public override async Task<DbConnection> OpenAsync(CancellationToken ct) => await _source.OpenConnectionAsync(ct);

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct) =>
        await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, ct);

    public override string IdColumn => "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";
    public override string BlobType => "BYTEA";
    public override string ForUpdate => " FOR UPDATE";
    public override string SkipLocked => " FOR UPDATE SKIP LOCKED";
    public override string MigrationLock => "SELECT pg_advisory_xact_lock(5045)";

    public override IEnumerable<string> AppendOnlyTriggers(string table) =>
    [
        $"""
        CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '{table} is append-only'; END $$
        """,
        $"CREATE TRIGGER {table}_no_update BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_append_only()",
        $"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()",
    ];

    /// <summary>postgres://user:pass@host:port/db (as libpq writes it) to an Npgsql connection string; anything else is taken as one already.</summary>
    public static string ConnectionStringFrom(string database)
    {
        if (!database.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) &&
            !database.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return database;
        var uri = new Uri(database);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length > 1) builder.Password = Uri.UnescapeDataString(parts[1]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            if (kv.Length == 2) builder[Uri.UnescapeDataString(kv[0])] = Uri.UnescapeDataString(kv[1]);
        }
        return builder.ConnectionString;
    }

    public override void Dispose() => _source.Dispose();
}
