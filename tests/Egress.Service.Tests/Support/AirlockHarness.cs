using System.Text;
using Egress.Airlock;
using Egress.Core;

namespace Egress.Service.Tests.Support;

/// <summary>
/// One airlock on a real store — a fresh SQLite file in a temp data folder, or a fresh PostgreSQL database —
/// with the shared test cohort's index and these accounts: researchers alice (A) and bob (B), checkers
/// carol and dave, checker erin (a member of A: a conflict of interest there), admin, and auditor audrey.
/// </summary>
public sealed class AirlockHarness : IAsyncDisposable
{
    public const string Password = "correct horse battery";

    private readonly PostgresDatabase? _database;
    private readonly Dictionary<string, Actor> _actors = [];

    private AirlockHarness(AirlockService service, PostgresDatabase? database, string dataDir, ManualClock clock)
    {
        Service = service;
        _database = database;
        DataDir = dataDir;
        Clock = clock;
    }

    public AirlockService Service { get; }
    public string DataDir { get; }
    public ManualClock Clock { get; }
    public string? DatabaseConnection => _database?.ConnectionString;
    public bool IsPostgres => _database is not null;

    public Actor this[string username] => _actors[username];

    /// <param name="indexDir">The cohort index (default: the shared test cohort's, projects A, B, C).</param>
    public static async Task<AirlockHarness> CreateAsync(bool postgres, Policy? policy = null, TimeSpan? lease = null, string? indexDir = null)
    {
        var database = postgres ? await PostgresServer.CreateDatabaseAsync("airlock") : null;
        var dataDir = Directory.CreateTempSubdirectory("egress-airlock-").FullName;
        var clock = new ManualClock();
        var service = await AirlockService.OpenAsync(Options(dataDir, database?.ConnectionString, policy, clock, lease) with
        {
            IndexPath = indexDir ?? ServiceCohort.Shared.IndexDir,
        });
        var harness = new AirlockHarness(service, database, dataDir, clock);
        await harness.SeedAsync();
        return harness;
    }

    /// <summary>Options for another service (a second process, a restart) on the same store.</summary>
    public static AirlockOptions Options(string dataDir, string? database, Policy? policy, TimeProvider clock, TimeSpan? lease = null) => new()
    {
        DataDir = dataDir,
        Database = database,
        IndexPath = ServiceCohort.Shared.IndexDir,
        Policy = policy ?? Policy.Default,
        PasswordIterations = 1_000,
        Clock = clock,
        CheckLease = lease ?? TimeSpan.FromMinutes(5),
        PollInterval = TimeSpan.FromMilliseconds(20),
    };

    public AirlockService OpenAnother(Policy? policy = null) =>
        AirlockService.Open(Options(DataDir, DatabaseConnection, policy ?? Service.Policy, Clock, Service.Options.CheckLease));

    private async Task SeedAsync()
    {
        var system = Actor.System;
        foreach (var p in new[] { "A", "B", "C" }) await Service.CreateProjectAsync(system, p, $"Project {p}");
        foreach (var (name, role, project) in new (string, Role, string?)[]
                 {
                     ("alice", Role.Researcher, "A"), ("bob", Role.Researcher, "B"), ("carol", Role.Checker, null), ("dave", Role.Checker, null),
                     ("erin", Role.Checker, "A"), ("admin", Role.Admin, null), ("audrey", Role.Auditor, null),
                 })
        {
            var user = await Service.CreateUserAsync(system, name, name, role, Password);
            if (project is not null) await Service.AddMemberAsync(system, project, user.Id);
            _actors[name] = new Actor(user.Id, name, role);
        }
    }

    public static UploadFile File(string name, string content) => new(name, new MemoryStream(Encoding.UTF8.GetBytes(content)));

    public Task<ExportRequest> SubmitAsync(string user, string project, params (string Name, string Content)[] files) =>
        Service.SubmitAsync(this[user], project, "what these files are", files.Select(f => File(f.Name, f.Content)).ToList());

    /// <summary>Runs one worker until the queue is empty; returns how many jobs it took.</summary>
    public async Task<int> RunChecksAsync()
    {
        var worker = Service.CreateWorker("test-worker");
        var jobs = 0;
        while (await worker.RunOnceAsync()) jobs++;
        return jobs;
    }

    public async Task<RequestDetail> SubmitAndCheckAsync(string user, string project, params (string Name, string Content)[] files)
    {
        var request = await SubmitAsync(user, project, files);
        await RunChecksAsync();
        return await Service.GetRequestAsync(this[user], request.Id);
    }

    public async ValueTask DisposeAsync()
    {
        Service.Dispose();
        if (_database is not null) await _database.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { }
    }
}
