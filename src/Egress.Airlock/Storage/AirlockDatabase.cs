using System.Data.Common;
using Dapper;
using Npgsql;

namespace Egress.Airlock.Storage;

/// <summary>
/// Connections and transactions over one dialect, and the schema migrated on open. Every write runs in
/// one transaction with its audit event; a PostgreSQL deadlock or serialization failure is retried.
/// </summary>
public sealed class AirlockDatabase : IDisposable
{
    static AirlockDatabase() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    private AirlockDatabase(SqlDialect dialect) => Dialect = dialect;

    public SqlDialect Dialect { get; }

    public static async Task<AirlockDatabase> OpenAsync(SqlDialect dialect, CancellationToken ct = default)
    {
        var db = new AirlockDatabase(dialect);
        try
        {
            await db.MigrateAsync(ct);
        }
        catch
        {
            db.Dispose();
            throw;
        }
        return db;
    }

    public int SchemaVersion { get; private set; }

    private async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = await Dialect.OpenAsync(ct);
        if (Dialect is SqliteDialect sqlite) await sqlite.EnableWalAsync(connection, ct);
        await using var tx = await Dialect.BeginWriteAsync(connection, ct);
        await connection.ExecuteAsync(Dialect.MigrationLock, transaction: tx);
        await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)", transaction: tx);
        var current = await connection.ExecuteScalarAsync<long?>("SELECT MAX(version) FROM schema_version", transaction: tx) ?? 0;
        var migrations = Schema.Migrations(Dialect);
        if (current > migrations.Count)
            throw new InvalidOperationException($"the database has schema version {current}, newer than this egress ({migrations.Count}): upgrade egress");
        for (var v = (int)current; v < migrations.Count; v++)
        {
            foreach (var statement in migrations[v]) await connection.ExecuteAsync(statement, transaction: tx);
            await connection.ExecuteAsync("INSERT INTO schema_version (version) VALUES (@v)", new { v = (long)(v + 1) }, tx);
        }
        await tx.CommitAsync(ct);
        SchemaVersion = migrations.Count;
    }

    /// <summary>Runs reads on one connection.</summary>
    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken ct = default)
    {
        await using var connection = await Dialect.OpenAsync(ct);
        return await read(connection);
    }

    /// <summary>Runs one write transaction and commits it; nothing of it stays when it throws.</summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await Dialect.OpenAsync(ct);
                await using var tx = await Dialect.BeginWriteAsync(connection, ct);
                var result = await write(connection, tx);
                await tx.CommitAsync(ct);
                return result;
            }
            catch (PostgresException e) when (attempt < 5 && e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                await Task.Delay(10 * attempt, ct);
            }
        }
    }

    public Task WriteAsync(Func<DbConnection, DbTransaction, Task> write, CancellationToken ct = default) =>
        WriteAsync<bool>(async (c, t) => { await write(c, t); return true; }, ct);

    public void Dispose() => Dialect.Dispose();
}

/// <summary>Times as stored: milliseconds since 1970, UTC.</summary>
internal static class Ms
{
    public static long Of(DateTimeOffset at) => at.ToUnixTimeMilliseconds();
    public static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
