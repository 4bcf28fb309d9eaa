using System.CommandLine;
using Egress.Cohort.Outputs;

namespace Egress.Cli.Commands;

/// <summary>`egress cohort outputs`: writes legitimate aggregate outputs computed from a generated cohort.</summary>
public static class CohortOutputsCommand
{
    public static Command Create()
    {
        var command = new Command("outputs", "Write legitimate aggregate research outputs computed from a generated cohort.");
        var cohort = new Option<string>("--cohort") { Description = "Cohort folder holding master.csv (from `egress cohort generate`).", Required = true };
        var output = new Option<string>("--out") { Description = "Folder to write the outputs and index.tsv into.", Required = true };
        var count = new Option<int>("--count") { Description = "Number of outputs to write.", DefaultValueFactory = _ => 240 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed; the same seed and cohort give the same outputs.", DefaultValueFactory = _ => 1 };
        command.Options.Add(cohort);
        command.Options.Add(output);
        command.Options.Add(count);
        command.Options.Add(seed);
        // Checked as parse errors, which the runner reports with the usage exit code (2). A UsageException thrown
        // from the action would be caught by System.CommandLine's default exception handler first (exit 1).
        cohort.Validators.Add(result =>
        {
            string? dir = result.GetValueOrDefault<string>();
            if (dir is null) return;
            string master = Path.Combine(dir, MasterCohortReader.FileName);
            if (!Directory.Exists(dir)) result.AddError($"--cohort {dir}: no such folder");
            else if (!File.Exists(master) && !File.Exists(master + ".gz")) result.AddError($"--cohort {dir}: no {MasterCohortReader.FileName} in it");
        });
        count.Validators.Add(result =>
        {
            if (OptionValues.TryGet(result, out int n) && n < 1) result.AddError("--count must be at least 1");
        });
        command.SetAction(parse =>
        {
            string cohortDir = parse.GetValue(cohort)!;
            string outDir = parse.GetValue(output)!;
            int n = parse.GetValue(count);
            var started = System.Diagnostics.Stopwatch.StartNew();
            var written = LegitimateOutputGenerator.Generate(cohortDir, outDir, n, parse.GetValue(seed));
            var byKind = written.GroupBy(o => o.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key.Name()} {g.Count()}");
            Console.WriteLine($"wrote {written.Count} outputs to {outDir} in {started.Elapsed.TotalSeconds:F1} s ({string.Join(", ", byKind)}); index: {Path.Combine(outDir, LegitimateOutputGenerator.IndexFileName)}");
            return 0;
        });
        return command;
    }
}
