using System.Diagnostics;

namespace Egress.Service.Tests.Support;

/// <summary>
/// `egress serve --urls http://127.0.0.1:PORT …` as a real child process (real Kestrel, a free port),
/// ready once GET /health answers 200. Kill it with <see cref="EgressProcess.KillHard"/> to test crashes.
/// </summary>
public sealed class EgressServerProcess : EgressProcess
{
    private EgressServerProcess(int port, IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment)
        : base(args, environment)
    {
        Port = port;
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }

    public Uri BaseUrl { get; }

    /// <summary>
    /// Starts `egress serve` with <paramref name="serveArgs"/> (e.g. "--data", dir, "--demo") on a free
    /// loopback port and waits for /health = 200 (default 180 s: --demo builds a cohort and an index first).
    /// </summary>
    public static async Task<EgressServerProcess> StartAsync(IEnumerable<string> serveArgs, TimeSpan? readyTimeout = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        // The port is free when picked; if another process takes it first, Kestrel fails and we try another.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var args = new List<string> { "serve", "--urls", $"http://127.0.0.1:{port}" };
            args.AddRange(serveArgs);
            var server = new EgressServerProcess(port, args, environment);
            try
            {
                await server.WaitUntilHealthyAsync(readyTimeout ?? TimeSpan.FromSeconds(180));
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3 && server.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    public static Task<EgressServerProcess> StartAsync(params string[] serveArgs) => StartAsync(serveArgs, null);

    /// <summary>An HttpClient for this server (no cookies, no redirects followed: tests see what the server answers).</summary>
    public HttpClient CreateClient(bool allowRedirects = false) =>
        new(new HttpClientHandler { AllowAutoRedirect = allowRedirects, UseCookies = false }) { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(100) };

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (HasExited) throw new InvalidOperationException($"egress {Describe()} exited ({ExitCode}) before /health answered:\n{Output}");
            try
            {
                using var response = await http.GetAsync("health");
                if ((int)response.StatusCode == 200) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but busy; ask again.
            }
            if (clock.Elapsed > timeout) throw new TimeoutException($"egress {Describe()}: /health did not answer 200 within {timeout}:\n{Output}");
            await Task.Delay(100);
        }
    }
}
