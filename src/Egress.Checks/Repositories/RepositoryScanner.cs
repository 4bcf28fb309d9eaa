using System.Diagnostics;
using Egress.Core;
using Egress.Index;

namespace Egress.Checks.Repositories;

/// <summary>One blob that did not pass: where it is in history and what the check found.</summary>
public sealed record RepositoryFinding(RepositoryBlob Blob, Verdict Verdict, IReadOnlyList<Finding> Findings);

/// <summary>The answer of `egress scan-repo`: the worst verdict over every blob, and the blobs behind it.</summary>
public sealed record RepositoryReport
{
    public required string Repository { get; init; }
    /// <summary>The part of history scanned, in words (null: all of it).</summary>
    public string? Since { get; init; }
    /// <summary>A shallow clone scanned on request: history past its boundary was not there to check.</summary>
    public bool Shallow { get; init; }
    public required Verdict Verdict { get; init; }
    public required int Blobs { get; init; }
    public required long Bytes { get; init; }
    public required IReadOnlyList<RepositoryFinding> Findings { get; init; }
    public required long ElapsedMs { get; init; }
}

/// <summary>
/// Checks every file version in a repository's history with the check engine — participant data
/// committed to a repository is a release too. Each distinct blob is checked once, under its own file
/// name (names matter: per-participant bulk files are recognised by them), and blobs over the policy's
/// size limit are blocked unread, as `egress check` blocks them.
/// </summary>
public sealed class RepositoryScanner(CohortIndex index, Policy policy)
{
    /// <summary>Scans the history not reachable from <paramref name="since"/> (all of it when null).</summary>
    public RepositoryReport Scan(string repository, string? since, string project)
    {
        var git = new GitCommand(repository);
        return Scan(git, since is null ? HistorySelection.Everything : HistorySelection.Since(git, since), project, allowShallow: false);
    }

    /// <param name="allowShallow">
    /// Scan a shallow clone anyway (its missing history is said in the report); otherwise a shallow clone is refused, as
    /// "clean" would be a claim about commits that were never looked at.
    /// </param>
    public RepositoryReport Scan(GitCommand git, HistorySelection selection, string project, bool allowShallow)
    {
        var clock = Stopwatch.StartNew();
        var shallow = git.Lines("rev-parse", "--is-shallow-repository") is ["true"];
        if (shallow && !allowShallow)
            throw new GitException("this is a shallow clone, so part of its history is not here to check: fetch it all (git fetch --unshallow) or pass --allow-shallow");
        var blobs = new BlobInventory(git).List(selection);
        var engine = new CheckEngine(index, policy);
        var findings = new List<RepositoryFinding>();
        var work = Directory.CreateTempSubdirectory("egress-scan-repo-");
        long bytes = 0;
        try
        {
            using var reader = new BlobReader(git);
            foreach (var blob in blobs.OrderBy(b => b.Paths.FirstOrDefault(), StringComparer.Ordinal))
            {
                bytes += blob.Size;
                var tooLarge = LimitRules.CheckFileSize(blob.Size, policy.Limits);
                if (tooLarge is not null)
                {
                    findings.Add(new RepositoryFinding(blob, VerdictRules.Combine([tooLarge]), [tooLarge]));
                    continue;
                }
                var report = engine.Check(Extract(reader, blob, work.FullName), project);
                if (report.Verdict != Verdict.Release) findings.Add(new RepositoryFinding(blob, report.Verdict, report.Findings));
            }
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { }
        }
        return new RepositoryReport
        {
            Repository = git.Repository,
            Since = selection.Description,
            Shallow = shallow,
            Verdict = findings.Count == 0 ? Verdict.Release : findings.Max(f => f.Verdict),
            Blobs = blobs.Count,
            Bytes = bytes,
            Findings = findings,
            ElapsedMs = clock.ElapsedMilliseconds,
        };
    }

    /// <summary>Writes the blob to a file of its own name in a folder of its own (the engine reads files), replacing the previous one.</summary>
    private static string Extract(BlobReader reader, RepositoryBlob blob, string work)
    {
        foreach (var old in Directory.EnumerateFileSystemEntries(work)) Directory.Delete(old, recursive: true);
        var folder = Directory.CreateDirectory(Path.Combine(work, blob.ObjectId[..12])).FullName;
        var name = SafeName(blob.Paths.FirstOrDefault() ?? blob.ObjectId);
        var path = Path.Combine(folder, name);
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            reader.CopyTo(blob.ObjectId, file);
        return path;
    }

    private static string SafeName(string repositoryPath)
    {
        var name = repositoryPath.Split('/').Last();
        foreach (var bad in Path.GetInvalidFileNameChars()) name = name.Replace(bad, '_');
        return name is "" or "." or ".." ? "blob" : name;
    }
}
