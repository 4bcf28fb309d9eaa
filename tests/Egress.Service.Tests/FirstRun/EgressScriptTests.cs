using System.Diagnostics;
using Egress.Service.Tests.Support;
using Xunit;

namespace Egress.Service.Tests.FirstRun;

/// <summary>
/// The repository's `./egress` script: it rebuilds only when a source changed (not when a build rewrote
/// obj/ or bin/), and a rebuild goes to a new folder, leaving the binary a running server uses alone. The
/// script runs for real in a copy of the repository's layout; `dotnet` is a stand-in on PATH that "publishes"
/// a small script, so no real build is needed.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // a bash script on Linux, as the repository's tooling is
public sealed class EgressScriptTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("egress-script-").FullName;
    private readonly DateTime _past = DateTime.UtcNow.AddHours(-1);
    private readonly DateTime _future = DateTime.UtcNow.AddHours(1);

    public EgressScriptTests()
    {
        File.Copy(Path.Combine(RepositoryRoot.Path, "egress"), At("egress"));
        File.SetUnixFileMode(At("egress"), (UnixFileMode)0b111_101_101);
        Directory.CreateDirectory(At("fakebin"));
        // The stand-in publish: writes OUT/egress (which prints where it runs from) and logs the call.
        File.WriteAllText(At("fakebin/dotnet"), """
            #!/usr/bin/env bash
            echo "publish" >> "$FAKE_DOTNET_LOG"
            while [ $# -gt 0 ]; do [ "$1" = "-o" ] && out="$2"; shift; done
            mkdir -p "$out"
            printf '#!/bin/sh\necho "ran from %s: $*"\n' "$out" > "$out/egress"
            chmod +x "$out/egress"
            """.Replace("\r", ""));
        File.SetUnixFileMode(At("fakebin/dotnet"), (UnixFileMode)0b111_101_101);
        foreach (var source in new[] { "Directory.Build.props", "src/Egress.Cli/Egress.Cli.csproj", "src/Egress.Cli/Program.cs", "src/Egress.Web/Assets/egress.css" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(At(source))!);
            File.WriteAllText(At(source), "// source\n");
            File.SetLastWriteTimeUtc(At(source), _past);
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private string At(string relative) => Path.Combine(_root, relative);

    private int Publishes => File.Exists(At("publish.log")) ? File.ReadAllLines(At("publish.log")).Length : 0;

    private string CurrentFolder => new DirectoryInfo(At("src/Egress.Cli/bin/publish-current")).ResolveLinkTarget(returnFinalTarget: true)!.FullName;

    [Fact]
    public void A_build_that_rewrote_obj_and_bin_does_not_republish_and_a_source_change_publishes_to_a_new_folder()
    {
        Assert.Contains("hello", RunScript("hello"));
        Assert.Equal(1, Publishes);
        var first = CurrentFolder;
        Assert.Contains("again", RunScript("again"));
        Assert.Equal(1, Publishes);

        // What `dotnet build` leaves behind (generated sources, outputs) is newer than the binary: no republish.
        foreach (var generated in new[] { "src/Egress.Cli/obj/Release/net10.0/Egress.Cli.AssemblyInfo.cs", "src/Egress.Web/bin/Release/net10.0/Egress.Web.csproj",
                                           "src/Egress.Cli/obj/project.assets.props" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(At(generated))!);
            File.WriteAllText(At(generated), "// generated\n");
            File.SetLastWriteTimeUtc(At(generated), _future);
        }
        RunScript("after a build");
        Assert.Equal(1, Publishes);

        // A changed source: published again, into a new folder; the old binary (a running server's) is untouched.
        var oldBinary = File.ReadAllText(Path.Combine(first, "egress"));
        File.SetLastWriteTimeUtc(At("src/Egress.Cli/Program.cs"), _future);
        var output = RunScript("changed");
        Assert.Equal(2, Publishes);
        var second = CurrentFolder;
        Assert.NotEqual(first, second);
        Assert.Contains($"ran from {second}: changed", output);
        Assert.Equal(oldBinary, File.ReadAllText(Path.Combine(first, "egress")));
        Assert.True(new FileInfo(At("src/Egress.Cli/bin/publish-current")).LinkTarget is { } target && !Path.IsPathRooted(target),
            "publish-current is a relative link, so the folder can be moved");
    }

    [Fact]
    public void A_changed_asset_publishes_again()
    {
        RunScript("first");
        File.SetLastWriteTimeUtc(At("src/Egress.Web/Assets/egress.css"), _future);
        RunScript("second");
        Assert.Equal(2, Publishes);
    }

    private string RunScript(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _root };
        start.ArgumentList.Add(At("egress"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["PATH"] = At("fakebin") + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["FAKE_DOTNET_LOG"] = At("publish.log");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "./egress did not finish");
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"./egress exited {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}
