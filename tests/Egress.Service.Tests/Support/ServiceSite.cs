using Egress.Airlock;
using Egress.Airlock.Demo;
using Xunit;

namespace Egress.Service.Tests.Support;

/// <summary>
/// One airlock installation for process-level tests (browser, crash): a temp data folder (the demo cohort's
/// index, the quarantine, SQLite) or a fresh PostgreSQL database beside it, seeded with the demo projects and
/// users, and an API token per user. Servers and workers run as real `egress` child processes on it.
/// </summary>
public sealed class ServiceSite : IAsyncDisposable
{
    /// <summary>Few PBKDF2 iterations for the seeded passwords: sign-in stays fast in tests (verification reads them from the hash).</summary>
    public const int TestPasswordIterations = 1_000;

    private readonly Dictionary<string, string> tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DemoAccount> accounts = new(StringComparer.Ordinal);

    private ServiceSite(DirectoryInfo dataDir, PostgresDatabase? database)
    {
        DataDir = dataDir.FullName;
        Database = database;
    }

    public string DataDir { get; }

    /// <summary>The PostgreSQL database, or null on SQLite (DataDir/egress.db).</summary>
    public PostgresDatabase? Database { get; }

    public string StoreName => Database is null ? "sqlite" : "postgres";

    /// <summary>The store options every `egress` command of this site takes: --data DIR [--database URL].</summary>
    public IReadOnlyList<string> StoreArguments =>
        Database is null ? ["--data", DataDir] : ["--data", DataDir, "--database", Database.Url];

    public DemoAccount Account(string username) => accounts[username];

    /// <summary>An API token of a seeded user (alice, bob, carol, dave, admin, audrey).</summary>
    public string Token(string username) => tokens[username];

    /// <summary>Creates the site: demo index, projects A, B, C, demo users with known passwords and a token each.</summary>
    public static async Task<ServiceSite> CreateAsync(bool postgres)
    {
        var database = postgres ? await PostgresServer.CreateDatabaseAsync("site") : null;
        var site = new ServiceSite(Directory.CreateTempSubdirectory("egress-site-"), database);
        try
        {
            await site.SeedAsync();
            return site;
        }
        catch
        {
            await site.DisposeAsync();
            throw;
        }
    }

    private async Task SeedAsync()
    {
        DemoSeeder.PrepareIndex(DataDir, TextWriter.Null);
        // Seeded in-process and closed again before any server starts (SQLite: one writer at a time is enough).
        using var airlock = AirlockService.Open(new AirlockOptions
        {
            DataDir = DataDir,
            Database = Database?.ConnectionString,
            PasswordIterations = TestPasswordIterations,
        });
        foreach (var account in await DemoSeeder.SeedAccountsAsync(airlock))
        {
            accounts[account.Username] = account;
            var actor = await airlock.SignInAsync(account.Username, account.Password)
                ?? throw new InvalidOperationException($"the seeded user {account.Username} cannot sign in");
            tokens[account.Username] = (await airlock.CreateTokenAsync(actor, "tests")).Token;
        }
    }

    /// <summary>`egress serve` on this site (a free loopback port), with extra options such as "--workers", "0".</summary>
    public Task<EgressServerProcess> StartServerAsync(params string[] extra) =>
        EgressServerProcess.StartAsync([.. StoreArguments, .. extra]);

    /// <summary>`egress worker` on this site as a separate process.</summary>
    public EgressProcess StartWorker(params string[] extra) => EgressProcess.Start(["worker", .. StoreArguments, .. extra], null);

    /// <summary>`egress audit verify` on this site: exit code and output.</summary>
    public Task<CliResult> VerifyAuditAsync() => EgressProcess.RunAsync(["audit", "verify", .. StoreArguments]);

    /// <summary>Files under DataDir/quarantine (content-addressed: the name is the SHA-256).</summary>
    public IReadOnlyList<string> QuarantineFiles()
    {
        var dir = Path.Combine(DataDir, "quarantine");
        return Directory.Exists(dir) ? Directory.GetFiles(dir, "*", SearchOption.AllDirectories) : [];
    }

    /// <summary>The demo cohort's extract of a project (for making leaks): the first file named extract-P.csv under DataDir.</summary>
    public string ExtractPath(string project)
    {
        var found = Directory.GetFiles(DataDir, $"extract-{project}.csv", SearchOption.AllDirectories);
        Assert.True(found.Length > 0, $"no extract-{project}.csv under {DataDir}");
        return found[0];
    }

    public async ValueTask DisposeAsync()
    {
        if (Database is not null) await Database.DisposeAsync();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A killed process may still be closing a file; the temp folder is left behind then.
        }
    }
}
