using System.Text.Json;
using System.Text.RegularExpressions;
using Egress.Airlock;
using Egress.Service.Tests.Support;
using Egress.Web.Api;
using Xunit;

namespace Egress.Service.Tests.Web;

/// <summary>`egress submit` and `egress status` as real child processes against a running server, with a token from EGRESS_TOKEN.</summary>
public sealed partial class CliTests(WebServers servers) : IClassFixture<WebServers>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Submit_then_status_shows_the_verdict_and_the_reasons()
    {
        var server = await servers.GetAsync(WebServer.Store.Sqlite);
        var env = new Dictionary<string, string> { ["EGRESS_TOKEN"] = server.Tokens["alice"] };
        var leak = DemoData.Sample(server.DataDir, "leak-ids-of-A.txt");

        var submit = await RunAsync(["submit", leak, "--project", "A", "--description", "IDs by mistake", "--server", server.BaseUrl.ToString()], env);
        Assert.Equal(0, submit.ExitCode);
        var id = long.Parse(SubmittedId().Match(submit.Output).Groups[1].Value);

        var status = await RunAsync(["status", id.ToString(), "--server", server.BaseUrl.ToString(), "--wait", "100"], env);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains($"request {id}: blocked", status.Output);
        Assert.Contains("participant-ids", status.Output);
        Assert.Contains("how to fix:", status.Output);

        var json = await RunAsync(["status", id.ToString(), "--server", server.BaseUrl.ToString(), "--json"], env);
        Assert.Equal(0, json.ExitCode);
        var request = JsonSerializer.Deserialize<RequestDto>(json.Output, ApiJson.Options)!;
        Assert.Equal(RequestState.Blocked, request.State);
        Assert.Equal("IDs by mistake", request.Description);
    }

    [Fact]
    public async Task A_wrong_token_or_no_server_is_exit_code_4_and_no_token_is_a_usage_error()
    {
        var server = await servers.GetAsync(WebServer.Store.Sqlite);
        var wrong = await RunAsync(["status", "1", "--server", server.BaseUrl.ToString(), "--token", "egt_wrong"], null);
        Assert.Equal(4, wrong.ExitCode);
        Assert.Contains("401", wrong.Output);
        var unreachable = await RunAsync(["status", "1", "--server", $"http://127.0.0.1:{FreePort.Next()}", "--token", "egt_x"], null);
        Assert.Equal(4, unreachable.ExitCode);
        var none = await RunAsync(["status", "1", "--server", server.BaseUrl.ToString()], new Dictionary<string, string> { ["EGRESS_TOKEN"] = "" });
        Assert.Equal(2, none.ExitCode);
    }

    [Fact]
    public async Task Another_projects_researcher_cannot_see_the_request()
    {
        var server = await servers.GetAsync(WebServer.Store.Sqlite);
        var request = await server.SubmitAsync("alice", "A", DemoData.Sample(server.DataDir, "small-cell-table.csv"));
        var status = await RunAsync(["status", request.Id.ToString(), "--server", server.BaseUrl.ToString()],
            new Dictionary<string, string> { ["EGRESS_TOKEN"] = server.Tokens["bob"] });
        Assert.Equal(4, status.ExitCode);
        Assert.Matches("40[34]", status.Output);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? env)
    {
        await using var process = EgressProcess.Start(args, env);
        Assert.True(await process.WaitForExitAsync(Timeout), process.Output);
        return (process.ExitCode, process.Output);
    }

    [GeneratedRegex(@"request (\d+) submitted")]
    private static partial Regex SubmittedId();
}
