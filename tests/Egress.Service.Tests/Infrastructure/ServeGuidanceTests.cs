using Egress.Service.Tests.Support;
using Xunit;

namespace Egress.Service.Tests.Infrastructure;

/// <summary>`egress serve` without --demo on a fresh data folder: it serves, and says what is missing and the commands that add it.</summary>
public sealed class ServeGuidanceTests
{
    [Fact]
    public async Task Serve_on_a_fresh_folder_prints_the_commands_that_add_an_index_and_the_first_admin_and_stops_once_they_are_there()
    {
        var dir = Directory.CreateTempSubdirectory("egress-serve-").FullName;
        try
        {
            string fresh;
            await using (var server = await EgressServerProcess.StartAsync("--data", dir, "--workers", "0"))
            {
                await server.WaitForOutputAsync("Press Ctrl+C to stop.", TimeSpan.FromSeconds(60));
                fresh = server.Output;
            }
            Assert.Contains($"index: none at {Path.Combine(dir, "index")}", fresh);
            Assert.Contains("This airlock is not ready for use yet", fresh);
            Assert.Contains($"egress index build --extract A=extract-A.csv --extract B=extract-B.csv --out {Path.Combine(dir, "index")}", fresh);
            Assert.Contains("- No users yet.", fresh);
            Assert.Contains($"egress users add admin --role admin --data {dir}", fresh);

            // Do as it says: the first admin, and an index in the data folder.
            var add = await EgressProcess.RunAsync(["users", "add", "admin", "--role", "admin", "--data", dir]);
            Assert.Equal(0, add.ExitCode);
            TestIndex.Copy(ServiceCohort.Shared.IndexDir, Path.Combine(dir, "index"));
            await using (var server = await EgressServerProcess.StartAsync("--data", dir, "--workers", "0"))
            {
                await server.WaitForOutputAsync("Press Ctrl+C to stop.", TimeSpan.FromSeconds(60));
                Assert.Contains($"index: {Path.Combine(dir, "index")} (3 project(s): A, B, C)", server.Output);
                Assert.DoesNotContain("not ready", server.Output);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
