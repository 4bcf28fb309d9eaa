using Egress.Airlock;
using Egress.Airlock.Demo;
using Egress.Service.Tests.Support;
using Xunit;

namespace Egress.Service.Tests.Airlock;

/// <summary>What `egress serve --demo` prepares: index, samples, projects and accounts a newcomer can use at once.</summary>
public sealed class DemoSeederTests
{
    [Fact]
    public async Task The_demo_has_an_index_samples_projects_and_accounts_and_its_samples_get_their_verdicts()
    {
        var dir = Directory.CreateTempSubdirectory("egress-demo-").FullName;
        try
        {
            var log = new StringWriter();
            DemoSeeder.PrepareIndex(dir, log, participants: 1000);
            Assert.Contains("sample exports", log.ToString());
            DemoSeeder.PrepareIndex(dir, log, participants: 1000); // a second start reuses everything
            Assert.Contains("using the index", log.ToString());
            var options = new AirlockOptions { DataDir = dir, PasswordIterations = 1000, PollInterval = TimeSpan.FromMilliseconds(20) };
            IReadOnlyList<DemoAccount> accounts;
            using (var first = AirlockService.Open(options)) accounts = await DemoSeeder.SeedAccountsAsync(first);
            using var service = AirlockService.Open(options);
            var again = await DemoSeeder.SeedAccountsAsync(service);
            Assert.Equal(["alice", "bob", "carol", "dave", "admin", "audrey"], again.Select(a => a.Username));
            Assert.Null(await service.SignInAsync("alice", accounts[0].Password));
            var alice = await service.SignInAsync("alice", again[0].Password);
            Assert.NotNull(alice);
            Assert.Equal(["A"], (await service.MyProjectsAsync(alice!)).Select(p => p.Name));
            Assert.Equal(["A", "B", "C"], (await service.ListProjectsAsync(Actor.System)).Select(p => p.Name));
            var carol = await service.SignInAsync("carol", again[2].Password);
            Assert.Equal(Role.Checker, carol!.Role);

            var samples = DemoSeeder.SamplesDir(dir);
            async Task<RequestState> Verdict(string file)
            {
                await using var content = File.OpenRead(file);
                var request = await service.SubmitAsync(alice!, "A", "demo sample", [new UploadFile(Path.GetFileName(file), content)]);
                var worker = service.CreateWorker("demo");
                while (await worker.RunOnceAsync()) { }
                return (await service.GetRequestAsync(alice!, request.Id)).Request.State;
            }
            Assert.Equal(RequestState.AwaitingReview, await Verdict(Path.Combine(samples, "small-cell-table.csv")));
            Assert.Equal(RequestState.Blocked, await Verdict(Path.Combine(samples, "leak-rows-of-A-without-ids.csv")));
            Assert.Equal(RequestState.Blocked, await Verdict(Path.Combine(samples, "leak-ids-of-A.txt")));
            // Both leaks together stay under the exposure review threshold: the happy path still works.
            Assert.Equal(120, (await service.GetExposureAsync(carol, "A")).Participants);
            Assert.Equal(RequestState.Released, await Verdict(Path.Combine(samples, "clean-table.csv")));
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(samples, "legitimate"), "*", SearchOption.AllDirectories));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
