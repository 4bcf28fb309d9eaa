using System.Net.Sockets;
using Egress.Service.Tests.Support;
using Xunit;

namespace Egress.Service.Tests.Infrastructure;

/// <summary>The child-process helpers: free loopback ports, the real CLI as a process, kill -9.</summary>
public sealed class EgressProcessTests
{
    [Fact]
    public void A_free_port_can_be_bound_on_loopback()
    {
        var port = FreePort.Next();
        Assert.InRange(port, 1024, 65535);
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, port);
        listener.Start();
        listener.Stop();
    }

    [Fact]
    public async Task The_cli_runs_as_a_child_process_and_its_output_is_kept()
    {
        await using var process = EgressProcess.Start("--help");
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(60)), process.Output);
        Assert.Contains("check", process.Output);
    }

    [Fact]
    public async Task A_server_that_exits_before_it_is_healthy_fails_with_its_output()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => EgressServerProcess.StartAsync(["--no-such-option-for-tests"], TimeSpan.FromSeconds(60)));
        Assert.Contains("before /health answered", error.Message);
    }

    [Fact]
    public async Task Kill_hard_ends_a_running_process_at_once()
    {
        // `egress cohort generate` on a large cohort runs long enough to be killed mid-way.
        var dir = Directory.CreateTempSubdirectory("egress-kill-");
        try
        {
            await using var process = EgressProcess.Start("cohort", "generate", "--participants", "5000000", "--projects", "3", "--seed", "1", "--out", dir.FullName);
            await Task.Delay(1500);
            Assert.False(process.HasExited, process.Output);
            process.KillHard();
            Assert.True(process.HasExited);
            Assert.Equal(137, process.ExitCode); // 128 + SIGKILL
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
