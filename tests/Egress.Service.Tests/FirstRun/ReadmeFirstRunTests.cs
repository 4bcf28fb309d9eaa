using System.Net;
using System.Text.RegularExpressions;
using Egress.Service.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Egress.Service.Tests.FirstRun;

/// <summary>
/// The README, as a new user follows it, on a fresh clone of this repository: `./egress serve --demo` (only
/// `--urls` added, for a free port) builds, serves, and alice signs in on the page, submits a demo sample and
/// sees its verdict; then the engine tour's commands run as written, in order. One clone and one build for
/// both: the first test (by name) pays for the build and reports the time from `git clone` to /health.
/// </summary>
[TestCaseOrderer(RunInNameOrder.TypeName, RunInNameOrder.AssemblyName)]
public sealed partial class ReadmeFirstRunTests(FreshClone clone, ITestOutputHelper log) : IClassFixture<FreshClone>
{
    // A build on a busy two-core machine takes minutes; these bound a hang, they are not a speed target.
    private static readonly TimeSpan BuildAndStart = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan OneCommand = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task Step1_serve_demo_on_a_fresh_clone_lets_alice_sign_in_submit_a_sample_and_see_its_verdict()
    {
        var (serve, url, builtAt) = await StartServeDemoAsync();
        await using var _ = serve;
        var toHealth = clone.SinceClone.Elapsed;
        Report($"fresh clone: git clone {clone.CloneTime.TotalSeconds:0.0} s; built (first demo line) at {builtAt.TotalSeconds:0.0} s; " +
               $"git clone to /health = 200 (./egress serve --demo: build, demo cohort, history, start) {toHealth.TotalSeconds:0.0} s");

        await WaitForOutputAsync(serve, "Press Ctrl+C to stop.");
        var password = AlicePassword().Match(serve.Output);
        Assert.True(password.Success, "serve --demo prints alice's password:\n" + serve.Output);

        using var alice = new PageSession(new Uri(url + "/"));
        using (var signIn = await alice.PostFormAsync("signin", "signin", new() { ["username"] = "alice", ["password"] = password.Groups[1].Value }))
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        // The samples serve printed are under the folder it was started in, not under the binary's.
        var sample = Path.Combine(clone.Folder, ".egress", "airlock", "demo", "samples", "leak-ids-of-A.txt");
        Assert.True(File.Exists(sample), $"no demo sample at {sample}");
        var token = await alice.TokenFromAsync("requests/new");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__csrf" },
            { new StringContent("A"), "project" },
            { new StringContent("IDs of my project's participants"), "description" },
            { new ByteArrayContent(await File.ReadAllBytesAsync(sample)), "files", Path.GetFileName(sample) },
        };
        using var submitted = await alice.Http.PostAsync("requests", form);
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var page = submitted.Headers.Location!.OriginalString.Split('?')[0].TrimStart('/');

        var verdict = await VerdictOnPageAsync(alice, page);
        Assert.Equal("block", verdict);

