using System.CommandLine;
using System.Globalization;
using Egress.Cohort;
using Egress.Cohort.Fingerprinting;
using Egress.Index;

namespace Egress.Cli.Commands;

/// <summary>`egress fingerprint detect|evaluate`: which fingerprinted projects a leak came from, and how well that works.</summary>
public static class FingerprintCommand
{
    public static Command Create()
    {
        var command = new Command("fingerprint", "Dataset fingerprinting: accuse the projects whose marked extracts a leak came from (docs/forensics.md).");
        command.Subcommands.Add(CreateEmbed());
        command.Subcommands.Add(CreateDetect());
        command.Subcommands.Add(CreateEvaluate());
        return command;
    }

    private static Command CreateDetect()
    {
        var files = new Argument<string[]>("files") { Description = "Leaked delimited tables (CSV/TSV, gzip or not).", Arity = ArgumentArity.OneOrMore };
        var cohortDir = new Option<string>("--cohort") { Description = "The cohort folder inside the TRE (master, manifest.json, linkage files).", Required = true };
        var keyFile = new Option<string>("--key-file") { Description = "The fingerprint key file the extracts were marked with.", Required = true };
        var epsilon = EpsilonOption();
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of the readable report." };
        var marked = new Option<string?>("--projects") { Description = "Comma-separated projects whose extracts were fingerprinted (default: as manifest.json says)." };
        var detect = new Command("detect", "Read the fingerprint out of leaked rows and score every project.") { files, cohortDir, keyFile, epsilon, json, marked };
        detect.SetAction(parse =>
        {
            var paths = parse.GetValue(files)!;
            foreach (var path in paths)
                if (!File.Exists(path)) throw new UsageException($"no such file: {path}");
            var report = Detect(paths, parse.GetValue(cohortDir)!, parse.GetValue(keyFile)!, parse.GetValue(epsilon), Names(parse.GetValue(marked)));
            if (report is null) return ExitCodes.Unreadable;
            Console.Out.Write(parse.GetValue(json) ? FingerprintReportWriter.Json(report) + "\n" : FingerprintReportWriter.Text(report));
            return 0;
        });
        return detect;
    }

    /// <summary>
    /// Detection as `trace --fingerprint-key` and `fingerprint detect` run it; null (the reason on stderr) when the
    /// cohort folder, the key or a leaked file cannot be read — the caller exits 3, never with a partial answer.
    /// </summary>
    public static FingerprintReport? Detect(IReadOnlyList<string> paths, string cohortDir, string keyFile, double epsilon, string[]? fingerprinted = null)
    {
        if (!Directory.Exists(cohortDir)) throw new UsageException($"no such cohort folder: {cohortDir}");
        if (!File.Exists(keyFile)) throw new UsageException($"no such key file: {keyFile}");
        try
        {
            var holdings = CohortHoldings.Read(cohortDir);
            if (fingerprinted is not null)
            {
                try { holdings = holdings.WithFingerprinted(fingerprinted); }
                catch (ArgumentException e) { throw new UsageException("--projects: " + e.Message); }
            }
            var code = new FingerprintCode(IndexKey.Load(keyFile), holdings.Cutoff ?? FingerprintCode.DefaultCutoff);
            var detector = new FingerprintDetector(code, holdings, epsilon);
            foreach (var path in paths) detector.Read(LeakTableReader.Rows(path));
            return detector.Report();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException or OverflowException
                                   or KeyNotFoundException or System.Text.Json.JsonException or InvalidOperationException)
        {
            Console.Error.WriteLine($"egress: fingerprint: {e.Message}");
            return null;
        }
    }

