using Egress.Airlock;
using Egress.Airlock.Checking;
using Egress.Core;
using Egress.Service.Tests.Support;
using Xunit;
using Egress.TestSupport;

namespace Egress.Service.Tests.Airlock;

/// <summary>
/// The airlock's behaviour on a real store. The same tests run on SQLite (<see cref="SqliteAirlockTests"/>)
/// and on the PostgreSQL server that ./test starts (<see cref="PostgresAirlockTests"/>).
/// </summary>
public abstract class AirlockStoreTests
{
    protected abstract bool Postgres { get; }

    protected Task<AirlockHarness> NewAsync(Policy? policy = null, TimeSpan? lease = null) => AirlockHarness.CreateAsync(Postgres, policy, lease);

    private static (string, string) Clean(string name = "ages.csv") => (name, ServiceCohort.CleanTable());

    // ---- Releases, blocks, downloads, quarantine ----

    [StoreFact]
    public async Task A_clean_table_is_released_and_only_its_requester_and_auditors_download_it_with_a_receipt()
    {
        await using var h = await NewAsync();
        var detail = await h.SubmitAndCheckAsync("alice", "A", Clean());
        Assert.Equal(RequestState.Released, detail.Request.State);
        var file = Assert.Single(detail.Files);
        Assert.Equal(FileState.Released, file.File.State);
        Assert.True(file.CanDownload);

        using (var download = await h.Service.DownloadAsync(h["alice"], file.File.Id))
        {
            using var reader = new StreamReader(download.Content);
            Assert.Equal(ServiceCohort.CleanTable(), await reader.ReadToEndAsync());
            Assert.Equal(file.File.Sha256, download.Receipt.Sha256);
            Assert.Equal(file.File.Bytes, download.Receipt.Bytes);
            Assert.Equal(detail.Request.Id, download.Receipt.RequestId);
            Assert.Equal("alice", download.Receipt.DownloadedBy);
        }
        (await h.Service.DownloadAsync(h["audrey"], file.File.Id)).Dispose();
        await Assert.ThrowsAsync<NotFoundException>(() => h.Service.DownloadAsync(h["bob"], file.File.Id));
        await Assert.ThrowsAsync<AccessDeniedException>(() => h.Service.DownloadAsync(h["carol"], file.File.Id));
        await Assert.ThrowsAsync<AccessDeniedException>(() => h.Service.DownloadAsync(h["admin"], file.File.Id));
        var history = (await h.Service.GetRequestAsync(h["alice"], detail.Request.Id)).History.Select(e => e.Action).ToList();
        Assert.Equal(["request.submitted", "request.checking", "check.claimed", "file.checked", "request.released", "file.downloaded", "file.downloaded"], history);
    }

    [StoreFact]
    public async Task A_leak_is_blocked_with_reasons_and_is_never_served_from_quarantine()
    {
        await using var h = await NewAsync();
        var detail = await h.SubmitAndCheckAsync("alice", "A", ("rows.csv", ServiceCohort.Shared.RecordsWithoutIds("A", 0, 40)));
        Assert.Equal(RequestState.Blocked, detail.Request.State);
        var file = Assert.Single(detail.Files);
        Assert.Equal(FileState.Blocked, file.File.State);
        Assert.Contains(file.Findings, f => f.Rule == "participant-records" && f.Severity == Severity.Block && f.Guidance is not null);
        Assert.False(file.CanDownload);
        await Assert.ThrowsAsync<InvalidTransitionException>(() => h.Service.DownloadAsync(h["alice"], file.File.Id));
        await Assert.ThrowsAsync<InvalidTransitionException>(() => h.Service.DownloadAsync(h["audrey"], file.File.Id));
        await Assert.ThrowsAsync<InvalidTransitionException>(() => h.Service.PreviewFileAsync(h["carol"], file.File.Id));
        // The report keeps locations, counts and bits: no cell of the leak is in it.
        var firstRecord = ServiceCohort.Shared.RecordsWithoutIds("A", 0, 1).Split('\n')[1].Split(',').First(v => v.Length >= 6);
        Assert.NotNull(file.File.ReportJson);
        PrintedValues.AssertNotShown(file.File.ReportJson, firstRecord);
    }

