using System.Diagnostics;

namespace Egress.Service.Tests.Support;

/// <summary>
/// A `git clone` of the repository the tests run in, in a temporary folder: its committed state, as CI checks
/// it out (uncommitted changes are not in it). <see cref="SinceClone"/> runs from just before the clone.
/// </summary>
public sealed class FreshClone : IDisposable
{
    private readonly string _parent = Directory.CreateTempSubdirectory("egress-clone-").FullName;

    public FreshClone()
    {
        Folder = Path.Combine(_parent, "egress");
        SinceClone = Stopwatch.StartNew();
        Git("clone", "--quiet", RepositoryRoot.Path, Folder);
        CloneTime = SinceClone.Elapsed;
        // The README's `scan-repo --since origin/main` needs the branch a developer's clone has; a CI checkout
        // of one commit may not have it, and then it names the commit checked out.
        if (Git("-C", Folder, "rev-parse", "--verify", "--quiet", "origin/main") != 0)
            Git("-C", Folder, "update-ref", "refs/remotes/origin/main", "HEAD");
    }

    public string Folder { get; }

    public Stopwatch SinceClone { get; }

    public TimeSpan CloneTime { get; }

    private static int Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var git = Process.Start(start)!;
        var stderr = git.StandardError.ReadToEndAsync();
        git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        if (git.ExitCode != 0 && args[0] == "clone") throw new InvalidOperationException($"git clone failed: {stderr.Result}");
        return git.ExitCode;
    }

    public void Dispose()
    {
        try { Directory.Delete(_parent, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
