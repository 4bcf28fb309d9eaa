using System.Net;
using System.Security.Cryptography;
using Egress.Service.Tests.Support;
using Xunit;

namespace Egress.Service.Tests.Crash;

/// <summary>
/// kill -9 of `egress serve` while a researcher's upload is half-way through. After a restart the requests
/// accepted before are all there as they were, the interrupted upload left no request and no file in
/// quarantine, a new submission goes through, and `egress audit verify` finds the chain intact.
/// </summary>
public sealed class ServerCrashTests
{
    private static readonly TimeSpan VerdictTimeout = TimeSpan.FromMinutes(2);

    [ServersTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_server_killed_mid_upload_keeps_every_accepted_request_and_stores_nothing_half_read(string store)
    {
        await using var site = await ServiceSite.CreateAsync(postgres: store == "postgres");
        var large = TestOutputs.LargeTable(48L * 1024 * 1024, seed: 7);
        try
        {
            long clean, review;
            int quarantined;
            await using (var server = await site.StartServerAsync([.. CrashSettings.ServerWorkers(1)]))
            {
                using var alice = new ApiSession(server.BaseUrl, site.Token("alice"));
                clean = (await alice.SubmitAsync("A", "BMI by sex", ("bmi.csv", TestOutputs.CleanSummary()))).Id;
                review = (await alice.SubmitAsync("A", "age bands by sex", ("bands.csv", TestOutputs.SmallCellTable()))).Id;
                Assert.Equal("released", (await alice.WaitForVerdictAsync(clean, VerdictTimeout)).State);
                Assert.Equal("awaitingReview", (await alice.WaitForVerdictAsync(review, VerdictTimeout)).State);
                quarantined = site.QuarantineFiles().Count;

                // Send 8 MB of the 48 MB file, then stall; kill the server while it waits for the rest.
                using var stall = new CancellationTokenSource();
                var content = new StallingContent(large, stallAfterBytes: 8L * 1024 * 1024, stall.Token);
                var upload = alice.PostSubmissionAsync("A", "large table", [("large.csv", content)], stall.Token);
                await content.Stalled.WaitAsync(TimeSpan.FromMinutes(1));
                await Task.Delay(200); // let the server read what was sent
                server.KillHard();
                stall.Cancel();
                await Assert.ThrowsAnyAsync<Exception>(async () => (await upload).EnsureSuccessStatusCode());
            }

            await using var restarted = await site.StartServerAsync([.. CrashSettings.ServerWorkers(1)]);
            using var audrey = new ApiSession(restarted.BaseUrl, site.Token("audrey"));
            var all = await audrey.ListRequestsAsync();
            Assert.Equal(new[] { clean, review }.Order(), all.Select(r => r.Id).Order());
            Assert.Equal("released", all.Single(r => r.Id == clean).State);
            Assert.Equal("awaitingReview", all.Single(r => r.Id == review).State);
            Assert.Equal(quarantined, site.QuarantineFiles().Count);
            foreach (var path in site.QuarantineFiles().Where(p => Path.GetFileName(p).Length == 64))
            {
                await using var stream = File.OpenRead(path);
                Assert.Equal(Path.GetFileName(path), Convert.ToHexStringLower(await SHA256.HashDataAsync(stream)));
            }

            // The service goes on: the same upload, whole this time, is accepted and checked.
            using var alice2 = new ApiSession(restarted.BaseUrl, site.Token("alice"));
            await using var whole = File.OpenRead(large);
            using var response = await alice2.PostSubmissionAsync("A", "large table", [("large.csv", new StreamContent(whole))]);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        finally
        {
            File.Delete(large);
        }
        var audit = await site.VerifyAuditAsync();
        Assert.True(audit.ExitCode == 0, audit.Output);
        Assert.Matches(@"ok \d+ events", audit.Output);
    }
}
