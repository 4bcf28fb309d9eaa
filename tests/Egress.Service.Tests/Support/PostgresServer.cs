using Npgsql;

using Xunit;

namespace Egress.Service.Tests.Support;

/// <summary>
/// The private PostgreSQL cluster that ./test starts on loopback (EGRESS_TEST_POSTGRES, a superuser).
/// Each test class gets a database of its own, so classes run in parallel without seeing each other.
/// </summary>
public static class PostgresServer
{
    public static string AdminConnectionString => TestServers.Require(TestServers.PostgresVariable, "a PostgreSQL server");

    /// <summary>Creates a fresh, uniquely named database; disposing it drops it (closing any connection left).</summary>
    public static async Task<PostgresDatabase> CreateDatabaseAsync(string? prefix = null)
    {
        var name = $"egress_{Sanitise(prefix ?? "test")}_{Guid.NewGuid():N}"; // at most 52 of PostgreSQL's 63 characters
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name };
        return new PostgresDatabase(name, builder);
    }

    internal static async Task DropDatabaseAsync(string name)
    {
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        // FORCE: a server process killed by a crash test may leave sessions behind for a moment.
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static string Sanitise(string prefix)
    {
        var chars = prefix.ToLowerInvariant().Where(c => c is >= 'a' and <= 'z' or >= '0' and <= '9').Take(12).ToArray();
        return chars.Length == 0 ? "test" : new string(chars);
    }
}

/// <summary>One test database on the private cluster; dropped on dispose.</summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly NpgsqlConnectionStringBuilder builder;

    internal PostgresDatabase(string name, NpgsqlConnectionStringBuilder builder)
    {
        Name = name;
        this.builder = builder;
    }

    public string Name { get; }

    /// <summary>Npgsql form: Host=127.0.0.1;Port=…;Username=…;Password=…;Database=….</summary>
    public string ConnectionString => builder.ConnectionString;

    /// <summary>URL form for `egress serve --database`: postgres://user:pass@127.0.0.1:port/db.</summary>
    public string Url =>
        $"postgres://{Uri.EscapeDataString(builder.Username ?? "")}:{Uri.EscapeDataString(builder.Password ?? "")}@{builder.Host}:{builder.Port}/{Name}";

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        using (var pooled = new NpgsqlConnection(ConnectionString)) NpgsqlConnection.ClearPool(pooled);
        await PostgresServer.DropDatabaseAsync(Name);
    }
}

/// <summary>xunit class fixture: <c>IClassFixture&lt;PostgresDatabaseFixture&gt;</c> gives the class one fresh database.</summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    private PostgresDatabase? database;

    public PostgresDatabase Database => database ?? throw new InvalidOperationException("the PostgreSQL test database was not created");

    public async Task InitializeAsync()
    {
        if (TestServers.Disabled) return; // the class's tests are skipped
        database = await PostgresServer.CreateDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        if (database is not null) await database.DisposeAsync();
    }
}
