using System.CommandLine;
using Egress.Checks.Repositories;

namespace Egress.Cli.Commands;

/// <summary>`egress scan-repo PATH`: every file in every commit of a git repository, checked like an export.</summary>
public static class ScanRepoCommand
{
    public const string IndexVariable = "EGRESS_INDEX";

    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "The git repository (work tree or bare)." };
        var since = new Option<string?>("--since") { Description = "Only what is not reachable from this revision (e.g. origin/main)." };
        var range = new Option<string?>("--range") { Description = "Only the commits of a range A..B (what B adds to A)." };
        var prePush = new Option<bool>("--pre-push") { Description = "Only what a push sends, read from the lines git gives a pre-push hook on standard input." };
        var allowShallow = new Option<bool>("--allow-shallow") { Description = "Scan a shallow clone anyway (the history it lacks is not checked; the report says so)." };
        var indexDir = new Option<string?>("--index") { Description = $"Cohort index folder (default: ${IndexVariable})." };
        var project = new Option<string?>("--project") { Description = "The project the repository belongs to (default: none — every project weighed alike)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of the readable report." };
        var policyFile = new Option<string?>("--policy") { Description = "Policy file (JSON); its size limit applies to each blob." };
        var keyFile = new Option<string?>("--key-file") { Description = "The index's key file. Default: <index>.key beside the index folder." };
        var command = new Command("scan-repo", "Check every file in every commit of a git repository (history included); exit 20 block, 10 review, 0 clean.")
        {
            path, since, range, prePush, allowShallow, indexDir, project, json, policyFile, keyFile,
        };
        command.SetAction(parse =>
        {
            var policy = PolicyOption.Load(parse.GetValue(policyFile));
            var dir = parse.GetValue(indexDir) ?? Environment.GetEnvironmentVariable(IndexVariable)
                      ?? throw new UsageException($"no index: pass --index or set ${IndexVariable}");
            var repository = parse.GetValue(path)!;
            if (!Directory.Exists(repository)) throw new UsageException($"no such folder: {repository}");
            using var index = IndexOption.Open(dir, parse.GetValue(keyFile));
            var projectName = parse.GetValue(project) ?? "";
            if (projectName != "" && index.ProjectNumber(projectName) < 0)
                throw new UsageException($"project '{projectName}' is not in the index (it has {string.Join(", ", index.Projects.Select(p => p.Name))})");
            RepositoryReport report;
            try
            {
                var git = new GitCommand(repository);
                var selection = Selection(git, parse.GetValue(since), parse.GetValue(range), parse.GetValue(prePush));
                report = new RepositoryScanner(index, policy).Scan(git, selection, projectName, parse.GetValue(allowShallow));
            }
            catch (GitException e)
            {
                // Fail closed: a repository that cannot be read is not clean.
                Console.Error.WriteLine($"egress: {e.Message}");
                return ExitCodes.Unreadable;
            }
            Console.Out.Write(parse.GetValue(json) ? RepositoryReportWriter.Json(report) + "\n" : RepositoryReportWriter.Text(report));
            return ExitCodes.ForVerdict(report.Verdict);
        });
        return command;
    }

    private static HistorySelection Selection(GitCommand git, string? since, string? range, bool prePush)
    {
        if ((since is not null ? 1 : 0) + (range is not null ? 1 : 0) + (prePush ? 1 : 0) > 1)
            throw new UsageException("give one of --since, --range and --pre-push");
        if (prePush) return HistorySelection.Pushed(git, Console.In);
        if (range is not null) return HistorySelection.Range(git, range);
        return since is null ? HistorySelection.Everything : HistorySelection.Since(git, since);
    }
}
