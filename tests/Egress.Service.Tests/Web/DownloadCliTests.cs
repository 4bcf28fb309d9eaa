using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Egress.Airlock;
using Egress.Cli.Commands;
using Egress.Service.Tests.Support;
using Egress.Web.Api;
using Xunit;

namespace Egress.Service.Tests.Web;

/// <summary>`egress download` as a real process against a real server, and the hash check that decides whether a file is kept.</summary>
public sealed class DownloadCliTests(WebServers servers) : IClassFixture<WebServers>
{
    [Fact]
    public async Task Download_saves_a_released_requests_files_and_receipts_with_each_hash_checked()
    {
        var server = await servers.GetAsync(WebServer.Store.Sqlite);
        var table = AuthorizationMatrix.Subjects.CleanTable(server);
        var released = await server.SettledAsync("alice", (await server.SubmitAsync("alice", "A", table)).Id);
        Assert.Equal(RequestState.Released, released.State);
        var outDir = Path.Combine(server.DataDir, $"download-{Guid.NewGuid():N}");

        var run = await RunAsync(["download", released.Id.ToString(), "--out", outDir, "--server", server.BaseUrl.ToString()], server.Tokens["alice"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("matches its receipt", run.Output);
        var name = Path.GetFileName(table);
        var saved = Path.Combine(outDir, name);
        Assert.Equal(await File.ReadAllBytesAsync(table), await File.ReadAllBytesAsync(saved));
        var receipt = JsonSerializer.Deserialize<ReceiptDto>(await File.ReadAllTextAsync(saved + ".receipt.json"), ApiJson.Options)!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(saved))), receipt.Sha256);
        Assert.Equal((released.Id, "A", "alice"), (receipt.RequestId, receipt.Project, receipt.DownloadedBy));
        Assert.Equal([name, name + ".receipt.json"], Directory.GetFiles(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Download_refuses_a_request_that_is_not_released_and_a_researcher_of_another_project()
    {
        var server = await servers.GetAsync(WebServer.Store.Sqlite);
        var review = await server.SettledAsync("alice", (await server.SubmitAsync("alice", "A", DemoData.Sample(server.DataDir, "small-cell-table.csv"))).Id);
        Assert.Equal(RequestState.AwaitingReview, review.State);
        var outDir = Path.Combine(server.DataDir, $"download-{Guid.NewGuid():N}");

        var notReleased = await RunAsync(["download", review.Id.ToString(), "--out", outDir, "--server", server.BaseUrl.ToString()], server.Tokens["alice"]);
        Assert.Equal(2, notReleased.ExitCode);
        Assert.Contains($"request {review.Id} is awaiting review, not released", notReleased.Output);
        Assert.DoesNotContain("   at ", notReleased.Output);
        Assert.False(Directory.Exists(outDir));

        var released = await server.SettledAsync("alice", (await server.SubmitAsync("alice", "A", AuthorizationMatrix.Subjects.CleanTable(server))).Id);
        var otherProject = await RunAsync(["download", released.Id.ToString(), "--out", outDir, "--server", server.BaseUrl.ToString()], server.Tokens["bob"]);
        Assert.Equal(4, otherProject.ExitCode);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void A_file_whose_sha256_differs_from_its_receipt_is_not_kept()
    {
        var dir = Directory.CreateTempSubdirectory("egress-download-").FullName;
        try
        {
            var bytes = Encoding.UTF8.GetBytes("sex,n\nFemale,1234\nMale,1200\n");
            var right = Convert.ToHexStringLower(SHA256.HashData(bytes));
            var wrong = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("something else")));

            var refused = ReleasedFileWriter.Save(new MemoryStream(bytes), dir, "table.csv", wrong);
            Assert.False(refused.Kept);
            Assert.Equal(right, refused.ActualSha256);
            Assert.Empty(Directory.GetFiles(dir));

            var kept = ReleasedFileWriter.Save(new MemoryStream(bytes), dir, "table.csv", right.ToUpperInvariant());
            Assert.True(kept.Kept);
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(dir, "table.csv")));

            Assert.Throws<ServerException>(() => ReleasedFileWriter.Save(new MemoryStream(bytes), dir, "../escape.csv", right));
            Assert.Throws<ServerException>(() => ReleasedFileWriter.Save(new MemoryStream(bytes), dir, "..", right));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<CliResult> RunAsync(IReadOnlyList<string> args, string token)
    {
        await using var process = EgressProcess.Start(args, new Dictionary<string, string> { ["EGRESS_TOKEN"] = token });
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(120)), process.Output);
        return new CliResult(process.ExitCode, process.Output);
    }
}
