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
    public string? Since { get; init; }
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
    public RepositoryReport Scan(string repository, string? since, string project)
    {
        var clock = Stopwatch.StartNew();
        var git = new GitCommand(repository);
        var blobs = new BlobInventory(git).List(since);
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
            Repository = repository,
            Since = since,
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
