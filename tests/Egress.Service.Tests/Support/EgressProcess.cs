using System.Diagnostics;
using System.Text;

namespace Egress.Service.Tests.Support;

/// <summary>What a finished `egress` command printed (stdout and stderr, in order) and its exit code.</summary>
public sealed record CliResult(int ExitCode, string Output);

/// <summary>
/// The real `egress` CLI (egress.dll built beside the tests) as a child process whose output is kept,
/// e.g. `egress worker`. Disposing it kills it; <see cref="KillHard"/> is kill -9, for crash tests.
/// </summary>
public class EgressProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly object outputLock = new();

    protected EgressProcess(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        Arguments = args;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(CliPath);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        if (environment is not null)
            foreach (var (key, value) in environment) start.Environment[key] = value;
        process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>egress.dll beside the test binaries (the test project references Egress.Cli).</summary>
    public static string CliPath => Path.Combine(AppContext.BaseDirectory, "egress.dll");

    public IReadOnlyList<string> Arguments { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>Everything written to stdout and stderr so far (one line per line).</summary>
    public string Output
    {
        get { lock (outputLock) return output.ToString(); }
    }

    /// <summary>Starts `dotnet egress.dll ARGS…` (e.g. "worker", "--database", url).</summary>
    public static EgressProcess Start(params string[] args) => new(args);

    public static EgressProcess Start(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment) => new(args, environment);

    /// <summary>Runs `egress ARGS…` to the end (at most <paramref name="timeout"/>, default 120 s): exit code and output.</summary>
    public static async Task<CliResult> RunAsync(IReadOnlyList<string> args, TimeSpan? timeout = null)
    {
        await using var process = new EgressProcess(args);
        if (!await process.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(120)))
            throw new TimeoutException($"egress {process.Describe()} did not finish:\n{process.Output}");
        process.process.WaitForExit(); // flushes the redirected output
        return new CliResult(process.ExitCode, process.Output);
    }

    /// <summary>Runs `egress ARGS…` with <paramref name="input"/> as its standard input (then closed), to the end: exit code and output.</summary>
    public static async Task<CliResult> RunWithInputAsync(IReadOnlyList<string> args, string input, TimeSpan? timeout = null)
    {
        await using var process = new EgressProcess(args);
        await process.process.StandardInput.WriteAsync(input);
        process.process.StandardInput.Close();
        if (!await process.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(120)))
            throw new TimeoutException($"egress {process.Describe()} did not finish:\n{process.Output}");
        process.process.WaitForExit();
        return new CliResult(process.ExitCode, process.Output);
    }

    /// <summary>kill -9: no shutdown code runs (what a crash or the OOM killer does).</summary>
    public void KillHard()
    {
        if (process.HasExited) return;
        process.Kill(entireProcessTree: false); // SIGKILL on Unix
        process.WaitForExit();
    }

    /// <summary>Waits for the process to end by itself; false if it is still running after the timeout.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Waits until a line of output contains <paramref name="text"/> (e.g. a "listening" or "claimed" message).</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (process.HasExited) throw new InvalidOperationException($"egress {Describe()} exited ({process.ExitCode}) before printing \"{text}\":\n{Output}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"egress {Describe()} did not print \"{text}\" within {timeout}:\n{Output}");
            await Task.Delay(50);
        }
    }

    protected string Describe() => string.Join(' ', Arguments);

    private void Append(string? line)
    {
        if (line is null) return;
        lock (outputLock) output.AppendLine(line);
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
        process.Dispose();
        GC.SuppressFinalize(this);
    }
}
