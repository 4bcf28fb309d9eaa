using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Egress.Service.Tests.Support;
using Xunit;

namespace Egress.Service.Tests.Crash;

/// <summary>
/// kill -9 of the process that is checking a file (SQLite: `egress serve` with its in-process worker;
/// PostgreSQL: a separate `egress worker` beside `egress serve --workers 0`). The check is slow because the
/// files are large (tables of ~64 MB), not because anything is faked. After a restart every request is
/// there, nothing was released without a verdict, and `egress audit verify` finds the chain intact.
/// </summary>
public sealed class WorkerCrashTests
{
    private const long LargeBytes = 64L * 1024 * 1024;
    private static readonly TimeSpan VerdictTimeout = TimeSpan.FromMinutes(3);

    [ServersTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_worker_killed_mid_check_loses_no_request_and_releases_nothing_unchecked(string store)
    {
        await using var site = await ServiceSite.CreateAsync(postgres: store == "postgres");
        var separateWorker = store == "postgres";
        var server = await site.StartServerAsync([.. CrashSettings.ServerWorkers(separateWorker ? 0 : 1)]);
        EgressProcess? worker = separateWorker ? site.StartWorker([.. CrashSettings.WorkerArguments]) : null;
        var large = Enumerable.Range(1, 3).Select(i => TestOutputs.LargeTable(LargeBytes, seed: 100 + i)).ToList();
        try
        {
            long clean, leak;
            var bigs = new List<long>();
            using (var alice = new ApiSession(server.BaseUrl, site.Token("alice")))
            {
                // Settled before the crash: one released, one blocked.
                clean = (await alice.SubmitAsync("A", "BMI by sex", ("bmi.csv", TestOutputs.CleanSummary()))).Id;
                leak = (await alice.SubmitAsync("A", "first rows", ("rows.csv", TestOutputs.Leak(site.ExtractPath("A"))))).Id;
                Assert.Equal("released", (await alice.WaitForVerdictAsync(clean, VerdictTimeout)).State);
                Assert.Equal("blocked", (await alice.WaitForVerdictAsync(leak, VerdictTimeout)).State);

                foreach (var path in large)
                {
                    await using var stream = File.OpenRead(path);
                    using var response = await alice.PostSubmissionAsync("A", "large model output", [(Path.GetFileName(path), new StreamContent(stream))]);
                    Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                    bigs.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64());
                }

                // Kill -9 while a large file is being checked (and others still wait for theirs).
                await WaitUntilCheckingAsync(alice, bigs);
                (worker ?? server).KillHard();
            }

            if (separateWorker)
            {
                // The server is still up: with no worker alive, nothing that was being checked moves on.
                using var alice = new ApiSession(server.BaseUrl, site.Token("alice"));
                foreach (var id in bigs)
                {
                    var request = await alice.GetRequestAsync(id);
                    Assert.True(request.State != "released" || request.FileList.All(f => f.Verdict == "release"), $"request {id}: {request.State}");
                }
                await using var second = site.StartWorker([.. CrashSettings.WorkerArguments]);
                await AssertEverythingAccountedForAsync(site, server, clean, leak, bigs, large);
            }
            else
            {
                await using var restarted = await site.StartServerAsync([.. CrashSettings.ServerWorkers(1)]);
                await AssertEverythingAccountedForAsync(site, restarted, clean, leak, bigs, large);
            }
        }
        finally
        {
            if (worker is not null) await worker.DisposeAsync();
            await server.DisposeAsync();
            foreach (var path in large) File.Delete(path);
        }
        var audit = await site.VerifyAuditAsync();
        Assert.True(audit.ExitCode == 0, audit.Output);
        Assert.Matches(@"ok \d+ events", audit.Output);
    }

    /// <summary>Polls the requests until one of their files is being checked (claimed by the worker).</summary>
    private static async Task WaitUntilCheckingAsync(ApiSession session, IReadOnlyList<long> ids)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var id in ids)
            {
                var request = await session.GetRequestAsync(id);
                if (request.FileList.Any(f => f.State == "checking")) return;
            }
            await Task.Delay(20);
        }
        Assert.Fail("no large file was seen being checked within 2 minutes");
    }

    private static async Task AssertEverythingAccountedForAsync(ServiceSite site, EgressServerProcess server, long clean, long leak,
        IReadOnlyList<long> bigs, IReadOnlyList<string> largePaths)
    {
        using var alice = new ApiSession(server.BaseUrl, site.Token("alice"));
        using var audrey = new ApiSession(server.BaseUrl, site.Token("audrey"));
        // Every request reaches its verdict once a worker claims the abandoned check again (after its lease).
        for (var i = 0; i < bigs.Count; i++)
        {
            var request = await alice.WaitForVerdictAsync(bigs[i], VerdictTimeout);
            Assert.Equal("released", request.State);
            var file = Assert.Single(request.FileList);
            Assert.Equal("release", file.Verdict);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(largePaths[i]))), file.Sha256);
        }
        // The check the killed worker held was claimed again (a second attempt), not lost and not skipped.
        var histories = new List<ApiHistory>();
        foreach (var id in bigs) histories.AddRange((await alice.GetRequestAsync(id)).HistoryList);
        Assert.Contains(histories, h => h.Action == "check.claimed" && h.Details.Contains("\"attempt\":2", StringComparison.Ordinal));
        var all = await audrey.ListRequestsAsync();
        Assert.Equal(new[] { clean, leak }.Concat(bigs).Order(), all.Select(r => r.Id).Order());
        Assert.Equal("released", all.Single(r => r.Id == clean).State);
        Assert.Equal("blocked", all.Single(r => r.Id == leak).State);
        // None released unchecked: every released file carries the engine's verdict.
        foreach (var summary in all.Where(r => r.State is "released" or "approved"))
        {
            var request = await audrey.GetRequestAsync(summary.Id);
            Assert.All(request.FileList, f => Assert.True(f.Verdict is "release" || f.State == "approved", $"request {summary.Id} file {f.Name}: {f.State}/{f.Verdict}"));
        }
        // The released bytes are the submitted bytes.
        var first = (await alice.GetRequestAsync(bigs[0])).FileList[0];
        using var download = await alice.DownloadAsync(first.Id);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(first.Sha256, Convert.ToHexStringLower(SHA256.HashData(await download.Content.ReadAsByteArrayAsync())));
        // The quarantine holds content-addressed files only: no half-written file under a hash's name.
        foreach (var path in site.QuarantineFiles().Where(p => Path.GetFileName(p).Length == 64))
        {
            await using var stream = File.OpenRead(path);
            Assert.Equal(Path.GetFileName(path), Convert.ToHexStringLower(await SHA256.HashDataAsync(stream)));
        }
    }
}
