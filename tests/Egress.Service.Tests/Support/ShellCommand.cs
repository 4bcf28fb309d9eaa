using System.Diagnostics;
using System.Text;

namespace Egress.Service.Tests.Support;

/// <summary>
/// A command line run by bash in a folder, as a person types it (`./egress serve --demo`), with its stdout and
/// stderr kept in order. Disposing it kills what is still running.
/// </summary>
public sealed class ShellCommand : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly object _outputLock = new();

    private ShellCommand(string commandLine, string folder)
    {
        CommandLine = commandLine;
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(commandLine);
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string CommandLine { get; }

    /// <summary>bash's process id; a single command is exec'd by bash, so this is the command's own process too.</summary>
    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get { lock (_outputLock) return _output.ToString(); }
    }

    public static ShellCommand Start(string commandLine, string folder) => new(commandLine, folder);

    /// <summary>Runs the command line to its end (a <see cref="TimeoutException"/> after <paramref name="timeout"/>).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string commandLine, string folder, TimeSpan timeout)
    {
        await using var command = new ShellCommand(commandLine, folder);
        if (!await command.WaitForExitAsync(timeout)) throw new TimeoutException($"`{commandLine}` did not finish within {timeout}:\n{command.Output}");
        return (command.ExitCode, command.Output);
    }

    /// <summary>
    /// SIGTERM, as `kill` or a service manager stops a process. (Not SIGINT: a process started from a background
    /// job inherits SIGINT ignored, and .NET keeps it so.)
    /// </summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            _process.WaitForExit(); // flushes the redirected output
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_outputLock) _output.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
        _process.Dispose();
    }
}
