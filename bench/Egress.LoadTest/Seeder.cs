using Egress.Airlock;
using Egress.Airlock.Demo;

namespace Egress.LoadTest;

/// <summary>
/// Prepares a data folder (and database) for a load run: the demo index, projects A, B, C, and N researchers
/// spread over them, each with an API token; plus an auditor's token to count every request at the end.
/// Writes "role username token" lines to the tokens file.
/// </summary>
public static class Seeder
{
    public static async Task<int> RunAsync(CommandLine options)
    {
        var dataDir = options.Required("data");
        var researchers = options.Int("researchers", 50);
        var tokensFile = options.Required("tokens");
        Directory.CreateDirectory(dataDir);
        DemoSeeder.PrepareIndex(dataDir, Console.Error);
        using var airlock = AirlockService.Open(new AirlockOptions
        {
            DataDir = dataDir,
            Database = options.Optional("database"),
            PasswordIterations = 1_000, // nobody signs in with these passwords
        });
        await DemoSeeder.SeedAccountsAsync(airlock);
        var lines = new List<string>();
        string[] projects = ["A", "B", "C"];
        for (var i = 1; i <= researchers; i++)
        {
            var name = $"load{i:D3}";
            var user = await airlock.CreateUserAsync(Actor.System, name, $"Load researcher {i}", Role.Researcher, Convert.ToHexString(Guid.NewGuid().ToByteArray()));
            await airlock.AddMemberAsync(Actor.System, projects[(i - 1) % projects.Length], user.Id);
            var token = await airlock.CreateTokenAsync(new Actor(user.Id, user.Username, Role.Researcher), "load");
            lines.Add($"researcher {name} {projects[(i - 1) % projects.Length]} {token.Token}");
        }
        var auditor = (await airlock.ListUsersAsync(Actor.System)).First(u => u.Role == Role.Auditor);
        var auditorToken = await airlock.CreateTokenAsync(new Actor(auditor.Id, auditor.Username, Role.Auditor), "load");
        lines.Add($"auditor {auditor.Username} - {auditorToken.Token}");
        await File.WriteAllLinesAsync(tokensFile, lines);
        Console.Error.WriteLine($"seeded {researchers} researchers over projects {string.Join(", ", projects)}; tokens in {tokensFile}");
        return 0;
    }
}
