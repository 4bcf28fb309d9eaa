using System.CommandLine;
using Egress.Checks;
using Egress.Core;
using Egress.Index;

namespace Egress.Cli.Commands;

/// <summary>`egress check FILE`: the verdict on one export file.</summary>
public static class CheckCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The file to check." };
        var indexDir = new Option<string>("--index") { Description = "Cohort index folder.", Required = true };
        var project = new Option<string>("--project") { Description = "The exporting project.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of the readable report (the same as --format json)." };
        var format = new Option<string>("--format")
        {
            Description = "text (readable report), json (one JSON object), or acro (ACRO's results.json shape, for SACRO-Viewer).",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json", "acro");
        var policyFile = new Option<string?>("--policy") { Description = "Policy file (JSON); defaults apply to anything it leaves out." };
        var keyFile = new Option<string?>("--key-file") { Description = "The index's key file. Default: <index>.key beside the index folder." };
        var resultsDir = new Option<string?>("--results-dir")
        {
            Description = "With --format acro: also write a folder SACRO-Viewer opens (the file, results.json, config.json, checksums/).",
        };
        var acroVersion = new Option<string>("--acro-version")
        {
            Description = $"The ACRO version written into the results (ACRO's load_records accepts only its own). Default {AcroResults.Version}.",
            DefaultValueFactory = _ => AcroResults.Version,
        };
        var command = new Command("check", "Check one export file: release, review or block, with reasons.")
        {
            file, indexDir, project, json, format, policyFile, keyFile, resultsDir, acroVersion,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            // A path that is not there is the caller's slip, not an export to judge: a usage error, not a block.
            if (!File.Exists(path) && !Directory.Exists(path)) throw new UsageException($"no such file: {path}");
            var policy = PolicyOption.Load(parse.GetValue(policyFile));
            using var index = IndexOption.Open(parse.GetValue(indexDir)!, parse.GetValue(keyFile));
            var projectName = parse.GetValue(project)!;
            if (index.ProjectNumber(projectName) < 0)
                throw new UsageException($"project '{projectName}' is not in the index (it has {string.Join(", ", index.Projects.Select(p => p.Name))})");
            var report = new CheckEngine(index, policy).Check(path, projectName);
            var chosen = parse.GetValue(json) ? "json" : parse.GetValue(format);
            var acro = chosen == "acro"
                ? AcroResults.Json(report, $"egress check {Path.GetFileName(report.File)} --project {projectName} --format acro", version: parse.GetValue(acroVersion)!)
                : null;
            if (parse.GetValue(resultsDir) is { } folder)
            {
                if (acro is null) throw new UsageException("--results-dir needs --format acro");
                if (!File.Exists(path)) throw new UsageException("--results-dir needs a file, not a folder");
                AcroResultsFolder.Write(folder, path, acro + "\n", policy);
            }
            Console.Out.Write(chosen switch
            {
                "json" => ReportWriter.Json(report) + "\n",
                "acro" => acro + "\n",
                _ => ReportWriter.Text(report),
            });
            return report.Unreadable ? ExitCodes.Unreadable : ExitCodes.ForVerdict(report.Verdict);
        });
        return command;
    }
}

/// <summary>Opens the index named on the command line, turning problems into usage errors.</summary>
public static class IndexOption
{
    public static CohortIndex Open(string dir, string? keyFile)
    {
        if (!Directory.Exists(dir)) throw new UsageException($"no index folder at {dir} (build one with `egress index build`)");
        var keyPath = keyFile ?? IndexKey.DefaultPathFor(dir);
        if (!File.Exists(keyPath)) throw new UsageException($"no key file at {keyPath} (pass --key-file)");
        try
        {
            return CohortIndex.Open(dir, IndexKey.Load(keyPath));
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new UsageException(e.Message);
        }
    }
}

public static class PolicyOption
{
    public static Policy Load(string? path)
    {
        if (path is null) return Policy.Default;
        if (!File.Exists(path)) throw new UsageException($"no such policy file: {path}");
        try
        {
            return Policy.Load(path);
        }
        catch (PolicyException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
