using System.Diagnostics;

namespace Egress.Tests.Support;

/// <summary>Runs the real `egress` CLI (the built egress.dll beside the tests) as a separate process.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "egress.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("egress did not finish in 120 s: " + string.Join(' ', args));
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