    [StoreFact]
    public async Task Quarantine_is_content_addressed_and_one_content_is_stored_once()
    {
        await using var h = await NewAsync();
        var one = await h.SubmitAsync("alice", "A", Clean("a.csv"));
        var two = await h.SubmitAsync("alice", "A", Clean("b.csv"));
        var fileOne = Assert.Single((await h.Service.GetRequestAsync(h["alice"], one.Id)).Files).File;
        var fileTwo = Assert.Single((await h.Service.GetRequestAsync(h["alice"], two.Id)).Files).File;
        Assert.Equal(fileOne.Sha256, fileTwo.Sha256);
        var expected = Path.Combine(h.DataDir, "quarantine", fileOne.Sha256[..2], fileOne.Sha256);
        Assert.True(File.Exists(expected));
        Assert.Equal(fileOne.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(expected))));
        Assert.Single(Directory.GetFiles(Path.Combine(h.DataDir, "quarantine"), "*", SearchOption.AllDirectories));
        // Not checked yet: not served.
        await Assert.ThrowsAsync<InvalidTransitionException>(() => h.Service.DownloadAsync(h["alice"], fileOne.Id));
    }

    [StoreFact]
    public async Task A_damaged_quarantined_file_is_blocked_not_checked_or_served()
    {
        await using var h = await NewAsync();
        var request = await h.SubmitAsync("alice", "A", Clean());
        var file = Assert.Single((await h.Service.GetRequestAsync(h["alice"], request.Id)).Files).File;
        File.WriteAllText(Path.Combine(h.DataDir, "quarantine", file.Sha256[..2], file.Sha256), "age_band,participants\n40-49,512\n");
        await h.RunChecksAsync();
        var detail = await h.Service.GetRequestAsync(h["alice"], request.Id);
        Assert.Equal(RequestState.Blocked, detail.Request.State);
        Assert.Contains(detail.Files[0].Findings, f => f.Rule == CheckResult.FailedRule);
    }

    [StoreFact]
    public async Task A_released_file_damaged_in_quarantine_is_not_handed_over()
    {
        await using var h = await NewAsync();
        var detail = await h.SubmitAndCheckAsync("alice", "A", Clean());
        var file = detail.Files[0].File;
        File.WriteAllText(Path.Combine(h.DataDir, "quarantine", file.Sha256[..2], file.Sha256), "age_band,participants\n40-49,3\n");
        await Assert.ThrowsAsync<InvalidDataException>(() => h.Service.DownloadAsync(h["alice"], file.Id));
        Assert.DoesNotContain((await h.Service.GetRequestAsync(h["alice"], detail.Request.Id)).History, e => e.Action == "file.downloaded");
    }

    // ---- Review: four eyes, hidden votes, conflicts of interest ----

    [StoreFact]
    public async Task A_small_cell_needs_two_approvals_and_a_checker_sees_the_other_vote_only_when_both_are_in()
    {
        await using var h = await NewAsync();
        var detail = await h.SubmitAndCheckAsync("alice", "A", ("centres.csv", ServiceCohort.SmallCellTable));
        Assert.Equal(RequestState.AwaitingReview, detail.Request.State);
        var fileId = detail.Files[0].File.Id;
        Assert.Equal(2, detail.Files[0].File.ApprovalsNeeded);
        Assert.Contains(detail.Files[0].Findings, f => f.Rule.StartsWith("sdc-", StringComparison.Ordinal));

        var outcome = await h.Service.VoteAsync(h["carol"], fileId, VoteDecision.Approve, "fine");
        Assert.Equal(FileState.Review, outcome.FileState);
        Assert.Equal(RequestState.AwaitingReview, outcome.RequestState);
        var daveView = await h.Service.GetFileAsync(h["dave"], fileId);
        Assert.Empty(daveView.Votes);
        Assert.True(daveView.VotesHidden);
        Assert.Equal(0, daveView.Approvals);
        Assert.True(daveView.CanVote);
        var carolView = await h.Service.GetFileAsync(h["carol"], fileId);
        Assert.Equal("carol", Assert.Single(carolView.Votes).Checker);
        Assert.False(carolView.CanVote);
        Assert.Empty((await h.Service.GetFileAsync(h["alice"], fileId)).Votes);
        await Assert.ThrowsAsync<InvalidTransitionException>(() => h.Service.VoteAsync(h["carol"], fileId, VoteDecision.Approve, "again"));

        outcome = await h.Service.VoteAsync(h["dave"], fileId, VoteDecision.Approve, "");
        Assert.Equal(FileState.Approved, outcome.FileState);
        Assert.Equal(RequestState.Approved, outcome.RequestState);
        Assert.Equal(2, (await h.Service.GetFileAsync(h["carol"], fileId)).Votes.Count);
        Assert.Equal(2, (await h.Service.GetFileAsync(h["alice"], fileId)).Votes.Count);
        (await h.Service.DownloadAsync(h["alice"], fileId)).Dispose();
    }

    [StoreFact]
    public async Task Checkers_of_the_project_and_requesters_never_review_and_the_queue_is_oldest_first()
    {
        await using var h = await NewAsync();
        var first = await h.SubmitAndCheckAsync("alice", "A", ("centres.csv", ServiceCohort.SmallCellTable));
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await h.SubmitAndCheckAsync("bob", "B", ("centres.csv", ServiceCohort.SmallCellTable));
        Assert.Equal([first.Request.Id, second.Request.Id], (await h.Service.ReviewQueueAsync(h["carol"])).Select(q => q.RequestId));
        // erin belongs to project A: A's request is not in her queue, and she may neither see nor vote on it (404, as for a missing id).
        Assert.Equal([second.Request.Id], (await h.Service.ReviewQueueAsync(h["erin"])).Select(q => q.RequestId));
        var fileA = first.Files[0].File.Id;
        await Assert.ThrowsAsync<NotFoundException>(() => h.Service.VoteAsync(h["erin"], fileA, VoteDecision.Approve, ""));
        await Assert.ThrowsAsync<NotFoundException>(() => h.Service.GetFileAsync(h["erin"], fileA));
        await Assert.ThrowsAsync<NotFoundException>(() => h.Service.PreviewFileAsync(h["erin"], fileA));
        // Researchers and others cannot vote at all.
        await Assert.ThrowsAsync<AccessDeniedException>(() => h.Service.VoteAsync(h["alice"], fileA, VoteDecision.Approve, ""));
        await Assert.ThrowsAsync<AccessDeniedException>(() => h.Service.VoteAsync(h["admin"], fileA, VoteDecision.Approve, ""));
        await Assert.ThrowsAsync<AccessDeniedException>(() => h.Service.ReviewQueueAsync(h["alice"]));
        var preview = await h.Service.PreviewFileAsync(h["carol"], fileA);
        Assert.Equal(ServiceCohort.SmallCellTable, preview.Text);
        Assert.False(preview.Truncated);
    }

    [StoreFact]
    public async Task A_rejection_rejects_the_request_and_a_return_lets_the_researcher_resubmit_for_a_fresh_check()
    {
        await using var h = await NewAsync();
        var rejected = await h.SubmitAndCheckAsync("alice", "A", ("centres.csv", ServiceCohort.SmallCellTable));
        await Assert.ThrowsAsync<InvalidInputException>(() => h.Service.VoteAsync(h["carol"], rejected.Files[0].File.Id, VoteDecision.Reject, " "));
        var outcome = await h.Service.VoteAsync(h["carol"], rejected.Files[0].File.Id, VoteDecision.Reject, "Stockport has 3 people");
        Assert.Equal((FileState.Rejected, RequestState.Rejected), (outcome.FileState, outcome.RequestState));
        await Assert.ThrowsAsync<InvalidTransitionException>(() => h.Service.WithdrawAsync(h["alice"], rejected.Request.Id));
        await Assert.ThrowsAsync<InvalidTransitionException>(() => h.Service.DownloadAsync(h["alice"], rejected.Files[0].File.Id));

        var returned = await h.SubmitAndCheckAsync("alice", "A", ("centres.csv", ServiceCohort.SmallCellTable), Clean());
        var small = returned.Files.Single(f => f.File.Name == "centres.csv").File.Id;
        var clean = returned.Files.Single(f => f.File.Name == "ages.csv").File.Id;
        outcome = await h.Service.VoteAsync(h["dave"], small, VoteDecision.Return, "Round the counts or suppress Stockport");
        Assert.Equal(RequestState.Returned, outcome.RequestState);
        var seen = await h.Service.GetFileAsync(h["alice"], small);
        Assert.Equal("Round the counts or suppress Stockport", Assert.Single(seen.Votes).Comment);
        await Assert.ThrowsAsync<InvalidTransitionException>(() => h.Service.VoteAsync(h["carol"], small, VoteDecision.Approve, ""));
        await Assert.ThrowsAsync<NotFoundException>(() => h.Service.ResubmitAsync(h["bob"], returned.Request.Id, null, [small], []));

        var again = await h.Service.ResubmitAsync(h["alice"], returned.Request.Id, "counts rounded", [small],
            [AirlockHarness.File("centres-rounded.csv", "assessment_centre,participants\nLeeds,1410\nNewcastle,1190\nOxford,960\n")]);
        Assert.Equal((RequestState.Resubmitted, 2), (again.State, again.Revision));
        await h.RunChecksAsync();
        var done = await h.Service.GetRequestAsync(h["alice"], again.Id);
        Assert.Equal(RequestState.Released, done.Request.State);
        Assert.Equal(["ages.csv", "centres-rounded.csv"], done.Files.Select(f => f.File.Name).Order());
        Assert.All(done.Files, f => Assert.Equal(2, f.File.Revision));
        // The earlier revision's files are history: never served.
        await Assert.ThrowsAsync<InvalidTransitionException>(() => h.Service.DownloadAsync(h["alice"], clean));
    }

    [StoreFact]
    public async Task A_blocked_request_is_resubmitted_without_its_blocked_file()
    {
        await using var h = await NewAsync();
        // 30 IDs: fewer than the exposure review threshold (200), so the resubmission is judged on its own.
        var blocked = await h.SubmitAndCheckAsync("alice", "A", Clean(), ("ids.txt", ServiceCohort.Shared.Ids("A", 0, 30)));
        Assert.Equal(RequestState.Blocked, blocked.Request.State);
        Assert.Equal(FileState.Released, blocked.Files.Single(f => f.File.Name == "ages.csv").File.State);
        await Assert.ThrowsAsync<InvalidTransitionException>(() => h.Service.DownloadAsync(h["alice"], blocked.Files[0].File.Id));
        var leak = blocked.Files.Single(f => f.File.Name == "ids.txt");
        Assert.Contains(leak.Findings, f => f.Rule == "participant-ids");
        await Assert.ThrowsAsync<InvalidInputException>(() => h.Service.ResubmitAsync(h["alice"], blocked.Request.Id, null,
            blocked.Files.Select(f => f.File.Id).ToList(), []));
        await h.Service.ResubmitAsync(h["alice"], blocked.Request.Id, null, [leak.File.Id], []);
        await h.RunChecksAsync();
        Assert.Equal(RequestState.Released, (await h.Service.GetRequestAsync(h["alice"], blocked.Request.Id)).Request.State);
    }

    [StoreFact]
    public async Task Withdrawal_works_from_every_state_that_is_not_final_and_cancels_the_queued_checks()
    {
        await using var h = await NewAsync();
        var submitted = await h.SubmitAsync("alice", "A", Clean());
        Assert.Equal(RequestState.Submitted, submitted.State);
        await Assert.ThrowsAsync<NotFoundException>(() => h.Service.WithdrawAsync(h["bob"], submitted.Id));
        Assert.Equal(RequestState.Withdrawn, (await h.Service.WithdrawAsync(h["alice"], submitted.Id)).State);
        Assert.Equal(0, await h.RunChecksAsync());
        await Assert.ThrowsAsync<InvalidTransitionException>(() => h.Service.WithdrawAsync(h["alice"], submitted.Id));

        var checking = await h.SubmitAsync("alice", "A", Clean(), ("b.csv", ServiceCohort.CleanTable(700, 800, 900)));
        var worker = h.Service.CreateWorker("w");
        Assert.True(await worker.RunOnceAsync());
        Assert.Equal(RequestState.Checking, (await h.Service.GetRequestAsync(h["alice"], checking.Id)).Request.State);
        await h.Service.WithdrawAsync(h["alice"], checking.Id);
        await h.RunChecksAsync();
        Assert.Equal(RequestState.Withdrawn, (await h.Service.GetRequestAsync(h["alice"], checking.Id)).Request.State);

        var review = await h.SubmitAndCheckAsync("alice", "A", ("centres.csv", ServiceCohort.SmallCellTable));
        await h.Service.WithdrawAsync(h["alice"], review.Request.Id);
        await Assert.ThrowsAsync<InvalidTransitionException>(() => h.Service.VoteAsync(h["carol"], review.Files[0].File.Id, VoteDecision.Approve, ""));
        Assert.DoesNotContain(await h.Service.ReviewQueueAsync(h["carol"]), q => q.RequestId == review.Request.Id);

        var released = await h.SubmitAndCheckAsync("alice", "A", Clean());
        await Assert.ThrowsAsync<InvalidTransitionException>(() => h.Service.WithdrawAsync(h["alice"], released.Request.Id));
        await Assert.ThrowsAsync<InvalidTransitionException>(() => h.Service.ResubmitAsync(h["alice"], released.Request.Id, null, [], [AirlockHarness.File("x.csv", "a\n")]));
    }

    // ---- Access ----

    [StoreFact]
    public async Task Every_operation_checks_the_role_and_the_project()
    {
        await using var h = await NewAsync();
        await Assert.ThrowsAsync<AccessDeniedException>(() => h.SubmitAsync("bob", "A", Clean()));
        await Assert.ThrowsAsync<AccessDeniedException>(() => h.SubmitAsync("carol", "A", Clean()));
        await Assert.ThrowsAsync<AccessDeniedException>(() => h.SubmitAsync("admin", "A", Clean()));
        await Assert.ThrowsAsync<NotFoundException>(() => h.SubmitAsync("alice", "Z", Clean()));
        var mine = await h.SubmitAndCheckAsync("alice", "A", Clean());
        await Assert.ThrowsAsync<NotFoundException>(() => h.Service.GetRequestAsync(h["bob"], mine.Request.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => h.Service.GetFileAsync(h["bob"], mine.Files[0].File.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => h.Service.GetRequestAsync(h["alice"], 9999));
        Assert.Single(await h.Service.ListRequestsAsync(h["alice"]));
        Assert.Empty(await h.Service.ListRequestsAsync(h["bob"]));
        Assert.Empty(await h.Service.ListRequestsAsync(h["erin"]));
        Assert.Single(await h.Service.ListRequestsAsync(h["carol"]));
        Assert.Single(await h.Service.ListRequestsAsync(h["audrey"]));
        await h.Service.GetRequestAsync(h["audrey"], mine.Request.Id);
        await h.Service.GetRequestAsync(h["admin"], mine.Request.Id);

        await Assert.ThrowsAsync<AccessDeniedException>(() => h.Service.ListUsersAsync(h["alice"]));
        await Assert.ThrowsAsync<AccessDeniedException>(() => h.Service.ListUsersAsync(h["carol"]));
        await Assert.ThrowsAsync<AccessDeniedException>(() => h.Service.CreateUserAsync(h["audrey"], "mallory", "M", Role.Admin, "password123"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => h.Service.CreateProjectAsync(h["carol"], "C", ""));
        await Assert.ThrowsAsync<AccessDeniedException>(() => h.Service.AddMemberAsync(h["alice"], "B", h["alice"].UserId));
        await Assert.ThrowsAsync<AccessDeniedException>(() => h.Service.ListMembershipsAsync(h["alice"]));
        await Assert.ThrowsAsync<AccessDeniedException>(() => h.Service.PolicyJsonAsync(h["alice"]));
        await Assert.ThrowsAsync<AccessDeniedException>(() => h.Service.AuditLogAsync(h["alice"]));
        await Assert.ThrowsAsync<AccessDeniedException>(() => h.Service.AuditLogAsync(h["carol"]));
        await Assert.ThrowsAsync<AccessDeniedException>(() => h.Service.VerifyAuditAsync(h["carol"]));
        await Assert.ThrowsAsync<AccessDeniedException>(() => h.Service.GetExposureAsync(h["alice"], "B"));
        Assert.Contains("\"airlock\"", await h.Service.PolicyJsonAsync(h["carol"]));
        Assert.NotEmpty((await h.Service.AuditLogAsync(h["audrey"])).Events);
        Assert.Equal(["A"], (await h.Service.MyProjectsAsync(h["alice"])).Select(p => p.Name));
        Assert.Equal(["alice", "erin"], (await h.Service.ListMembershipsAsync(h["admin"], "A")).Select(m => m.Username));

        // Only the service's own system actor passes without an account; a look-alike is an unknown user.
        await Assert.ThrowsAsync<AccessDeniedException>(() => h.Service.ListUsersAsync(new Actor(0, "system", Role.Admin)));
        // The stored role counts, not the one the caller claims.
        await Assert.ThrowsAsync<AccessDeniedException>(() => h.Service.ListUsersAsync(h["alice"] with { Role = Role.Admin }));

        // A deactivated account is refused everywhere, even with an Actor obtained before.
        await h.Service.SetUserActiveAsync(h["admin"], h["alice"].UserId, false);
        await Assert.ThrowsAsync<AccessDeniedException>(() => h.Service.ListRequestsAsync(h["alice"]));
        Assert.Null(await h.Service.SignInAsync("alice", AirlockHarness.Password));
        Assert.Null(await h.Service.FindActorAsync(h["alice"].UserId));
        await Assert.ThrowsAsync<InvalidInputException>(() => h.Service.SetUserActiveAsync(h["admin"], h["admin"].UserId, false));
    }

    [StoreFact]
    public async Task Passwords_are_slow_salted_hashes_and_tokens_are_stored_hashed_and_revocable()
    {
        await using var h = await NewAsync();
        Assert.Equal(h["carol"], await h.Service.SignInAsync("carol", AirlockHarness.Password));
        Assert.Null(await h.Service.SignInAsync("carol", "wrong password"));
        Assert.Null(await h.Service.SignInAsync("nobody", AirlockHarness.Password));
        var stored = PasswordHasher.Hash("secret-pass", 1000);
        Assert.Matches(@"^pbkdf2-sha256\$1000\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$", stored);
        Assert.NotEqual(stored, PasswordHasher.Hash("secret-pass", 1000));
        Assert.True(PasswordHasher.Verify("secret-pass", stored));
        Assert.StartsWith($"pbkdf2-sha256${PasswordHasher.DefaultIterations}$", PasswordHasher.Hash("x"));

        var token = await h.Service.CreateTokenAsync(h["alice"], "laptop");
        Assert.Matches("^egt_[A-Za-z0-9_-]{43}$", token.Token);
        Assert.Equal(h["alice"], await h.Service.AuthenticateTokenAsync(token.Token));
        Assert.Null(await h.Service.AuthenticateTokenAsync(token.Token + "x"));
        var listed = Assert.Single(await h.Service.ListTokensAsync(h["alice"]));
        Assert.True(token.Token.StartsWith(listed.Prefix, StringComparison.Ordinal) && listed.Prefix.Length < 16);
        Assert.Empty(await h.Service.ListTokensAsync(h["bob"]));
        await Assert.ThrowsAsync<NotFoundException>(() => h.Service.RevokeTokenAsync(h["bob"], listed.Id));
        await h.Service.RevokeTokenAsync(h["alice"], listed.Id);
        Assert.Null(await h.Service.AuthenticateTokenAsync(token.Token));
        Assert.NotNull(Assert.Single(await h.Service.ListTokensAsync(h["admin"])).Revoked);
        // Neither the token nor the password is in the database or the audit log.
        var dump = await DumpAsync(h);
        Assert.DoesNotContain(token.Token, dump);
        Assert.DoesNotContain(AirlockHarness.Password, dump);
    }

    [StoreFact]
    public async Task Admins_manage_users_projects_and_memberships_with_input_checked_and_audited()
    {
        await using var h = await NewAsync();
        var admin = h["admin"];
        await Assert.ThrowsAsync<InvalidInputException>(() => h.Service.CreateUserAsync(admin, "alice", "Alice again", Role.Researcher, "password123"));
        await Assert.ThrowsAsync<InvalidInputException>(() => h.Service.CreateUserAsync(admin, "Bad Name", "x", Role.Researcher, "password123"));
        await Assert.ThrowsAsync<InvalidInputException>(() => h.Service.CreateUserAsync(admin, "frank", "Frank", Role.Researcher, "short"));
        await Assert.ThrowsAsync<InvalidInputException>(() => h.Service.CreateProjectAsync(admin, "Z", "not in the index"));
        await Assert.ThrowsAsync<InvalidInputException>(() => h.Service.CreateProjectAsync(admin, "A", "exists"));
        var frank = await h.Service.CreateUserAsync(admin, "frank", "Frank", Role.Researcher, "password123");
        await Assert.ThrowsAsync<InvalidInputException>(() => h.Service.AddMemberAsync(admin, "B", h["audrey"].UserId));
        await h.Service.AddMemberAsync(admin, "B", frank.Id);
        var frankActor = (await h.Service.SignInAsync("frank", "password123"))!;
        await h.Service.SubmitAsync(frankActor, "B", "tables", [AirlockHarness.File("t.csv", ServiceCohort.CleanTable())]);
        await h.Service.RemoveMemberAsync(admin, "B", frank.Id);
        await Assert.ThrowsAsync<AccessDeniedException>(() => h.Service.SubmitAsync(frankActor, "B", "tables", [AirlockHarness.File("t.csv", ServiceCohort.CleanTable())]));
        await Assert.ThrowsAsync<NotFoundException>(() => h.Service.RemoveMemberAsync(admin, "B", frank.Id));

        await Assert.ThrowsAsync<WrongPasswordException>(() => h.Service.ChangePasswordAsync(frankActor, "wrong-password", "new-password-1"));
        await h.Service.ChangePasswordAsync(frankActor, "password123", "new-password-1");
        Assert.Null(await h.Service.SignInAsync("frank", "password123"));
        await h.Service.SetPasswordAsync(admin, frank.Id, "reset-by-admin");
        Assert.True((await h.Service.StartSessionAsync("frank", "reset-by-admin"))!.MustChangePassword);
        // After a reset nothing but the password change is allowed until it is done.
        await Assert.ThrowsAsync<AccessDeniedException>(() => h.Service.GetUserAsync(frankActor, frank.Id));
        await h.Service.ChangePasswordAsync(frankActor, "reset-by-admin", "franks-own-password");
        Assert.False((await h.Service.StartSessionAsync("frank", "franks-own-password"))!.MustChangePassword);
        Assert.Equal("frank", (await h.Service.GetUserAsync(frankActor, frank.Id)).Username);
        await Assert.ThrowsAsync<AccessDeniedException>(() => h.Service.GetUserAsync(frankActor, h["alice"].UserId));
        Assert.Contains(await h.Service.ListUsersAsync(h["audrey"]), u => u.Username == "frank" && u.Role == Role.Researcher && u.Active);

        var actions = (await h.Service.AuditLogAsync(h["audrey"], limit: 1000)).Events.Select(e => e.Action).ToHashSet();
        Assert.Superset(new HashSet<string> { "user.created", "membership.added", "membership.removed", "user.password-changed", "user.password-set",
            "sign-in", "project.created" }, actions);
    }

    // ---- Limits ----

    [StoreFact]
    public async Task An_upload_over_the_file_size_limit_is_refused_before_anything_is_stored()
    {
        var policy = new Policy();
        policy.Limits.MaxFileBytes = 1000;
        await using var h = await NewAsync(policy);
        var big = new string('1', 1001);
        var refused = await Assert.ThrowsAsync<LimitExceededException>(() => h.SubmitAsync("alice", "A", Clean(), ("big.txt", big)));
        Assert.Contains("limits.maxFileBytes", refused.Message);
        Assert.False(refused.IsDailyAllowance);
        Assert.Empty(await h.Service.ListRequestsAsync(h["alice"]));
        Assert.Empty(Directory.GetFiles(Path.Combine(h.DataDir, "quarantine"), "*", SearchOption.AllDirectories));
        await h.SubmitAsync("alice", "A", ("fits.txt", new string('1', 1000)));
    }

    [StoreFact]
    public async Task Daily_volumes_and_file_counts_of_projects_and_researchers_are_enforced_and_renew_the_next_day()
    {
        var policy = new Policy();
        policy.Airlock.ResearcherDaily.Bytes = 400;
        policy.Airlock.ProjectDaily.Files = 3;
        await using var h = await NewAsync(policy);
        var table = ServiceCohort.CleanTable(); // 63 bytes
        await h.SubmitAsync("alice", "A", ("1.csv", table), ("2.csv", table));
        var files = await Assert.ThrowsAsync<LimitExceededException>(() => h.SubmitAsync("alice", "A", ("3.csv", table), ("4.csv", table)));
        Assert.Contains("airlock.projectDaily.files", files.Message);
        Assert.True(files.IsDailyAllowance);
        var bytes = await Assert.ThrowsAsync<LimitExceededException>(() => h.SubmitAsync("alice", "A", ("3.csv", new string('2', 300))));
        Assert.Contains("airlock.researcherDaily.bytes", bytes.Message);
        Assert.True(bytes.IsDailyAllowance);
        Assert.Empty(Directory.GetFiles(Path.Combine(h.DataDir, "quarantine", "incoming")));
        await h.SubmitAsync("alice", "A", ("3.csv", table));
        // bob's project B has its own allowance.
        await h.SubmitAsync("bob", "B", ("1.csv", table));
        h.Clock.Advance(TimeSpan.FromDays(1));
        await h.SubmitAsync("alice", "A", ("5.csv", table), ("6.csv", table));
        var mine = await h.Service.ListRequestsAsync(h["alice"]);
        Assert.Equal(3, mine.Count);
        // Paged, newest first.
        var page = await h.Service.ListRequestsAsync(h["alice"], before: mine[0].Id, limit: 1);
        Assert.Equal(mine[1].Id, Assert.Single(page).Id);
    }

    // ---- Exposure and differencing ----

    [StoreFact]
    public async Task Slicing_a_leak_into_many_small_exports_is_caught_by_cumulative_exposure()
    {
        // A TRE that lets checkers judge small record findings (review, not block) still stops slicing.
        var policy = new Policy();
        policy.ParticipantRecords.Severity = Severity.Review;
        policy.Airlock.Exposure.ReviewParticipants = 10;
        policy.Airlock.Exposure.BlockParticipants = 20;
        await using var h = await NewAsync(policy);
        var states = new List<RequestState>();
        var exposure = new List<int>();
        for (var slice = 0; slice < 6; slice++)
        {
            var detail = await h.SubmitAndCheckAsync("alice", "A", ($"slice{slice}.csv", ServiceCohort.Shared.RecordsWithoutIds("A", slice * 5, 5)));
            states.Add(detail.Request.State);
            exposure.Add((await h.Service.GetExposureAsync(h["carol"], "A")).Participants);
            if (exposure[^1] >= 20) Assert.Contains(detail.Files[0].Findings, f => f.Rule == CheckCompletion.ExposureRule && f.Severity == Severity.Block);
        }
        Assert.Equal(RequestState.AwaitingReview, states[0]);
        Assert.Equal(RequestState.Blocked, states[^1]);
        Assert.True(exposure.SequenceEqual(exposure.Order()) && exposure[^1] >= 25, string.Join(",", exposure));
        // After that, even a clean table from the project goes no further without a checker.
        var clean = await h.SubmitAndCheckAsync("alice", "A", Clean());
        Assert.Equal(RequestState.Blocked, clean.Request.State);
        // Other projects are not affected.
        Assert.Equal(RequestState.Released, (await h.SubmitAndCheckAsync("bob", "B", Clean())).Request.State);
        Assert.Equal(0, (await h.Service.GetExposureAsync(h["bob"], "B")).Participants);
    }

    [StoreFact]
    public async Task Blocked_leaks_count_towards_exposure_and_send_later_exports_to_review()
    {
        var policy = new Policy();
        policy.Airlock.Exposure.ReviewParticipants = 20;
        await using var h = await NewAsync(policy);
        var leak = await h.SubmitAndCheckAsync("alice", "A", ("ids.txt", ServiceCohort.Shared.Ids("A", 100, 30)));
        Assert.Equal(RequestState.Blocked, leak.Request.State);
        Assert.Equal(30, (await h.Service.GetExposureAsync(h["alice"], "A")).Participants);
        var clean = await h.SubmitAndCheckAsync("alice", "A", Clean());
        Assert.Equal(RequestState.AwaitingReview, clean.Request.State);
        var finding = Assert.Single(clean.Files[0].Findings);
        Assert.Equal(CheckCompletion.ExposureRule, finding.Rule);
        Assert.Equal(1, clean.Files[0].File.ApprovalsNeeded);
        // The same IDs again add nobody.
        await h.SubmitAndCheckAsync("alice", "A", ("ids-again.txt", ServiceCohort.Shared.Ids("A", 100, 30)));
        Assert.Equal(30, (await h.Service.GetExposureAsync(h["alice"], "A")).Participants);
    }

    [StoreFact]
    public async Task A_table_that_differs_from_a_released_one_by_a_small_group_is_flagged()
    {
        await using var h = await NewAsync();
        Assert.Equal(RequestState.Released, (await h.SubmitAndCheckAsync("alice", "A", ("ages.csv", ServiceCohort.CleanTable(512, 601, 478)))).Request.State);
        // Far from it: released.
        Assert.Equal(RequestState.Released, (await h.SubmitAndCheckAsync("alice", "A", ("ages2.csv", ServiceCohort.CleanTable(600, 650, 700)))).Request.State);
        // Three people fewer in one band than the released table: subtracting shows them.
        var close = await h.SubmitAndCheckAsync("alice", "A", ("ages3.csv", ServiceCohort.CleanTable(512, 601, 475)));
        Assert.Equal(RequestState.AwaitingReview, close.Request.State);
        var finding = Assert.Single(close.Files[0].Findings, f => f.Rule == CheckCompletion.DifferencingRule);
        Assert.Equal(3L, finding.Evidence["difference"] is long l ? l : Convert.ToInt64(finding.Evidence["difference"]));
        // Another project's tables are not compared.
        Assert.Equal(RequestState.Released, (await h.SubmitAndCheckAsync("bob", "B", ("ages3.csv", ServiceCohort.CleanTable(512, 601, 475)))).Request.State);
        // A table never released (blocked, withdrawn) is not a reference either.
        var withdrawn = await h.SubmitAsync("bob", "B", ("ages4.csv", ServiceCohort.CleanTable(100, 200, 300)));
        await h.Service.WithdrawAsync(h["bob"], withdrawn.Id);
        Assert.Equal(RequestState.Released, (await h.SubmitAndCheckAsync("bob", "B", ("ages5.csv", ServiceCohort.CleanTable(100, 200, 302)))).Request.State);
    }

    [StoreFact]
    public async Task Two_versions_of_a_table_in_one_request_are_flagged_too()
    {
        await using var h = await NewAsync();
        var both = await h.SubmitAndCheckAsync("alice", "A", ("all.csv", ServiceCohort.CleanTable(512, 601, 478)), ("minus-two.csv", ServiceCohort.CleanTable(512, 599, 478)));
        Assert.Equal(RequestState.AwaitingReview, both.Request.State);
        var flagged = Assert.Single(both.Files, f => f.Findings.Any(x => x.Rule == CheckCompletion.DifferencingRule));
        Assert.Equal(FileState.Review, flagged.File.State);
    }

    // ---- Audit chain ----

    [StoreFact]
    public async Task The_audit_chain_verifies_and_refuses_updates_and_deletes()
    {
        await using var h = await NewAsync();
        await h.SubmitAndCheckAsync("alice", "A", Clean());
        var verified = await h.Service.VerifyAuditAsync(h["audrey"]);
        Assert.True(verified.Ok, verified.Message);
        Assert.Equal($"ok {verified.Events} events", verified.Message);
        var page = await h.Service.AuditLogAsync(h["audrey"], limit: 5);
        Assert.Equal(5, page.Events.Count);
        Assert.True(page.Events.Zip(page.Events.Skip(1)).All(p => p.First.Seq == p.Second.Seq + 1));
        Assert.Equal(page.Events[^1].Seq, page.Before);
        var all = new List<AuditEvent>();
        for (long? before = null; ;)
        {
            var p = await h.Service.AuditLogAsync(h["audrey"], before, 7);
            all.AddRange(p.Events);
            if (p.Before is null) break;
            before = p.Before;
        }
        Assert.Equal(verified.Events, all.Count);
        Assert.Equal(new string('0', 64), all[^1].PrevHash);
        await using var connection = await h.Service.Database.Dialect.OpenAsync(default);
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE audit_events SET actor = 'mallory' WHERE seq = 3"));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => Dapper.SqlMapper.ExecuteAsync(connection, "DELETE FROM audit_events WHERE seq = 3"));
        Assert.True((await h.Service.VerifyAuditAsync(h["admin"])).Ok);
    }

    [StoreFact]
    public async Task An_edited_audit_row_is_named_by_verify()
    {
        await using var h = await NewAsync();
        await h.SubmitAndCheckAsync("alice", "A", Clean());
        await using (var connection = await h.Service.Database.Dialect.OpenAsync(default))
        {
            // Someone with the database file: drops the trigger and edits event 4.
            foreach (var sql in h.IsPostgres
                         ? new[] { "ALTER TABLE audit_events DISABLE TRIGGER USER", "UPDATE audit_events SET actor = 'mallory' WHERE seq = 4" }
                         : ["DROP TRIGGER audit_events_no_update", "UPDATE audit_events SET actor = 'mallory' WHERE seq = 4"])
                await Dapper.SqlMapper.ExecuteAsync(connection, sql);
        }
        var result = await h.Service.VerifyAuditAsync(h["audrey"]);
        Assert.False(result.Ok);
        Assert.Equal(4, result.BrokenSeq);
        Assert.StartsWith("broken at seq 4", result.Message);
    }

    // ---- The check queue: leases, crashes, concurrency ----

    [StoreFact]
    public async Task A_worker_whose_lease_expires_mid_check_loses_the_job_and_nothing_is_released_unchecked()
    {
        await using var h = await NewAsync(lease: TimeSpan.FromSeconds(30));
        var request = await h.SubmitAsync("alice", "A", ("rows.csv", ServiceCohort.Shared.RecordsWithoutIds("A", 0, 40)));
        var stalled = await h.Service.Queue.ClaimAsync("stalled-worker");
        Assert.NotNull(stalled);
        var other = h.Service.CreateWorker("second-worker");
        // While the lease holds, nobody else takes the job, and the file is not released.
        Assert.False(await other.RunOnceAsync());
        var midway = await h.Service.GetRequestAsync(h["alice"], request.Id);
        Assert.Equal((RequestState.Checking, FileState.Checking), (midway.Request.State, midway.Files[0].File.State));
        await Assert.ThrowsAsync<InvalidTransitionException>(() => h.Service.DownloadAsync(h["alice"], midway.Files[0].File.Id));

        h.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True(await other.RunOnceAsync());
        var detail = await h.Service.GetRequestAsync(h["alice"], request.Id);
        Assert.Equal(RequestState.Blocked, detail.Request.State);
        // The stalled worker wakes with a forged "release": it no longer holds the job, so nothing changes.
        var forged = CheckResult.From(new Egress.Checks.CheckOutcome(new CheckReport
        {
            File = "rows.csv", Project = "A", Verdict = Verdict.Release, Participants = 0, Findings = [], Bytes = 1, ElapsedMs = 1,
        }, new Egress.Checks.ParticipantSet(h.Service.Index!.Projects), []));
        Assert.False(await h.Service.Queue.CompleteAsync(stalled!, forged));
        Assert.False(await h.Service.Queue.RenewAsync(stalled!));
        Assert.Equal(RequestState.Blocked, (await h.Service.GetRequestAsync(h["alice"], request.Id)).Request.State);
        var claims = detail.History.Count(e => e.Action == "check.claimed");
        Assert.Equal(2, claims);
    }

    [StoreFact]
    public async Task A_file_whose_check_keeps_dying_is_blocked_after_three_attempts()
    {
        await using var h = await NewAsync(lease: TimeSpan.FromSeconds(10));
        var request = await h.SubmitAsync("alice", "A", Clean());
        for (var attempt = 1; attempt <= CheckQueue.MaxAttempts; attempt++)
        {
            var job = await h.Service.Queue.ClaimAsync($"dies-{attempt}");
            Assert.Equal(attempt, job!.Attempts);
            h.Clock.Advance(TimeSpan.FromSeconds(11));
        }
        Assert.Equal(1, await h.RunChecksAsync());
        var detail = await h.Service.GetRequestAsync(h["alice"], request.Id);
        Assert.Equal(RequestState.Blocked, detail.Request.State);
        Assert.Contains(detail.Files[0].Findings, f => f.Rule == CheckResult.FailedRule);
    }

    [StoreFact]
    public async Task Concurrent_workers_check_every_file_exactly_once()
    {
        await using var h = await NewAsync();
        var requests = new List<long>();
        // Tables that differ by at least 20 people each: no differencing between them.
        for (var i = 0; i < 6; i++)
            requests.Add((await h.SubmitAsync("alice", "A", ($"t{i}.csv", ServiceCohort.CleanTable(500 + 20 * i, 600, 700)), ($"u{i}.csv", ServiceCohort.CleanTable(900, 800 + 20 * i, 700)))).Id);
        using var second = h.OpenAnother();
        var workers = new[] { h.Service.CreateWorker("one"), h.Service.CreateWorker("two"), second.CreateWorker("three") };
        var taken = await Task.WhenAll(workers.Select(async w =>
        {
            var n = 0;
            while (await w.RunOnceAsync()) n++;
            return n;
        }));
        Assert.Equal(12, taken.Sum());
        foreach (var id in requests)
        {
            var detail = await h.Service.GetRequestAsync(h["alice"], id);
            Assert.Equal(RequestState.Released, detail.Request.State);
            Assert.Equal(2, detail.History.Count(e => e.Action == "check.claimed"));
            Assert.Single(detail.History, e => e.Action == "request.released");
        }
        Assert.True((await h.Service.VerifyAuditAsync(h["audrey"])).Ok);
    }

    [StoreFact]
    public async Task In_process_workers_check_submissions_in_the_background()
    {
        await using var h = await NewAsync();
        await using (h.Service.StartWorkers(2))
        {
            var request = await h.SubmitAsync("alice", "A", Clean());
            for (var i = 0; i < 1000 && (await h.Service.GetRequestAsync(h["alice"], request.Id)).Request.State != RequestState.Released; i++)
                await Task.Delay(20);
            Assert.Equal(RequestState.Released, (await h.Service.GetRequestAsync(h["alice"], request.Id)).Request.State);
        }
    }

    [StoreFact]
    public async Task Reopening_the_store_keeps_everything_and_does_not_migrate_again()
    {
        await using var h = await NewAsync();
        var request = await h.SubmitAsync("alice", "A", Clean());
        using (var again = h.OpenAnother())
        {
            Assert.Equal(h.Service.Database.SchemaVersion, again.Database.SchemaVersion);
            Assert.Equal(RequestState.Submitted, (await again.GetRequestAsync(h["alice"], request.Id)).Request.State);
            Assert.Equal(1, await again.CreateWorker("after-restart").RunOnceAsync() ? 1 : 0);
        }
        Assert.Equal(RequestState.Released, (await h.Service.GetRequestAsync(h["alice"], request.Id)).Request.State);
        Assert.True((await h.Service.VerifyAuditAsync(h["audrey"])).Ok);
    }

    [StoreFact]
    public async Task The_database_holds_counts_hashes_and_bits_never_cohort_values()
    {
        await using var h = await NewAsync();
        var leak = ServiceCohort.Shared.RecordsWithoutIds("A", 0, 40);
        await h.SubmitAndCheckAsync("alice", "A", ("rows.csv", leak), ("ids.txt", ServiceCohort.Shared.Ids("A", 0, 40)));
        var dump = await DumpAsync(h);
        PrintedValues.AssertNotShown(dump, ServiceCohort.Shared.Ids("A", 0, 40).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var values = leak.Split('\n')[1].Split(',').Where(v => v.Length >= 8).ToList();
        Assert.NotEmpty(values);
        PrintedValues.AssertNotShown(dump, values);
    }

    /// <summary>Every text column of every table, as one string.</summary>
    private static async Task<string> DumpAsync(AirlockHarness h)
    {
        await using var c = await h.Service.Database.Dialect.OpenAsync(default);
        var text = new System.Text.StringBuilder();
        foreach (var (table, columns) in new[]
                 {
                     ("users", "username, display_name, password_hash"), ("api_tokens", "name, prefix, token_hash"),
                     ("requests", "description"), ("request_files", "name, sha256, COALESCE(report_json, '')"),
                     ("votes", "comment"), ("table_counts", "cells"), ("audit_events", "actor, action, subject, details_json"),
                 })
            foreach (var row in await Dapper.SqlMapper.QueryAsync(c, $"SELECT {columns} FROM {table}"))
                foreach (var value in (IDictionary<string, object>)row)
                    text.Append(value.Value).Append('\n');
        return text.ToString();
    }
}

public sealed class SqliteAirlockTests : AirlockStoreTests
{
    protected override bool Postgres => false;
}

public sealed class PostgresAirlockTests : AirlockStoreTests, IUsesPostgres
{
    protected override bool Postgres => true;
}
