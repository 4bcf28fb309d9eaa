using Egress.Airlock;
using Egress.Service.Tests.Support;
using Xunit;

namespace Egress.Service.Tests.Airlock;

/// <summary>
/// The database's connection string (with its password) need not be on the command line, where `ps` shows it to every
/// user of the machine: EGRESS_DATABASE, or a file EGRESS_DATABASE_FILE names. Given on the command line it still
/// works, with a warning.
/// </summary>
public sealed class DatabaseSecretTests
{
    [PostgresFact]
    public async Task The_connection_string_comes_from_a_file_or_the_environment_and_a_password_on_the_command_line_is_warned_about()
    {
        await using var h = await AirlockHarness.CreateAsync(postgres: true);
        var secret = Path.Combine(h.DataDir, "database.secret");
        await File.WriteAllTextAsync(secret, h.DatabaseConnection + "\n");
        var empty = Directory.CreateTempSubdirectory("egress-dbsecret-").FullName;
        try
        {
            var fromFile = await RunAsync(["users", "list", "--data", empty], new() { ["EGRESS_DATABASE_FILE"] = secret });
            Assert.Equal(0, fromFile.ExitCode);
            Assert.Contains("audrey", fromFile.Output);
            Assert.DoesNotContain("warning", fromFile.Output);

            var fromVariable = await RunAsync(["users", "list", "--data", empty], new() { ["EGRESS_DATABASE"] = h.DatabaseConnection! });
            Assert.Equal(0, fromVariable.ExitCode);
            Assert.Contains("audrey", fromVariable.Output);

            var onCommandLine = await RunAsync(["users", "list", "--data", empty, "--database", h.DatabaseConnection!], []);
            Assert.Equal(0, onCommandLine.ExitCode);
            Assert.Contains("warning: --database holds a password", onCommandLine.Output);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_secret_file_is_a_usage_error_not_a_silent_sqlite_store()
    {
        var empty = Directory.CreateTempSubdirectory("egress-dbsecret-").FullName;
        try
        {
            var result = await RunAsync(["users", "list", "--data", empty], new() { ["EGRESS_DATABASE_FILE"] = Path.Combine(empty, "no-such-file") });
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("EGRESS_DATABASE_FILE", result.Output);
            Assert.False(File.Exists(Path.Combine(empty, "egress.db")));
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string[] args, Dictionary<string, string> environment)
    {
        await using var process = EgressProcess.Start(args, environment);
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(120)), process.Output);
        await Task.Delay(100); // the last lines of redirected output
        return (process.ExitCode, process.Output);
    }
}
