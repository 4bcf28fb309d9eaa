using System.Text.RegularExpressions;
using Egress.Service.Tests.Support;
using Xunit;

namespace Egress.Service.Tests.BrowserFlows;

/// <summary>
/// What a newcomer runs: `egress serve --demo --data DIR` as a real process on a free loopback port (its
/// printed passwords read back), and one headless Chromium for the class's tests.
/// </summary>
public sealed partial class DemoServerFixture : IAsyncLifetime
{
    private readonly Dictionary<string, string> passwords = new(StringComparer.Ordinal);
    private EgressServerProcess? server;
    private Browser? browser;
    private DirectoryInfo? dataDir;

    public EgressServerProcess Server => server ?? throw new InvalidOperationException("the demo server did not start");

    public Browser Browser => browser ?? throw new InvalidOperationException("Chromium did not start");

    public string DataDir => dataDir?.FullName ?? throw new InvalidOperationException("no data folder");

    public string Password(string username) => passwords.TryGetValue(username, out var p)
        ? p
        : throw new InvalidOperationException($"`egress serve --demo` printed no password for {username}:\n{Server.Output}");

    /// <summary>A demo sample export (DATA/demo/samples/NAME).</summary>
    public string Sample(string name) => Path.Combine(DataDir, "demo", "samples", name);

    /// <summary>
    /// The last day of the demo's synthetic history, as the server printed it: "yesterday" when it started, which is not
    /// yesterday any more for a test that runs after midnight.
    /// </summary>
    public string HistoryLastDay => HistoryLine().Match(Server.Output) is { Success: true } m ? m.Groups[1].Value
        : throw new InvalidOperationException($"`egress serve --demo` printed no history line:\n{Server.Output}");

    [System.Text.RegularExpressions.GeneratedRegex(@"synthetic history from \d{4}-\d{2}-\d{2} to (\d{4}-\d{2}-\d{2})")]
    private static partial System.Text.RegularExpressions.Regex HistoryLine();

    public async Task InitializeAsync()
    {
        if (TestServers.Disabled) return; // the class's tests are skipped
        dataDir = Directory.CreateTempSubdirectory("egress-demo-");
        browser = await Browser.LaunchAsync();
        server = await EgressServerProcess.StartAsync(["--demo", "--data", dataDir.FullName], TimeSpan.FromMinutes(3));
        await server.WaitForOutputAsync("Press Ctrl+C", TimeSpan.FromSeconds(30));
        foreach (Match m in AccountLine().Matches(server.Output)) passwords[m.Groups[1].Value] = m.Groups[2].Value;
    }

    public async Task DisposeAsync()
    {
        if (server is not null) await server.DisposeAsync();
        if (browser is not null) await browser.DisposeAsync();
        try
        {
            dataDir?.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Left behind in the temp folder if something still holds a file.
        }
    }

    // "  researcher alice    Xk3…   (project A)"
    [GeneratedRegex(@"^\s+(?:researcher|checker|admin|auditor)\s+(\S+)\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex AccountLine();
}
