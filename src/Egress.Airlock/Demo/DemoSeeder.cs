using Egress.Cohort;
using Egress.Cohort.Outputs;
using Egress.Index;

namespace Egress.Airlock.Demo;

/// <summary>One demo account and its password (printed on start).</summary>
public sealed record DemoAccount(string Username, string Password, Role Role, string? Project);

/// <summary>
/// What `egress serve --demo` prepares: a small generated cohort (fixed seed) and its index under the data
/// folder, sample exports to try (legitimate outputs, a table with a small cell, leaks), projects A, B, C
/// and the demo users with fresh passwords.
/// </summary>
public static class DemoSeeder
{
    public const int DefaultParticipants = 3000;
    public const int Seed = 2026;

    /// <summary>Where the sample exports are written: DATA/demo/samples.</summary>
    public static string SamplesDir(string dataDir) => Path.Combine(dataDir, "demo", "samples");

    /// <summary>
    /// Generates the cohort and builds DATA/index (with DATA/index.key) unless they are there already, and
    /// writes sample exports to <see cref="SamplesDir"/>.
    /// </summary>
    public static void PrepareIndex(string dataDir, TextWriter log, int participants = DefaultParticipants)
    {
        var indexDir = Path.Combine(dataDir, "index");
        var keyPath = IndexKey.DefaultPathFor(indexDir);
        var cohortDir = Path.Combine(dataDir, "demo", "cohort");
        if (Directory.Exists(indexDir) && File.Exists(keyPath) && Directory.Exists(SamplesDir(dataDir)))
        {
            log.WriteLine($"demo: using the index in {indexDir}");
            return;
        }
        var files = CohortGenerator.Generate(new CohortSpec(participants, 3, Seed: Seed), cohortDir);
        log.WriteLine($"demo: cohort of {participants:N0} participants, projects {string.Join(", ", files.Projects.Select(p => p.Name))} → {cohortDir}");
        var key = IndexKey.LoadOrCreate(keyPath);
        new IndexBuilder(key).Build(files.Projects.Select(p => new ExtractSource(p.Name, p.Extract.Path)).ToList(), indexDir);
        log.WriteLine($"demo: index → {indexDir}");
        var samples = SamplesDir(dataDir);
        Directory.CreateDirectory(samples);
        WriteSamples(files, cohortDir, samples);
        log.WriteLine($"demo: sample exports to submit → {samples}");
    }

    /// <summary>Creates projects A, B, C and the demo users (or gives them new passwords), returning the accounts.</summary>
    public static async Task<IReadOnlyList<DemoAccount>> SeedAccountsAsync(AirlockService service, CancellationToken ct = default)
    {
        var system = Actor.System;
        var existing = (await service.ListProjectsAsync(system, ct)).Select(p => p.Name).ToHashSet();
        foreach (var name in new[] { "A", "B", "C" })
            if (!existing.Contains(name)) await service.CreateProjectAsync(system, name, $"Demo project {name}", ct);
        var wanted = new (string User, string Display, Role Role, string? Project)[]
        {
            ("alice", "Alice (researcher, project A)", Role.Researcher, "A"),
            ("bob", "Bob (researcher, project B)", Role.Researcher, "B"),
            ("carol", "Carol (output checker)", Role.Checker, null),
            ("dave", "Dave (output checker)", Role.Checker, null),
            ("admin", "Admin", Role.Admin, null),
            ("audrey", "Audrey (auditor)", Role.Auditor, null),
        };
        var users = (await service.ListUsersAsync(system, ct)).ToDictionary(u => u.Username);
        var accounts = new List<DemoAccount>();
        foreach (var (name, display, role, project) in wanted)
        {
            var password = OneTimePasswords.New(12);
            // Printed fresh on every start for the demo's visitors, who are not asked to change them.
            if (users.TryGetValue(name, out var user)) await service.SetPasswordAsync(system, user.Id, password, mustChange: false, ct);
            else user = await service.CreateUserAsync(system, name, display, role, password, ct: ct);
            if (project is not null && !(await service.ListMembershipsAsync(system, project, ct)).Any(m => m.UserId == user.Id))
                await service.AddMemberAsync(system, project, user.Id, ct);
            accounts.Add(new DemoAccount(name, password, role, project));
        }
        return accounts;
    }

    /// <summary>
    /// On a fresh store only (no projects yet): a month of synthetic export activity up to yesterday for projects
    /// A, B and C, through the real service with a clock moved back (<see cref="ExportActivitySimulator"/>), so the
    /// daily report has a baseline and something to show — project C slices its extract (ID lists, a few new
    /// participants a day), project B exports a burst at night yesterday. Runs before the demo users exist, so
    /// the projects date from the start of the history; the demo users' own requests come after it.
    /// </summary>
    public static async Task SeedHistoryAsync(AirlockOptions options, TextWriter log, CancellationToken ct = default)
    {
        var clock = new SimulationClock();
        using var service = await AirlockService.OpenAsync(options with { Clock = clock }, ct);
        if ((await service.ListProjectsAsync(Actor.System, ct)).Count > 0) return;
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow.Date).AddDays(-1);
        var plan = new ActivityPlan(yesterday, Seed)
        {
            Projects = ["A", "B", "C"], Slicer = "C", NightBurst = "B", Splitter = "A", SplitterFiles = 0, NightBurstFiles = 20,
        };
        var extract = Directory.GetFiles(Path.Combine(options.DataDir, "demo", "cohort"), "extract-C.*").FirstOrDefault()
                      ?? throw new InvalidOperationException("the demo cohort has no extract of project C");
        var ids = File.ReadLines(extract).Skip(1).Select(l => l[..l.IndexOf(',')]).Take(1000).ToList();
        var summary = await new ExportActivitySimulator(service, clock.Set, plan).RunAsync(ids, ct);
        log.WriteLine($"demo: {summary.Requests} requests ({summary.Files} files) of synthetic history from {plan.FirstDay:yyyy-MM-dd} to {yesterday:yyyy-MM-dd} " +
                      "for the daily report (project C slices, project B bursts at night)");
    }

    /// <summary>Twelve characters from an alphabet without look-alikes.</summary>

    /// <summary>
    /// A clean table (released), legitimate outputs, a table with a small cell (review), and two leaks (blocked):
    /// 20 records and 100 IDs of other participants — 120 together, under the default exposure review
    /// threshold, so the clean table is still released after a newcomer has tried both.
    /// </summary>
    private static void WriteSamples(CohortResult files, string cohortDir, string samples)
    {
        LegitimateOutputGenerator.Generate(cohortDir, Path.Combine(samples, "legitimate"), 4, 1);
        File.WriteAllText(Path.Combine(samples, "clean-table.csv"), "age_band,participants\n40-49,512\n50-59,601\n60-69,478\n");
        File.WriteAllText(Path.Combine(samples, "small-cell-table.csv"),
            "assessment_centre,participants\nLeeds,1412\nNewcastle,1187\nOxford,964\nStockport,3\n");
        var extractA = File.ReadLines(files.Project("A").Extract.Path).Take(121).ToList();
        File.WriteAllLines(Path.Combine(samples, "leak-rows-of-A-without-ids.csv"), extractA.Take(21).Select(l => l[(l.IndexOf(',') + 1)..]));
        File.WriteAllLines(Path.Combine(samples, "leak-ids-of-A.txt"), extractA.Skip(21).Select(l => l[..l.IndexOf(',')]));
    }
}
