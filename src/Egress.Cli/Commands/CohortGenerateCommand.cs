using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Egress.Cohort;

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

        command.SetAction(parse =>
        {
            var spec = new CohortSpec(parse.GetValue(participants), parse.GetValue(projects), parse.GetValue(seed), parse.GetValue(gzip));
            if (spec.Problem() is { } problem) throw new UsageException(problem); // backstop; validators catch these first
            var directory = parse.GetValue(output)!;
            if (File.Exists(directory.FullName)) throw new UsageException($"--out '{directory.FullName}' is a file, not a directory.");

            var clock = Stopwatch.StartNew();
            var result = CohortGenerator.Generate(spec, directory.FullName);
            PrintSummary(result, clock.Elapsed);
            return ExitCodes.Release;
        });
        return command;
    }

    private static void RequireRange(Option<int> option, int min, int max) =>
        option.Validators.Add(result =>
        {
            int value = result.GetValueOrDefault<int>();
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
