namespace Egress.Checks.Repositories;

/// <summary>
/// Which part of a repository's history a scan covers: one or more sets of `git rev-list` arguments (their objects are
/// united) and the words for the report. Every revision named is verified first: a typo or a commit the clone does not
/// have is an error, never an empty — clean — scan.
/// </summary>
public sealed record HistorySelection(IReadOnlyList<IReadOnlyList<string>> Ranges, string? Description)
{
    private const string NoCommit = "0000000000000000000000000000000000000000";

    /// <summary>Every branch, tag and stash.</summary>
    public static HistorySelection Everything { get; } = new([["--all"]], null);

    /// <summary>Whatever is not reachable from <paramref name="revision"/> (what a push adds to a remote that has it).</summary>
    public static HistorySelection Since(GitCommand git, string revision)
    {
        if (revision.Contains("..", StringComparison.Ordinal))
            throw new GitException($"--since takes one revision, not a range ('{revision}'); use --range for a range");
        Verify(git, revision);
        return new([["--all", "--not", revision]], $"since {revision}");
    }

    /// <summary>The commits of <c>A..B</c> (reachable from B, not from A), as git means it.</summary>
    public static HistorySelection Range(GitCommand git, string range)
    {
        if (range.Contains("...", StringComparison.Ordinal))
            throw new GitException($"'{range}' is a symmetric difference; give a range A..B (what B adds to A)");
        var cut = range.IndexOf("..", StringComparison.Ordinal);
        if (cut <= 0 || cut + 2 >= range.Length) throw new GitException($"'{range}' is not a range A..B");
        var (from, to) = (range[..cut], range[(cut + 2)..]);
        Verify(git, from);
        Verify(git, to);
        return new([[to, "--not", from]], range);
    }

    /// <summary>
    /// What a push sends, from the lines git gives a pre-push hook on its standard input
    /// (<c>local-ref local-sha remote-ref remote-sha</c>): a new branch is everything no remote-tracking branch has,
    /// an update is remote-sha..local-sha, a deletion sends nothing.
    /// </summary>
    public static HistorySelection Pushed(GitCommand git, TextReader input)
    {
        var ranges = new List<IReadOnlyList<string>>();
        var refs = new List<string>();
        while (input.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != 4) throw new GitException($"not a pre-push line (local-ref local-sha remote-ref remote-sha): '{line}'");
            var (localRef, local, remote) = (f[0], f[1], f[3]);
            if (local == NoCommit) continue;
            Verify(git, local);
            ranges.Add(remote != NoCommit && Known(git, remote) ? [local, "--not", remote] : [local, "--not", "--remotes"]);
            refs.Add(localRef);
        }
        return new(ranges, refs.Count == 0 ? "push of nothing" : $"push of {string.Join(", ", refs)}");
    }

    /// <summary>A remote commit this clone has never fetched is not known: everything not on a remote-tracking branch is scanned instead.</summary>
    private static bool Known(GitCommand git, string revision)
    {
        try
        {
            Verify(git, revision);
            return true;
        }
        catch (GitException) { return false; }
    }

    private static void Verify(GitCommand git, string revision)
    {
        if (revision.StartsWith('-')) throw new GitException($"'{revision}' is not a revision");
        try
        {
            git.Lines("rev-parse", "--verify", "--quiet", revision + "^{commit}");
        }
        catch (GitException)
        {
            throw new GitException($"no commit '{revision}' in this repository");
        }
    }
}
