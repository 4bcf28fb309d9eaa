using Egress.Service.Tests.Support;
using Npgsql;
using Xunit;

namespace Egress.Service.Tests.Infrastructure;

/// <summary>The private PostgreSQL cluster from ./test: a database per test class, a real round trip, dropped after.</summary>
public sealed class PostgresServerTests
{
    [PostgresFact]
    public async Task A_fresh_database_round_trips_rows_and_is_dropped_after()
    {
        string name;
        await using (var database = await PostgresServer.CreateDatabaseAsync("smoke"))
        {
            name = database.Name;
            await using var connection = await database.OpenAsync();
            await using (var create = new NpgsqlCommand("CREATE TABLE t (id bigint PRIMARY KEY, v text NOT NULL)", connection))
                await create.ExecuteNonQueryAsync();
            await using (var insert = new NpgsqlCommand("INSERT INTO t VALUES (1, 'one'), (2, 'two')", connection))
                Assert.Equal(2, await insert.ExecuteNonQueryAsync());
            await using (var select = new NpgsqlCommand("SELECT v FROM t WHERE id = 2", connection))
                Assert.Equal("two", await select.ExecuteScalarAsync());
            Assert.StartsWith("postgres://", database.Url);
            Assert.Contains("@127.0.0.1:", database.Url);
        }
        await using var admin = new NpgsqlConnection(PostgresServer.AdminConnectionString);
        await admin.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @n", admin);
        exists.Parameters.AddWithValue("n", name);
        Assert.Equal(0L, await exists.ExecuteScalarAsync());
    }

    [PostgresFact]
    public async Task The_server_listens_on_loopback_only()
    {
        await using var admin = new NpgsqlConnection(PostgresServer.AdminConnectionString);
        await admin.OpenAsync();
        await using var listen = new NpgsqlCommand("SHOW listen_addresses", admin);
        Assert.Equal("127.0.0.1", await listen.ExecuteScalarAsync());
    }
}