        serve.Terminate();
        Assert.True(await serve.WaitForExitAsync(TimeSpan.FromMinutes(1)), "SIGTERM did not stop the server:\n" + serve.Output);
        Assert.DoesNotContain("Unhandled exception", serve.Output);
        Assert.True(serve.ExitCode == 0, $"serve exited {serve.ExitCode} when stopped:\n{serve.Output}");
    }

    [Fact]
    public async Task Step2_the_engine_tour_in_the_README_runs_as_written()
    {
        var commands = ReadmeCommands.Of(await File.ReadAllTextAsync(Path.Combine(clone.Folder, "README.md")), "## A short tour of the checking engine");
        Assert.True(commands.Count >= 20, "the tour has its commands");
        var failures = new List<string>();
        foreach (var command in commands)
        {
            if (command.StartsWith("bench/", StringComparison.Ordinal))
            {
                Report($"skipped (a benchmark that runs for minutes, run on its own): {command}");
                continue;
            }
            var (code, output) = await ShellCommand.RunAsync(command, clone.Folder, OneCommand);
            Report($"exit {code,2}: {command}");
            // 0, 10 and 20 are verdicts; 2 (usage), 3 (unreadable), 1 and 134 (a crash) mean the README is wrong.
            if (code is not (0 or 10 or 20) || output.Contains("Unhandled exception", StringComparison.Ordinal) || StackFrame().IsMatch(output))
                failures.Add($"exit {code}: {command}\n{output}");
        }
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    /// <summary>Starts the README's main command on a free port (another, should something take the port first).</summary>
    private async Task<(ShellCommand Serve, string Url, TimeSpan BuiltAt)> StartServeDemoAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var url = $"http://127.0.0.1:{FreePort.Next()}";
            var serve = ShellCommand.Start($"./egress serve --demo --urls {url}", clone.Folder);
            try
            {
                var builtAt = await WaitForHealthAsync(serve, url, clone.SinceClone);
                return (serve, url, builtAt);
            }
            catch (InvalidOperationException) when (attempt < 3 && serve.Output.Contains("address already in use", StringComparison.Ordinal))
            {
                await serve.DisposeAsync();
            }
            catch
            {
                await serve.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Waits for /health = 200; returns when (on <paramref name="clock"/>) the build was over: serve's first "demo:" line.</summary>
    private static async Task<TimeSpan> WaitForHealthAsync(ShellCommand serve, string url, System.Diagnostics.Stopwatch clock)
    {
        TimeSpan? builtAt = null;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + BuildAndStart;
        while (true)
        {
            if (builtAt is null && serve.Output.Contains("demo: ", StringComparison.Ordinal)) builtAt = clock.Elapsed;
            if (serve.HasExited) throw new InvalidOperationException($"`{serve.CommandLine}` exited ({serve.ExitCode}) before /health answered:\n{serve.Output}");
            try
            {
                using var response = await http.GetAsync(url + "/health");
                if (response.StatusCode == HttpStatusCode.OK) return builtAt ?? clock.Elapsed;
            }
            catch (HttpRequestException)
            {
                // Still building, or not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but busy.
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"/health did not answer 200 within {BuildAndStart}:\n{serve.Output}");
            await Task.Delay(250);
        }
    }

    private static async Task WaitForOutputAsync(ShellCommand serve, string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (!serve.Output.Contains(text, StringComparison.Ordinal))
        {
            if (serve.HasExited || DateTime.UtcNow > deadline) throw new InvalidOperationException($"serve did not print \"{text}\":\n{serve.Output}");
            await Task.Delay(50);
        }
    }

    /// <summary>The engine's verdict on the request's first file, once checked (the page says "not checked yet" before).</summary>
    private static async Task<string> VerdictOnPageAsync(PageSession session, string page)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (true)
        {
            var html = await session.Http.GetStringAsync(page);
            var verdict = VerdictCell().Match(html);
            if (verdict.Success && verdict.Groups[1].Value != "not checked yet") return verdict.Groups[1].Value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{page} shows no verdict:\n{html}");
            await Task.Delay(200);
        }
    }

    private void Report(string line)
    {
        log.WriteLine(line);
        var artifacts = Path.Combine(RepositoryRoot.Path, "artifacts");
        Directory.CreateDirectory(artifacts);
        File.AppendAllText(Path.Combine(artifacts, "readme-first-run.txt"), $"{DateTime.UtcNow:u} {line}\n");
    }

    [GeneratedRegex(@"^\s*researcher\s+alice\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex AlicePassword();

    [GeneratedRegex("id=\"file-\\d+-verdict\"[^>]*>([^<]+)<")]
    private static partial Regex VerdictCell();

    /// <summary>A .NET stack frame ("   at Egress.Cli…"): never for a user to see.</summary>
    [GeneratedRegex(@"^\s+at \S+\(", RegexOptions.Multiline)]
    private static partial Regex StackFrame();
}
