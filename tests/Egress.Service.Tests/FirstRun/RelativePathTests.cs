using Egress.Service.Tests.Support;
using Xunit;

namespace Egress.Service.Tests.FirstRun;

/// <summary>
/// A relative path option means the current directory, whatever folder the binary is in: `egress serve --data
/// rel` started elsewhere keeps its store in ./rel (the web host once resolved it against the binary's folder).
/// </summary>
public sealed class RelativePathTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("egress-relative-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Serve_keeps_a_relative_data_folder_under_the_current_directory()
    {
        await using var serve = ShellCommand.Start($"exec dotnet {EgressProcess.CliPath} serve --data relative-data --urls http://127.0.0.1:0", _folder);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!serve.Output.Contains("listening on", StringComparison.Ordinal))
        {
            Assert.False(serve.HasExited, "serve exited:\n" + serve.Output);
            Assert.True(DateTime.UtcNow < deadline, "serve did not start:\n" + serve.Output);
            await Task.Delay(50);
        }
        Assert.Contains($"(data {Path.Combine(_folder, "relative-data")},", serve.Output);
        Assert.True(File.Exists(Path.Combine(_folder, "relative-data", "egress.db")));
        Assert.True(Directory.Exists(Path.Combine(_folder, "relative-data", "keys")), "the sign-in keys sit in the data folder too");
        Assert.False(Directory.Exists(Path.Combine(AppContext.BaseDirectory, "relative-data")), "nothing lands beside the binary");
    }
}
