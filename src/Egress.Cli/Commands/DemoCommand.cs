using System.CommandLine;
using System.Diagnostics;
using Egress.Checks;
using Egress.Cohort;
using Egress.Cohort.Outputs;
using Egress.Core;
using Egress.Index;

namespace Egress.Cli.Commands;

/// <summary>
/// `egress demo`: a guided tour in one command. Generates a small cohort, indexes it, writes a few
/// exports a researcher might try — legitimate results and leaks — and checks each one.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var dir = new Option<string>("--dir") { Description = "Folder for the demo's cohort, index and files.", DefaultValueFactory = _ => Path.Combine(".egress", "demo") };
        var participants = new Option<int>("--participants") { Description = "Participants in the demo cohort.", DefaultValueFactory = _ => 20_000 };
        var command = new Command("demo", "Generate a demo cohort and index, then check a few legitimate and leaking exports.") { dir, participants };
        command.SetAction(parse => Run(parse.GetValue(dir)!, parse.GetValue(participants)));
        return command;
    }

    private static int Run(string dir, int participants)
    {
        if (participants is < 100 or > 1_000_000) throw new UsageException("--participants must be between 100 and 1,000,000");
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(dir);
        var cohortDir = Path.Combine(dir, "cohort");
        var files = CohortGenerator.Generate(new CohortSpec(participants, 3, Seed: 2026), cohortDir);
        Console.WriteLine($"cohort: {participants:N0} participants, projects {string.Join(", ", files.Projects.Select(p => p.Name))} → {cohortDir}");
        var indexDir = Path.Combine(dir, "index");
        var key = IndexKey.LoadOrCreate(IndexKey.DefaultPathFor(indexDir));
        var manifest = new IndexBuilder(key).Build(files.Projects.Select(p => new ExtractSource(p.Name, p.Extract.Path)).ToList(), indexDir);
        Console.WriteLine($"index: {manifest.SizeBytes / 1e6:0.0} MB of keyed hashes → {indexDir}");

        var exports = Path.Combine(dir, "exports");
        Directory.CreateDirectory(exports);
        var legit = LegitimateOutputGenerator.Generate(cohortDir, Path.Combine(dir, "outputs"), 8, 1);
        var samples = legit.Select(o => (o.FullPath, $"legitimate {o.Kind}")).ToList();
        samples.AddRange(WriteLeaks(files, exports));

        Console.WriteLine();
        Console.WriteLine($"{"verdict",-8} {"exit",4}  {"what it is",-46} file");
        using var index = CohortIndex.Open(indexDir, key);
        var engine = new CheckEngine(index, Policy.Default);
        foreach (var (path, what) in samples)
        {
            var report = engine.Check(path, "A");
            Console.WriteLine($"{report.Verdict.Name(),-8} {ExitCodes.ForVerdict(report.Verdict),4}  {what,-46} {Path.GetRelativePath(dir, path)}");
            foreach (var f in report.Findings)
                Console.WriteLine($"{"",15}{f.Rule}: {f.Message}");
        }
        Console.WriteLine();
        Console.WriteLine($"done in {clock.Elapsed.TotalSeconds:0.0} s. Try: ./egress check {Path.Combine(exports, "slice-no-ids.csv")} --index {indexDir} --project A");
        return 0;
    }

    /// <summary>Exports that must not leave: rows with IDs dropped, another project's IDs, a transposed record.</summary>
    private static IEnumerable<(string Path, string What)> WriteLeaks(CohortResult files, string exports)
    {
        var extractA = File.ReadLines(files.Project("A").Extract.Path).Take(301).ToList();
        var noIds = Path.Combine(exports, "slice-no-ids.csv");
        File.WriteAllLines(noIds, extractA.Select(l => l[(l.IndexOf(',') + 1)..]));
        yield return (noIds, "leak: 300 rows of A, IDs dropped");

        var idsOfB = Path.Combine(exports, "ids-of-project-b.txt");
        File.WriteAllLines(idsOfB, File.ReadLines(files.Project("B").Extract.Path).Skip(1).Take(500).Select(l => l[..l.IndexOf(',')]));
        yield return (idsOfB, "leak: 500 participant IDs of project B");

        var header = extractA[0].Split(',');
        var row = extractA[1].Split(',');
        var transposed = Path.Combine(exports, "one-participant-transposed.csv");
        File.WriteAllLines(transposed, header.Zip(row).Skip(1).Where(p => p.Second.Length > 0).Select(p => $"{p.First},{p.Second}"));
        yield return (transposed, "leak: one participant's record, transposed");
    }
}
