using System.Diagnostics;
using Egress.Checks.Repositories;
using Egress.Core;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Forensics;

/// <summary>
/// `egress scan-repo` on repositories made with real git in a temporary folder: a participant file added
/// and deleted later is still found, with the commit that added it and its path; a clean repository passes.
/// </summary>
[Collection(IndexedCohortCollection.Name)]
public sealed class ScanRepoTests(IndexedCohort cohort)
{
    private static string Git(string repo, params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-C", repo, "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false" }.Concat(args))
            start.ArgumentList.Add(a);
        start.Environment["GIT_AUTHOR_DATE"] = start.Environment["GIT_COMMITTER_DATE"] = "2026-01-01T00:00:00Z";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)}: {error}");
        return output.Trim();
    }

    private static string Commit(string repo, string message)
    {
        Git(repo, "add", "-A");
        Git(repo, "commit", "-q", "-m", message);
        return Git(repo, "rev-parse", "HEAD");
    }

    /// <summary>A small analysis project: code and a README, nothing from the cohort.</summary>
    private string CleanRepository()
    {
        var repo = Directory.CreateTempSubdirectory("egress-repo-").FullName;
        Git(repo, "init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(repo, "README.md"), "# BMI and blood pressure\n\nRun `python analysis.py` inside the TRE; results go to out/.\n");
        Directory.CreateDirectory(Path.Combine(repo, "src"));
        File.WriteAllText(Path.Combine(repo, "src", "analysis.py"),
            "import pandas as pd\n\ndef main(path):\n    df = pd.read_csv(path)\n    print(df.groupby('sex')['bmi'].mean())\n\nif __name__ == '__main__':\n    main('data/extract.csv')\n");
        Commit(repo, "Analysis code");
        return repo;
    }

    [Fact]
    public void A_participant_file_deleted_from_history_is_still_found_with_its_commit_and_path()
    {
        var repo = CleanRepository();
        Directory.CreateDirectory(Path.Combine(repo, "data"));
        LeakSamples.Sample(cohort, "A", 0.01, withIds: false, seed: 9, Path.Combine(repo, "data", "cohort_subset.csv"));
        var added = Commit(repo, "Add data for testing");
        File.Delete(Path.Combine(repo, "data", "cohort_subset.csv"));
        var removed = Commit(repo, "Remove data");
        File.AppendAllText(Path.Combine(repo, "src", "analysis.py"), "# tidy\n");
        Commit(repo, "Tidy");

        var report = new RepositoryScanner(cohort.Index, Policy.Default).Scan(repo, since: null, project: "A");

        Assert.Equal(Verdict.Block, report.Verdict);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(["data/cohort_subset.csv"], finding.Blob.Paths);
        Assert.Equal([added], finding.Blob.Commits);
        Assert.Contains(finding.Findings, f => f.Rule == "participant-records");
        Assert.True(report.Blobs >= 4, $"{report.Blobs} blobs");

        // Since the removal, nothing new carries the file: a pre-push range after it is clean.
        var since = new RepositoryScanner(cohort.Index, Policy.Default).Scan(repo, since: removed, project: "A");
        Assert.Equal(Verdict.Release, since.Verdict);
    }

    [Fact]
    public void The_same_file_under_two_paths_is_checked_once_and_reported_with_both()
    {
        var repo = CleanRepository();
        var file = LeakSamples.Sample(cohort, "B", 0.01, withIds: true, seed: 4, Path.Combine(repo, "ids.csv"));
        Directory.CreateDirectory(Path.Combine(repo, "backup"));
        File.Copy(file, Path.Combine(repo, "backup", "ids-copy.csv"));
        var commit = Commit(repo, "Data twice");

        var report = new RepositoryScanner(cohort.Index, Policy.Default).Scan(repo, since: null, project: "");

        var finding = Assert.Single(report.Findings);
        Assert.Equal(["backup/ids-copy.csv", "ids.csv"], finding.Blob.Paths.Order());
        Assert.Equal([commit], finding.Blob.Commits);
        Assert.Contains(finding.Findings, f => f.Rule == "participant-ids" && f.Projects.Contains("B"));
    }

    [Fact]
    public void Cli_exits_0_on_a_clean_repository_and_20_on_one_with_participant_data_in_history()
    {
        var repo = CleanRepository();
        var clean = CliRunner.Run("scan-repo", repo, "--index", cohort.IndexDir, "--key-file", cohort.KeyPath, "--project", "A");
        Assert.True(clean.ExitCode == 0, clean.Stdout + clean.Stderr);

        LeakSamples.Sample(cohort, "C", 0.01, withIds: true, seed: 2, Path.Combine(repo, "participants.tsv"));
        var added = Commit(repo, "oops");
        File.Delete(Path.Combine(repo, "participants.tsv"));
        Commit(repo, "remove");
        var dirty = CliRunner.Run("scan-repo", repo, "--index", cohort.IndexDir, "--key-file", cohort.KeyPath, "--json");
        Assert.True(dirty.ExitCode == 20, dirty.Stdout + dirty.Stderr);
        Assert.Contains(added, dirty.Stdout);
        Assert.Contains("participants.tsv", dirty.Stdout);
    }

    private CliRunner.Result ScanRepo(string repo, string? input, params string[] args) =>
        CliRunner.RunWithInput(input, ["scan-repo", repo, "--index", cohort.IndexDir, "--key-file", cohort.KeyPath, "--project", "A", "--json", .. args]);

    /// <summary>A clean repository, then a commit adding participant data: the commits before and after it.</summary>
    private (string Repo, string Before, string Leak) RepositoryWithLeakOnTop()
    {
        var repo = CleanRepository();
        File.AppendAllText(Path.Combine(repo, "README.md"), "More notes.\n");
        var before = Commit(repo, "Notes");
        LeakSamples.Sample(cohort, "A", 0.01, withIds: true, seed: 7, Path.Combine(repo, "subset.csv"));
        return (repo, before, Commit(repo, "Add a subset"));
    }

    [Fact]
    public void A_revision_range_is_scanned_as_a_range_and_never_passes_for_checking_nothing()
    {
        var (repo, before, leak) = RepositoryWithLeakOnTop();
        // The range that adds the leak is blocked; a range that ends before it is clean, having checked what it holds.
        Assert.Equal(20, ScanRepo(repo, null, "--range", $"{before}..{leak}").ExitCode);
        var earlier = ScanRepo(repo, null, "--range", $"{before}~1..{before}");
        Assert.True(earlier.ExitCode == 0, earlier.Stdout + earlier.Stderr);
        Assert.Contains("\"blobs\":1,", earlier.Stdout);
        // A range given to --since, a symmetric difference and a revision that does not exist are refused, not scanned as nothing.
        foreach (var args in new[] { new[] { "--since", "HEAD~1..HEAD" }, ["--range", "HEAD~1...HEAD"], ["--since", "no-such-branch"], ["--range", "HEAD~9..HEAD"] })
        {
            var refused = ScanRepo(repo, null, args);
            Assert.True(refused.ExitCode is not (0 or 10 or 20), $"{string.Join(' ', args)}: exit {refused.ExitCode} {refused.Stdout}");
            Assert.DoesNotContain("   at ", refused.Stderr);
            Assert.StartsWith("egress: ", refused.Stderr);
        }
    }

    [Fact]
    public void A_shallow_clone_is_refused_unless_asked_and_then_says_so()
    {
        var (repo, _, _) = RepositoryWithLeakOnTop();
        var clone = Path.Combine(Directory.CreateTempSubdirectory("egress-repo-").FullName, "shallow");
        Git(repo, "clone", "-q", "--depth", "1", "file://" + repo, clone);
        var refused = ScanRepo(clone, null);
        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("shallow", refused.Stderr);
        var allowed = ScanRepo(clone, null, "--allow-shallow");
        Assert.Equal(20, allowed.ExitCode);
        Assert.Contains("\"shallow\":true", allowed.Stdout);
    }

    [Fact]
    public void The_pre_push_hook_scans_what_the_push_sends_read_from_standard_input()
    {
        var (repo, before, leak) = RepositoryWithLeakOnTop();
        const string zero = "0000000000000000000000000000000000000000";
        // An update of a branch the remote has at "before": the leak is in the push.
        Assert.Equal(20, ScanRepo(repo, $"refs/heads/main {leak} refs/heads/main {before}\n", "--pre-push").ExitCode);
        // The remote already has the leak: nothing new is sent.
        Assert.Equal(0, ScanRepo(repo, $"refs/heads/main {leak} refs/heads/main {leak}\n", "--pre-push").ExitCode);
        // A new branch: everything no remote-tracking branch has (here, all of it).
        Assert.Equal(20, ScanRepo(repo, $"refs/heads/topic {leak} refs/heads/topic {zero}\n", "--pre-push").ExitCode);
        // A remote commit this clone never fetched: scanned as a new branch, not refused, not skipped.
        Assert.Equal(20, ScanRepo(repo, $"refs/heads/main {leak} refs/heads/main {new string('1', 40)}\n", "--pre-push").ExitCode);
        // Deleting a remote branch sends nothing; a malformed line is refused.
        Assert.Equal(0, ScanRepo(repo, $"(delete) {zero} refs/heads/old {before}\n", "--pre-push").ExitCode);
        Assert.Equal(3, ScanRepo(repo, "garbage\n", "--pre-push").ExitCode);
    }

    [Fact]
    public void The_json_names_the_commit_that_removed_a_file_as_well_as_the_one_that_added_it()
    {
        var (repo, _, leak) = RepositoryWithLeakOnTop();
        File.Delete(Path.Combine(repo, "subset.csv"));
        var removed = Commit(repo, "Remove the subset");
        var report = new RepositoryScanner(cohort.Index, Policy.Default).Scan(repo, since: null, project: "A");
        var finding = Assert.Single(report.Findings);
        Assert.Equal([leak], finding.Blob.Commits);
        Assert.Equal([removed], finding.Blob.RemovedIn);
        Assert.Contains(removed, ScanRepo(repo, null).Stdout);
    }
}
