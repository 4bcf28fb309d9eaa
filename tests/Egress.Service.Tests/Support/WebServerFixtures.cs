using System.Reflection;
using Xunit;
using Xunit.Sdk;

namespace Egress.Service.Tests.Support;

/// <summary>
/// Web services for a test class, one per store, started when a test first asks for it: SQLite in a fresh
/// data folder, and a fresh database on the private PostgreSQL server of ./test.
/// </summary>
public sealed class WebServers : IAsyncLifetime
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly Dictionary<WebServer.Store, WebServer> _servers = [];

    public async Task<WebServer> GetAsync(WebServer.Store store)
    {
        await _lock.WaitAsync();
        try
        {
            if (!_servers.TryGetValue(store, out var server)) _servers[store] = server = await WebServer.StartAsync(store);
            return server;
        }
        finally
        {
            _lock.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var server in _servers.Values) await server.DisposeAsync();
    }
}

/// <summary>
/// Runs a theory on SQLite and on PostgreSQL. The PostgreSQL case needs ./test's server (it fails when
/// EGRESS_TEST_POSTGRES is missing) and is left out only with EGRESS_TEST_NO_SERVERS=1.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoresAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod)
    {
        yield return [WebServer.Store.Sqlite];
        if (!TestServers.Disabled) yield return [WebServer.Store.Postgres];
    }
}
