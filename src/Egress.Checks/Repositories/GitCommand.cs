using System.Diagnostics;

namespace Egress.Checks.Repositories;

/// <summary>Runs git in a repository, reading its output as it comes; a failure is an exception with git's own message.</summary>
public sealed class GitCommand(string repository)
{
    public string Repository { get; } = repository;

    public Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("git")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Paths as they are (no octal quoting of non-ASCII names); never a pager or a prompt.
        foreach (var a in new[] { "-C", Repository, "-c", "core.quotepath=off", "--no-pager" }.Concat(args)) info.ArgumentList.Add(a);
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        try
        {
            return Process.Start(info) ?? throw new GitException("git could not be started");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new GitException($"git could not be started ({e.Message}); is it installed?");
        }
    }

    /// <summary>Runs git to the end and returns its output lines.</summary>
    public List<string> Lines(params string[] args)
    {
        using var process = Start(args);
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        while (process.StandardOutput.ReadLine() is { } line) lines.Add(line);
        process.WaitForExit();
        if (process.ExitCode != 0) throw new GitException($"git {string.Join(' ', args)} failed: {error.Result.Trim()}");
        return lines;
    }
}

public sealed class GitException(string message) : Exception(message);
