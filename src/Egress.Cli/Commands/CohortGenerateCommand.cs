using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Egress.Cohort;
using Egress.Cohort.Fingerprinting;
using Egress.Index;

namespace Egress.Cli.Commands;

/// <summary>`egress cohort generate`: writes a synthetic cohort (see docs/cohort-format.md).</summary>
public static class CohortGenerateCommand
{
    public static Command Create()
    {
        var command = new Command("generate", "Write a synthetic UK Biobank-like master cohort and per-project extracts.");
        var participants = new Option<int>("--participants") { Description = "Participants in the master cohort.", DefaultValueFactory = _ => 10_000 };
        var projects = new Option<int>("--projects") { Description = "Number of project extracts (A, B, C, ...).", DefaultValueFactory = _ => 3 };
        var seed = new Option<ulong>("--seed") { Description = "Seed; the same arguments always give identical files.", DefaultValueFactory = _ => 1 };
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory to write (created if needed).", Required = true };
        var gzip = new Option<bool>("--gzip") { Description = "Write .csv.gz instead of .csv." };
        var fingerprintKey = new Option<string?>("--fingerprint-key")
        {
            Description = "Fingerprint the extracts with this key file (created if missing; keep it outside the cohort folder). Off by default.",
        };
        var fingerprintProjects = new Option<string?>("--fingerprint-projects")
        {
            Description = "Comma-separated projects to fingerprint (default with --fingerprint-key: all).",
        };
        // Range checks as validators make them parse errors, which CommandRunner reports with exit code 2.
        // (Exceptions thrown from an action are caught by System.CommandLine's default handler first.)
        RequireRange(participants, 1, CohortSpec.MaxParticipants);
        RequireRange(projects, 1, int.MaxValue);
        output.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<DirectoryInfo>() is { } dir && File.Exists(dir.FullName))
                result.AddError($"--out '{dir.FullName}' is a file, not a directory.");
        });
        command.Options.Add(participants);
        command.Options.Add(projects);
        command.Options.Add(seed);
        command.Options.Add(output);
        command.Options.Add(gzip);
        command.Options.Add(fingerprintKey);
        command.Options.Add(fingerprintProjects);

        command.SetAction(parse =>
        {
            var spec = new CohortSpec(parse.GetValue(participants), parse.GetValue(projects), parse.GetValue(seed), parse.GetValue(gzip));
            if (spec.Problem() is { } problem) throw new UsageException(problem); // backstop; validators catch these first
            var directory = parse.GetValue(output)!;
            if (File.Exists(directory.FullName)) throw new UsageException($"--out '{directory.FullName}' is a file, not a directory.");

            var clock = Stopwatch.StartNew();
            var cohort = CohortGenerator.Build(spec);
            if (parse.GetValue(fingerprintKey) is { } keyPath)
            {
                if (Path.GetFullPath(keyPath).StartsWith(directory.FullName.TrimEnd('/') + "/", StringComparison.Ordinal))
                    throw new UsageException("the fingerprint key file must not be inside the cohort folder (the extracts leave; the key must not).");
                cohort = Fingerprint(cohort, keyPath, parse.GetValue(fingerprintProjects));
            }
            else if (parse.GetValue(fingerprintProjects) is not null)
                throw new UsageException("--fingerprint-projects needs --fingerprint-key.");
            var result = cohort.WriteTo(directory.FullName);
            PrintSummary(result, clock.Elapsed);
            return ExitCodes.Release;
        });
        return command;
    }

    private static GeneratedCohort Fingerprint(GeneratedCohort cohort, string keyPath, string? projects)
    {
        var names = projects is null
            ? cohort.Projects.Select(p => p.Name).ToArray()
            : projects.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var name in names)
            if (cohort.Projects.All(p => p.Name != name)) throw new UsageException($"--fingerprint-projects: no project '{name}'.");
        var code = new FingerprintCode(IndexKey.LoadOrCreate(keyPath));
        Console.WriteLine($"Fingerprinting {string.Join(", ", names)} with key {keyPath} (cutoff t = {code.Cutoff.ToString("0.#####", CultureInfo.InvariantCulture)}).");
        return cohort.WithFingerprint(code, names);
    }

    private static void RequireRange(Option<int> option, int min, int max) =>
        option.Validators.Add(result =>
        {
            if (!OptionValues.TryGet(result, out int value)) return;
            if (value < min) result.AddError($"{option.Name} must be at least {min}.");
            else if (value > max) result.AddError($"{option.Name} must be at most {max}.");
        });

    private static void PrintSummary(CohortResult result, TimeSpan elapsed)
    {
        var inv = CultureInfo.InvariantCulture;
        var files = result.Files.ToList();
        Console.WriteLine(string.Format(inv, "Cohort: seed {0}, {1:N0} participants, {2} project(s) -> {3}",
            result.Spec.Seed, result.Spec.Participants, result.Projects.Count, result.Directory));
        foreach (var file in files)
            Console.WriteLine(string.Format(inv, "  {0,-24} {1,12:N0} rows {2,10:N1} MB", Path.GetFileName(file.Path), file.Rows, file.Bytes / 1e6));
        Console.WriteLine(string.Format(inv, "  {0,-24}", Path.GetFileName(result.ManifestPath)));
        Console.WriteLine(string.Format(inv, "{0} files, {1:N0} rows, {2:N1} MB in {3:N1} s",
            files.Count + 1, files.Sum(f => (long)f.Rows), result.TotalBytes / 1e6, elapsed.TotalSeconds));
    }
}