    private static Command CreateEmbed()
    {
        var extract = new Argument<string>("extract") { Description = "The project's extract as dispensed (CSV/TSV, header row, first column eid)." };
        var project = new Option<string>("--project") { Description = "The project the extract is for (its name keys its bits).", Required = true };
        var linkage = new Option<string>("--linkage") { Description = "The project's linkage file (master_eid,project_eid).", Required = true };
        var output = new Option<string>("--out") { Description = "The fingerprinted extract to write.", Required = true };
        var keyFile = new Option<string>("--key-file") { Description = "Fingerprint key file (created if missing; keep it apart from what is dispensed).", Required = true };
        var embed = new Command("embed", "Fingerprint an extract before it is dispensed: one extra digit below each measurement's precision.")
        {
            extract, project, linkage, output, keyFile,
        };
        embed.SetAction(parse =>
        {
            var input = parse.GetValue(extract)!;
            foreach (var path in new[] { input, parse.GetValue(linkage)! })
                if (!File.Exists(path)) throw new UsageException($"no such file: {path}");
            var code = new FingerprintCode(IndexKey.LoadOrCreate(parse.GetValue(keyFile)!));
            try
            {
                var result = ExtractEmbedder.Embed(code, parse.GetValue(project)!, input, CohortHoldings.ReadLinkage(parse.GetValue(linkage)!), parse.GetValue(output)!);
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0}: {1:N0} rows, {2:N0} measurement cells marked in {3} columns (cutoff t = {4:0.#####})",
                    parse.GetValue(output), result.Rows, result.CellsMarked, result.ColumnsMarked, code.Cutoff));
                return 0;
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or OverflowException)
            {
                // Fail closed: nothing was written, so no unmarked or half-marked extract can be dispensed.
                Console.Error.WriteLine($"egress: {e.Message}");
                return ExitCodes.Unreadable;
            }
        });
        return embed;
    }

    private static string[]? Names(string? list) => list?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static Option<double> EpsilonOption()
    {
        var epsilon = new Option<double>("--epsilon")
        {
            Description = "Bound on the probability that a given innocent project is accused.",
            DefaultValueFactory = _ => AccusationThreshold.DefaultEpsilon,
        };
        epsilon.Validators.Add(r =>
        {
            if (OptionValues.TryGet(r, out double value) && value is not (> 0 and < 1)) r.AddError("--epsilon must lie strictly between 0 and 1.");
        });
        return epsilon;
    }

    private static Command CreateEvaluate()
    {
        var participants = new Option<int>("--participants") { Description = "Cohort size.", DefaultValueFactory = _ => 50_000 };
        var projects = new Option<int>("--projects") { Description = "Projects, all fingerprinted.", DefaultValueFactory = _ => 10 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the cohort, the key and every leak.", DefaultValueFactory = _ => 1 };
        var trials = new Option<int>("--trials") { Description = "Leaks per scenario.", DefaultValueFactory = _ => 10 };
        var epsilon = EpsilonOption();
        var rowShares = new Option<string>("--rows") { Description = "Comma-separated shares of the colluders' rows leaked.", DefaultValueFactory = _ => "1,0.5,0.1,0.05,0.01,0.001" };
        var columnShares = new Option<string>("--columns") { Description = "Comma-separated shares of the columns kept.", DefaultValueFactory = _ => "1,0.333" };
        var evaluate = new Command("evaluate", "Measure detection and false accusation for 1–3 colluders over row sub-samples (seeded).")
        {
            participants, projects, seed, trials, epsilon, rowShares, columnShares,
        };
        evaluate.SetAction(parse =>
        {
            var n = parse.GetValue(projects);
            if (n < 4) throw new UsageException("--projects must be at least 4 (3 colluders and an innocent).");
            var s = parse.GetValue(seed);
            var cohort = CohortGenerator.Build(new CohortSpec(parse.GetValue(participants), n, s));
            var code = new FingerprintCode(IndexKey.FromBytes(EvaluationKey(s)));
            cohort = cohort.WithFingerprint(code, cohort.Projects.Select(p => p.Name));
            var evaluation = new FingerprintEvaluation(cohort, code, parse.GetValue(epsilon));
            var c = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Format(c, "{0:N0} participants, {1} projects (all fingerprinted), seed {2}, {3} leaks per row; cutoff t = {4:0.#####}, epsilon = {5:0.#E+0} per innocent project",
                cohort.Table.Count, n, s, parse.GetValue(trials), code.Cutoff, parse.GetValue(epsilon)));
            Console.WriteLine("colluders  strategy        rows  columns   leaked rows   cells read  undecided  >=1 accused  all accused  innocents accused  max innocent S/Z");
            var number = 0;
            foreach (var scenario in Scenarios(Shares(parse.GetValue(rowShares)!, "--rows"), Shares(parse.GetValue(columnShares)!, "--columns")))
            {
                var o = evaluation.Run(scenario, parse.GetValue(trials), s, number++);
                Console.WriteLine(string.Format(c, "{0,9}  {1,-14} {2,5:0.##}%  {3,6:0}%  {4,12:N0}  {5,11:N0}  {6,9}  {7,11}  {8,11}  {9,17}  {10,16:0.00}",
                    scenario.Colluders, scenario.Strategy == CollusionStrategy.Interleave ? "interleave" : "cell-random",
                    100 * scenario.RowFraction, 100 * scenario.ColumnFraction, o.MedianRows, o.MedianPositions, o.Undecided,
                    $"{o.CaughtAny}/{o.Trials}", $"{o.CaughtAll}/{o.Trials}", $"{o.InnocentsAccused}/{o.InnocentTests}", o.MaxInnocentScoreOverThreshold));
            }
            return 0;
        });
        return evaluate;
    }

    /// <summary>Per share of columns kept: 1–3 colluders × both strategies (one for a lone leaker) × each share of rows.</summary>
    private static IEnumerable<CollusionScenario> Scenarios(double[] rowShares, double[] columnShares)
    {
        foreach (var columns in columnShares)
            foreach (var colluders in new[] { 1, 2, 3 })
                foreach (var strategy in colluders == 1 ? [CollusionStrategy.Interleave] : new[] { CollusionStrategy.Interleave, CollusionStrategy.CellwiseRandom })
                    foreach (var rows in rowShares)
                        yield return new CollusionScenario(colluders, strategy, rows, columns);
    }

    private static double[] Shares(string list, string option)
    {
        var shares = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v is > 0 and <= 1 ? v : double.NaN).ToArray();
        if (shares.Length == 0 || shares.Any(double.IsNaN)) throw new UsageException($"{option} takes shares in (0, 1], comma-separated.");
        return shares;
    }

    /// <summary>A key fixed by the seed: evaluation only, never for real extracts.</summary>
    private static byte[] EvaluationKey(ulong seed)
    {
        var key = new byte[16];
        BitConverter.TryWriteBytes(key, seed);
        "fp-evaluation"u8[..8].CopyTo(key.AsSpan(8));
        return key;
    }
}
