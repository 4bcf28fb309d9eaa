using System.Net.Http.Headers;
using System.Net.Http.Json;
using Egress.Airlock;
using Egress.Airlock.Checking;
using Egress.Airlock.Demo;
using Egress.Core;
using Egress.Web.Api;
using Egress.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Egress.Service.Tests.Support;

/// <summary>
/// The airlock web service in the test process: real Kestrel on 127.0.0.1 and a free port, a real data
/// folder (SQLite) or a real PostgreSQL database, in-process check workers, the demo's projects and users
/// (passwords hashed with few iterations, for speed) and an API token per user.
/// </summary>
public sealed class WebServer : IAsyncDisposable
{
    private readonly PostgresDatabase? _postgres;
    private readonly CheckWorkerPool? _workers;

    private WebServer(string dataDir, PostgresDatabase? postgres, AirlockService airlock, CheckWorkerPool? workers, WebApplication app,
        IReadOnlyDictionary<string, DemoAccount> accounts, IReadOnlyDictionary<string, string> tokens)
    {
        DataDir = dataDir;
        _postgres = postgres;
        Airlock = airlock;
        _workers = workers;
        App = app;
        Accounts = accounts;
        Tokens = tokens;
        BaseUrl = new Uri(app.Urls.First().TrimEnd('/') + "/");
    }

    public string DataDir { get; }
    public AirlockService Airlock { get; }
    public WebApplication App { get; }
    public Uri BaseUrl { get; }
    /// <summary>alice (researcher, A), bob (researcher, B), carol and dave (checkers), admin, audrey (auditor).</summary>
    public IReadOnlyDictionary<string, DemoAccount> Accounts { get; }
    /// <summary>An API token per demo user.</summary>
    public IReadOnlyDictionary<string, string> Tokens { get; }

    public enum Store { Sqlite, Postgres }

    public static async Task<WebServer> StartAsync(Store store, Policy? policy = null, int workers = 1)
    {
        var dataDir = DemoData.NewDataDir();
        var postgres = store == Store.Postgres ? await PostgresServer.CreateDatabaseAsync("web") : null;
        var airlock = AirlockService.Open(new AirlockOptions
        {
            DataDir = dataDir,
            Database = postgres?.ConnectionString,
            Policy = policy ?? Policy.Default,
            PasswordIterations = 1000,
            PollInterval = TimeSpan.FromMilliseconds(50),
        });
        var accounts = (await DemoSeeder.SeedAccountsAsync(airlock)).ToDictionary(a => a.Username);
        var tokens = new Dictionary<string, string>();
        foreach (var user in await airlock.ListUsersAsync(Actor.System))
        {
            var actor = await airlock.FindActorAsync(user.Id) ?? throw new InvalidOperationException(user.Username);
            tokens[user.Username] = (await airlock.CreateTokenAsync(actor, "tests")).Token;
        }
        var pool = workers > 0 ? airlock.StartWorkers(workers) : null;
        var app = EgressWebApp.Build(airlock, new EgressServerOptions { Urls = "http://127.0.0.1:0" });
        await app.StartAsync();
        return new WebServer(dataDir, postgres, airlock, pool, app, accounts, tokens);
    }

    /// <summary>The actor of a demo user, as the core sees it.</summary>
    public async Task<Actor> ActorAsync(string username)
    {
        var user = (await Airlock.ListUsersAsync(Actor.System)).Single(u => u.Username == username);
        return await Airlock.FindActorAsync(user.Id) ?? throw new InvalidOperationException(username);
    }

    /// <summary>An HttpClient with the user's token (null: none), not following redirects.</summary>
    public HttpClient Client(string? username)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(120) };
        if (username is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens[username]);
        return http;
    }

    /// <summary>Submits files through the API as a user and returns the request.</summary>
    public async Task<RequestDto> SubmitAsync(string username, string project, params string[] files)
    {
        using var http = Client(username);
        using var form = new MultipartFormDataContent { { new StringContent(project), "project" }, { new StringContent("test export"), "description" } };
        foreach (var f in files) form.Add(new ByteArrayContent(await File.ReadAllBytesAsync(f)), "files", Path.GetFileName(f));
        using var response = await http.PostAsync("api/v1/requests", form);
        var body = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 201) throw new InvalidOperationException($"submit answered {(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonSerializer.Deserialize<RequestDto>(body, ApiJson.Options)!;
    }

    /// <summary>Waits until the request is no longer being checked (the in-process worker decides).</summary>
    public async Task<RequestDto> SettledAsync(string username, long id, TimeSpan? timeout = null)
    {
        using var http = Client(username);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(120));
        while (true)
        {
            var request = (await http.GetFromJsonAsync<RequestDto>($"api/v1/requests/{id}", ApiJson.Options))!;
            if (request.State is not (RequestState.Submitted or RequestState.Checking or RequestState.Resubmitted)) return request;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"request {id} is still {request.State}");
            await Task.Delay(50);
        }
    }

    /// <summary>Every route the app serves: (HTTP method, route pattern), e.g. ("GET", "/api/v1/requests/{id:long}").</summary>
    public IReadOnlyList<(string Method, string Pattern)> Routes()
    {
        var routes = new List<(string, string)>();
        foreach (var source in ((IEndpointRouteBuilder)App).DataSources)
            foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
            {
                var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
                var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"];
                foreach (var m in methods) routes.Add((m, pattern));
            }
        return routes.Distinct().ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (_workers is not null) await _workers.DisposeAsync();
        Airlock.Dispose();
        if (_postgres is not null) await _postgres.DisposeAsync();
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
