using System.CommandLine;
using Egress.Checks.Forensics;

namespace Egress.Cli.Commands;

/// <summary>`egress trace FILE…`: which projects a leaked file came from.</summary>
public static class TraceCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "Files found outside (any format `check` reads).", Arity = ArgumentArity.OneOrMore };
        var indexDir = new Option<string>("--index") { Description = "Cohort index folder.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of the readable report." };
        var policyFile = new Option<string?>("--policy") { Description = "Policy file (JSON): unpacking limits and the record bar." };
        var keyFile = new Option<string?>("--key-file") { Description = "The index's key file. Default: <index>.key beside the index folder." };
        var fingerprintKey = new Option<string?>("--fingerprint-key") { Description = "Also read the dataset fingerprint with this key (needs --cohort); adds a \"fingerprint\" section." };
        var cohortDir = new Option<string?>("--cohort") { Description = "The cohort folder inside the TRE (master, manifest, linkage), to align leaked rows for --fingerprint-key." };
        var epsilon = FingerprintCommand.EpsilonOption();
        var command = new Command("trace", "Leak forensics: rank the projects a leaked file's IDs and records came from, with a confidence.")
        {
            files, indexDir, json, policyFile, keyFile, fingerprintKey, cohortDir, epsilon,
        };
        command.SetAction(parse =>
        {
            var policy = PolicyOption.Load(parse.GetValue(policyFile));
            if ((parse.GetValue(fingerprintKey) is null) != (parse.GetValue(cohortDir) is null))
                throw new UsageException("--fingerprint-key and --cohort go together.");
            var paths = parse.GetValue(files)!;
            foreach (var path in paths)
                if (!File.Exists(path)) throw new UsageException($"no such file: {path}");
            using var index = IndexOption.Open(parse.GetValue(indexDir)!, parse.GetValue(keyFile));
            if (index.Projects.Count > ForensicScan.MaxProjects)
                throw new UsageException($"trace compares at most {ForensicScan.MaxProjects} projects; the index has {index.Projects.Count}");
            var report = new LeakTracer(index, policy).Trace(paths);
            var fingerprint = parse.GetValue(fingerprintKey) is { } key
                ? FingerprintCommand.Detect(paths, parse.GetValue(cohortDir)!, key, parse.GetValue(epsilon))
                : null;
            if (parse.GetValue(fingerprintKey) is not null && fingerprint is null) return ExitCodes.Unreadable;
            Console.Out.Write(parse.GetValue(json) ? TraceReportWriter.Json(report, fingerprint) + "\n" : TraceReportWriter.Text(report, fingerprint));
            // Fail closed: a trace that could not read everything says so in its exit code too.
            return report.NotRead.Count > 0 ? ExitCodes.Unreadable : 0;
        });
        return command;
    }
}
