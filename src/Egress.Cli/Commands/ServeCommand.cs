using System.CommandLine;
using Egress.Airlock;
using Egress.Airlock.Demo;
using Egress.Web.Hosting;
using Microsoft.Extensions.Hosting;

namespace Egress.Cli.Commands;

/// <summary>
/// `egress serve`: the airlock web service (pages, REST API, in-process check workers) on one data folder
/// (SQLite) or a shared PostgreSQL database. With --demo it first prepares a small cohort, its index,
/// projects A, B, C and demo users, and prints their passwords.
/// </summary>
public static class ServeCommand
{
    public const string DefaultDataDir = StoreOptions.DefaultDataDir;

    public static Command Create()
    {
        var demo = new Option<bool>("--demo") { Description = "Prepare a demo cohort, index, projects and users (passwords printed) before serving." };
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen, e.g. http://127.0.0.1:5080 (port 0: any free port). Several separated by ';'.",
            DefaultValueFactory = _ => ApiClient.DefaultServer,
        };
        var data = new Option<string>("--data")
        {
            Description = $"Data folder: egress.db (SQLite), quarantine/, index/ and index.key. Default: {DefaultDataDir}.",
            DefaultValueFactory = _ => DefaultDataDir,
        };
        var database = StoreOptions.Database();
        var workers = new Option<int>("--workers") { Description = "In-process check workers (0: none; run `egress worker` elsewhere).", DefaultValueFactory = _ => 1 };
        var policyFile = new Option<string?>("--policy") { Description = "Policy file (JSON); defaults apply to anything it leaves out." };
        var lease = StoreOptions.CheckLease();
        var proxies = new Option<string[]>("--trusted-proxy")
        {
            Description = "Address or network (CIDR) of a reverse proxy whose X-Forwarded-For and X-Forwarded-Proto are believed (repeatable). " +
                          "Behind a TLS proxy this makes cookies Secure and sends HSTS.",
            DefaultValueFactory = _ => [],
        };
        var command = new Command("serve", "Run the airlock web service: researchers submit, Egress checks, checkers review.")
        {
            demo, urls, data, database, workers, policyFile, lease, proxies,
        };
        command.SetAction((parse, cancel) => RunAsync(parse.GetValue(demo), parse.GetValue(urls)!, parse.GetValue(data)!, parse.GetValue(database),
            parse.GetValue(workers), PolicyOption.Load(parse.GetValue(policyFile)), StoreOptions.Lease(parse.GetValue(lease)),
            TrustedProxies(parse.GetValue(proxies) ?? []), cancel));
        return command;
    }

    /// <summary>"10.0.0.5" or "10.0.0.0/8" each; anything else is a usage error.</summary>
    private static IReadOnlyList<System.Net.IPNetwork> TrustedProxies(string[] values) =>
        values.Select(v => System.Net.IPAddress.TryParse(v, out var address) ? new System.Net.IPNetwork(address, address.GetAddressBytes().Length * 8)
            : System.Net.IPNetwork.TryParse(v, out var network) ? network
            : throw new UsageException($"--trusted-proxy takes an address or a network (10.0.0.5, 10.0.0.0/8), not '{v}'")).ToList();

    private static async Task<int> RunAsync(bool demo, string urls, string dataDir, string? database, int workerCount, Egress.Core.Policy policy,
        TimeSpan lease, IReadOnlyList<System.Net.IPNetwork> trustedProxies, CancellationToken cancel)
    {
        if (workerCount is < 0 or > 64) throw new UsageException("--workers must be between 0 and 64");
        if (!urls.Split(';').All(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            throw new UsageException($"--urls must be http(s) URLs, not '{urls}'");
        Directory.CreateDirectory(dataDir);
        var options = new AirlockOptions { DataDir = dataDir, Database = database, Policy = policy, CheckLease = lease };
        if (demo)
        {
            DemoSeeder.PrepareIndex(dataDir, Console.Out);
            await DemoSeeder.SeedHistoryAsync(options, Console.Out, cancel);
        }
        using var airlock = AirlockService.Open(options);
        IReadOnlyList<DemoAccount> accounts = demo ? await DemoSeeder.SeedAccountsAsync(airlock, cancel) : [];
        // A token for alice, so the CLI part of the tour needs no browser: a demo convenience, never without --demo.
        var demoToken = demo ? await DemoTokenAsync(airlock, cancel) : null;
        await using var pool = workerCount > 0 ? airlock.StartWorkers(workerCount) : null;
        await using var app = EgressWebApp.Build(airlock, new EgressServerOptions { Urls = urls, TrustedProxies = trustedProxies });
        await StartListeningAsync(app, urls, cancel);
        var url = app.Urls.FirstOrDefault() ?? urls;
        Console.WriteLine($"egress: listening on {url} (data {Path.GetFullPath(dataDir)}, {(database is null ? "SQLite" : "PostgreSQL")}, {workerCount} worker(s))");
        if (demo) PrintDemo(url, accounts, demoToken!, DemoSeeder.SamplesDir(dataDir));
        else foreach (var line in ServeReadiness.Describe(airlock, dataDir, database)) Console.WriteLine(line);
        Console.WriteLine("Press Ctrl+C to stop.");
        await app.WaitForShutdownAsync(cancel);
        return 0;
    }

    /// <summary>Starts Kestrel; a port someone else holds is the caller's to change (--urls), said in one line.</summary>
    private static async Task StartListeningAsync(Microsoft.AspNetCore.Builder.WebApplication app, string urls, CancellationToken cancel)
    {
        try
        {
            await app.StartAsync(cancel);
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException
                                    || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            var ports = string.Join(", ", urls.Split(';').Select(u => new Uri(u).Port).Distinct());
            throw new UsageException($"cannot listen on port {ports}: address already in use (stop what holds it, or pick another port with --urls http://127.0.0.1:PORT)");
        }
    }

    private static async Task<string> DemoTokenAsync(AirlockService airlock, CancellationToken cancel)
    {
        var alice = (await airlock.ListUsersAsync(Actor.System, cancel)).Single(u => u.Username == "alice");
        var actor = await airlock.FindActorAsync(alice.Id, cancel) ?? throw new InvalidOperationException("the demo user alice is not active");
        return (await airlock.CreateTokenAsync(actor, "demo (printed by egress serve --demo)", cancel)).Token;
    }

    private static void PrintDemo(string url, IReadOnlyList<DemoAccount> accounts, string aliceToken, string samples)
    {
        Console.WriteLine();
        Console.WriteLine($"Demo: open {url} and sign in as one of these (passwords are new on every start):");
        foreach (var a in accounts)
            Console.WriteLine($"  {a.Role.ToString().ToLowerInvariant(),-10} {a.Username,-8} {a.Password}{(a.Project is null ? "" : $"   (project {a.Project})")}");
        Console.WriteLine();
        Console.WriteLine($"Sample exports to submit are in {samples}:");
        Console.WriteLine("  small-cell-table.csv (goes to review: two checkers approve it), leak-ids-of-A.txt and");
        Console.WriteLine("  leak-rows-of-A-without-ids.csv (blocked, with the reason), legitimate/ (released).");
        Console.WriteLine("Try: sign in as alice and submit one to project A; sign in as carol, then dave, to review it;");
        Console.WriteLine("alice downloads what is released; audrey sees and verifies the audit log, and opens \"Daily report\".");
        Console.WriteLine();
        Console.WriteLine("From a shell, as alice (this token is new on every start; make your own on the 'API tokens' page):");
        Console.WriteLine($"  export EGRESS_SERVER={url} EGRESS_TOKEN={aliceToken}");
        Console.WriteLine($"  ./egress submit {Path.Combine(samples, "small-cell-table.csv")} --project A --description \"Participants by centre\"");
        Console.WriteLine("  ./egress status N --wait 30        # N: the request number submit printed");
    }
}
