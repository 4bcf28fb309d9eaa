using System.Diagnostics;
using Egress.Core;

namespace Egress.Checks;

public sealed partial class CheckEngine
{
    public const string PoolingIncompleteRule = "request-pooling-incomplete";
    /// <summary>Requests of more bytes than this (over the files not stopped by the size limit) are checked file by file only.</summary>
    public const long MaxPooledBytes = 256L << 20;

    /// <summary>
    /// The files of one request: each checked alone, then all together as one export (IDs and records split across
    /// files judged on their total; narrow files of equal length aligned into rows; short tables of the same columns
    /// stacked). A finding of the pooled check that shows more than a file's own check did is added to each file it
    /// draws on (named in its locations; every file when it cannot say), saying so and naming the other files.
    /// Outcomes in the order of <paramref name="paths"/>; file names must differ.
    /// </summary>
    public IReadOnlyList<CheckOutcome> CheckRequest(IReadOnlyList<string> paths, string project)
    {
        var pooled = Pool(paths, project);
        return paths.Select((p, i) => WithPooled(CheckDetailed(p, project, paths), i, pooled)).ToList();
    }

    /// <summary>One file of a request checked as <see cref="CheckRequest"/> does, without the other files' own checks (a worker's job).</summary>
    public CheckOutcome CheckRequestFile(IReadOnlyList<string> paths, int file, string project) =>
        WithPooled(CheckDetailed(paths[file], project, paths), file, Pool(paths, project));

    /// <summary>The pooled check's findings and participants, and the files it read (none when there is nothing to pool).</summary>
    private sealed record PooledCheck(List<Finding> Findings, ParticipantSet Participants, Dictionary<int, string> Files);

    private PooledCheck Pool(IReadOnlyList<string> paths, string project)
    {
        var findings = new List<Finding>();
        var participants = new ParticipantSet(index.Projects);
        // Files a size limit stops alone are blocked by their own check; the rest are pooled, up to a total.
        var sizes = paths.Select(p => new FileInfo(p) is { Exists: true } f ? f.Length : -1).ToList();
        var files = Enumerable.Range(0, paths.Count).Where(i => sizes[i] >= 0 && LimitRules.CheckFileSize(sizes[i], policy.Limits) is null).ToList();
        var bytes = files.Sum(i => sizes[i]);
        if (files.Count < 2 || bytes > MaxPooledBytes) return new PooledCheck(findings, participants, []);
        var clock = Stopwatch.StartNew();
        // The request's files together may hold what each may alone: limits scale with their number.
        var limits = Scaled(policy.Limits, files.Count);
        try
        {
            Inspect([.. files.Select(i => paths[i])], pooled: true, limits, project, bytes, clock, findings, participants, [], [], []);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            findings.Add(InternalError(e, "the request's files together"));
        }
        return new PooledCheck(findings, participants, files.ToDictionary(i => i, i => Path.GetFileName(paths[i])));
    }

    private CheckOutcome WithPooled(CheckOutcome own, int file, PooledCheck pooled)
    {
        if (!pooled.Files.ContainsKey(file)) return own;
        var added = new List<Finding>();
        var who = new ParticipantSet(index.Projects);
        who.UnionWith(own.Participants);
        foreach (var finding in pooled.Findings.Where(f => f.Severity > Severity.Info))
        {
            var drawn = pooled.Files.Keys.Where(i => Names(finding.Location, pooled.Files[i])).ToList();
            if (drawn.Count == 0 || finding.Location.Contains(" more", StringComparison.Ordinal)) drawn = [.. pooled.Files.Keys];
            if (!drawn.Contains(file) || ShownAlready(own.Report, finding)) continue;
            if (IsLimit(finding))
            {
                if (!added.Any(f => f.Rule == PoolingIncompleteRule)) added.Add(PoolingIncomplete(finding, pooled.Files.Count));
                continue;
            }
            added.Add(Pooled(finding, drawn.Where(j => j != file).Select(j => pooled.Files[j]).ToList(), pooled.Files.Count));
            if (finding.Participants > 0) who.UnionWith(pooled.Participants);
        }
        if (added.Count == 0) return own;
        var list = own.Report.Findings.Concat(added).ToList();
        return own with
        {
            Report = own.Report with { Findings = list, Verdict = VerdictRules.Combine(list), Participants = who.Count() },
            Participants = who,
        };
    }

    /// <summary>A file's own check found this rule for the same projects, with as many participants.</summary>
    private static bool ShownAlready(CheckReport report, Finding pooled) => report.Findings.Any(f =>
        f.Rule == pooled.Rule && f.Severity >= pooled.Severity && (pooled.Projects.Count == 0 || f.Projects.Intersect(pooled.Projects).Any()) &&
        f.Participants >= pooled.Participants);

    /// <summary>The file's name at the start of a location, or where a part's path or an aligned table names it.</summary>
    private static bool Names(string location, string name)
    {
        for (var at = location.IndexOf(name, StringComparison.Ordinal); at >= 0; at = location.IndexOf(name, at + 1, StringComparison.Ordinal))
        {
            var before = at == 0 ? ' ' : location[at - 1];
            var end = at + name.Length;
            var after = end == location.Length ? ' ' : location[end];
            if (before is ' ' or '(' or ';' && after is ':' or '/' or '#' or ' ' or ';' or ')' or ',') return true;
        }
        return false;
    }

    private static bool IsLimit(Finding f) =>
        f.Rule is LimitRules.TimeBudgetRule or "internal-error" || f.Rule.Contains("limit", StringComparison.Ordinal);

    private static Finding Pooled(Finding finding, IReadOnlyList<string> others, int files) => finding with
    {
        Message = $"Judged with the other files of its request ({files} files)" +
                  (others.Count > 0 ? $", this file with {string.Join(", ", others.Take(5))}{(others.Count > 5 ? $" and {others.Count - 5} more" : "")}" : "") +
                  ": " + finding.Message,
        Evidence = new Dictionary<string, object>(finding.Evidence ?? new Dictionary<string, object>())
        {
            ["pooledOverRequest"] = true,
            ["requestFiles"] = files,
            ["withFiles"] = others.ToArray(),
        },
    };

    private static Finding PoolingIncomplete(Finding finding, int files) => new()
    {
        Rule = PoolingIncompleteRule,
        Severity = Severity.Review,
        Location = "the request's files together",
        Message = $"The request's {files} files could not be checked together to the end ({finding.Rule}); evidence split across them may have been missed.",
        Guidance = "A checker looks at the request as a whole.",
    };

    private static LimitsPolicy Scaled(LimitsPolicy limits, int files) => new()
    {
        MaxFileBytes = limits.MaxFileBytes,
        MaxDepth = limits.MaxDepth,
        MaxArchiveEntries = SafeTimes(limits.MaxArchiveEntries, files),
        MaxExpandedBytes = SafeTimes(limits.MaxExpandedBytes, files),
        MaxExpansionRatio = limits.MaxExpansionRatio,
        MaxInMemoryBytes = limits.MaxInMemoryBytes,
        MaxNesting = limits.MaxNesting,
        TimeBudgetSeconds = limits.TimeBudgetSeconds * files,
        Severity = limits.Severity,
    };

    private static int SafeTimes(int value, int files) => (int)Math.Min(int.MaxValue, (long)value * files);
    private static long SafeTimes(long value, int files) => value > long.MaxValue / files ? long.MaxValue : value * files;
}
