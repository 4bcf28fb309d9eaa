namespace Egress.Checks.Repositories;

/// <summary>One file version in a repository's history: its object id, size, and where it appeared.</summary>
public sealed record RepositoryBlob(string ObjectId, long Size)
{
    /// <summary>Paths the blob had, in the order first seen.</summary>
    public List<string> Paths { get; } = [];
    /// <summary>Commits that added or changed a path to this blob (newest first, as git log lists them).</summary>
    public List<string> Commits { get; } = [];
    /// <summary>Commits in which this version left a path (the file deleted, or changed to another version): still in history.</summary>
    public List<string> RemovedIn { get; } = [];
}

/// <summary>
/// Every distinct blob in a repository's history (every branch, tag and stash; or only what is not
/// reachable from <c>since</c>): `git rev-list --objects` names them once each, `git cat-file --batch-check`
/// gives their type and size, and `git log --raw` the commits and paths that brought each in — so a file
/// added and deleted later is still listed, with the commit that added it and the one that deleted it.
/// </summary>
public sealed class BlobInventory(GitCommand git)
{
    /// <summary>The blobs of every range of the selection, each once.</summary>
    public List<RepositoryBlob> List(HistorySelection selection)
    {
        var all = new Dictionary<string, RepositoryBlob>(StringComparer.Ordinal);
        foreach (var range in selection.Ranges)
            foreach (var blob in List(range))
            {
                if (!all.TryGetValue(blob.ObjectId, out var known)) all[blob.ObjectId] = known = new RepositoryBlob(blob.ObjectId, blob.Size);
                foreach (var (from, to) in new[] { (blob.Paths, known.Paths), (blob.Commits, known.Commits), (blob.RemovedIn, known.RemovedIn) })
                    to.AddRange(from.Where(x => !to.Contains(x)));
            }
        return [.. all.Values];
    }

    private List<RepositoryBlob> List(IReadOnlyList<string> range)
    {
        var objects = git.Lines(["rev-list", "--objects", .. range]);
        var blobs = Types(objects.Select(line => line.Split(' ', 2)[0]).Distinct(StringComparer.Ordinal).ToList());
        foreach (var line in objects)
        {
            var parts = line.Split(' ', 2);
            if (parts.Length == 2 && blobs.TryGetValue(parts[0], out var blob) && !blob.Paths.Contains(parts[1])) blob.Paths.Add(parts[1]);
        }
        AddCommits(blobs, range);
        return [.. blobs.Values];
    }

    /// <summary>Keeps the blobs among the objects, with their sizes (one batch-check process for all).</summary>
    private Dictionary<string, RepositoryBlob> Types(List<string> ids)
    {
        var blobs = new Dictionary<string, RepositoryBlob>(StringComparer.Ordinal);
        using var process = git.Start("cat-file", "--batch-check=%(objectname) %(objecttype) %(objectsize)");
        var error = process.StandardError.ReadToEndAsync();
        var writer = Task.Run(() =>
        {
            foreach (var id in ids) process.StandardInput.WriteLine(id);
            process.StandardInput.Close();
        });
        while (process.StandardOutput.ReadLine() is { } line)
        {
            var f = line.Split(' ');
            if (f.Length == 3 && f[1] == "blob" && long.TryParse(f[2], out var size)) blobs[f[0]] = new RepositoryBlob(f[0], size);
        }
        writer.GetAwaiter().GetResult();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new GitException($"git cat-file --batch-check failed: {error.Result.Trim()}");
        return blobs;
    }

    private void AddCommits(Dictionary<string, RepositoryBlob> blobs, IReadOnlyList<string> range)
    {
        string? commit = null;
        // -m: a merge's changes against each parent; --root: the first commit's files too.
        foreach (var line in git.Lines(["log", "--raw", "--no-abbrev", "--no-renames", "-m", "--root", "--format=commit %H", .. range]))
        {
            if (line.StartsWith("commit ", StringComparison.Ordinal))
            {
                commit = line[7..].Trim();
                continue;
            }
            if (commit is null || !line.StartsWith(':')) continue;
            // ":100644 100644 <old> <new> M\tpath"
            var tab = line.IndexOf('\t');
            if (tab < 0) continue;
            var meta = line[1..tab].Split(' ');
            if (meta.Length < 5) continue;
            if (meta[4] is ['D' or 'M', ..] && blobs.TryGetValue(meta[2], out var left) && !left.RemovedIn.Contains(commit)) left.RemovedIn.Add(commit);
            if (!blobs.TryGetValue(meta[3], out var blob)) continue;
            var path = line[(tab + 1)..];
            if (!blob.Commits.Contains(commit)) blob.Commits.Add(commit);
            if (!blob.Paths.Contains(path)) blob.Paths.Add(path);
        }
    }
}
