using System.CommandLine;
using Egress.Checks.Risk;
using Egress.Core;
using Egress.Formats;
using Egress.Formats.Content;
using Egress.Index;

namespace Egress.Cli.Commands;

/// <summary>
/// `egress risk FILE`: the re-identification risk of row-level data, per record (f_k, F_k, individual risk)
/// and for the file (k-anonymity violations, sample uniques, expected re-identifications), so the
/// measures can be compared with other tools' (sdcMicro's measure_risk). Exit codes: 20 when the table
/// is row-level data by its quasi-identifiers or has sample uniques on the keys (never released), 10 when
/// some records share their key with fewer than four others, 0 otherwise; 2 for usage errors, 3 when the
/// file has no readable table.
/// </summary>
public static class RiskCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The row-level table (CSV, TSV, XLSX, JSON, … also inside an archive: the first table with the keys)." };
        var keys = new Option<string?>("--keys") { Description = "Key (quasi-identifier) columns by name, comma-separated. Default: the detected quasi-identifiers." };
        var weight = new Option<string?>("--weight") { Description = "Sampling-weight column: F_k is then the sum of weights (sdcMicro's estimate)." };
        var indexDir = new Option<string?>("--index") { Description = "Cohort index folder: F_k is then the cohort's exact count (needs --project)." };
        var project = new Option<string?>("--project") { Description = "The project whose cohort is the population." };
        var keyFile = new Option<string?>("--key-file") { Description = "The index's key file. Default: <index>.key beside the index folder." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: every record's fk, Fk and risk, and the global figures." };
        var sensitive = new Option<string?>("--sensitive") { Description = "A sensitive column: also each record's l-diversity of it within its key combination (sdcMicro's ldiversity)." };
        var maxRows = new Option<int>("--max-rows") { Description = "Records read at most (the first ones); the rest are counted only.", DefaultValueFactory = _ => 1_000_000 };
        var suda = new Option<bool>("--suda") { Description = "Also each record's SUDA and DIS-SUDA score (sdcMicro's suda2; at most 12 keys)." };
        var command = new Command("risk", "Re-identification risk of row-level data: per record f_k, F_k and risk; k-anonymity and expected re-identifications.")
        {
            file, keys, weight, indexDir, project, keyFile, json, sensitive, suda, maxRows,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path)) throw new UsageException($"no such file: {path}");
            var dir = parse.GetValue(indexDir);
            var projectName = parse.GetValue(project);
            if (dir is not null && projectName is null) throw new UsageException("--index needs --project (the project whose cohort is the population)");
            var policy = Policy.Default;
            var wanted = parse.GetValue(keys)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            // The first table that has the keys asked for (a workbook's notes sheet is skipped), or any quasi-identifiers.
            if (parse.GetValue(maxRows) < 1) throw new UsageException("--max-rows must be at least 1");
            var table = Read(path, policy, parse.GetValue(maxRows), t => wanted is null
                ? QuasiIdentifierDetector.Detect(t.Header, t.Rows).Count > 0
                : wanted.All(k => t.Names.Any(n => string.Equals(n, k, StringComparison.OrdinalIgnoreCase))));
            if (table is null)
            {
                Console.Error.WriteLine($"egress: {path} holds no table that can be read as rows");
                return ExitCodes.Unreadable;
            }
            var names = table.Names;
            var detected = QuasiIdentifierDetector.Detect(table.Header, table.Rows);
            var keyColumns = parse.GetValue(keys) is { } named ? Columns(named, names) : detected.Select(d => d.Column).ToList();
            if (keyColumns.Count == 0)
                throw new UsageException("no quasi-identifier columns recognised in the table; name the key columns with --keys");
            var weightColumn = parse.GetValue(weight) is { } w ? Columns(w, names).Single() : (int?)null;
            RiskResult result;
            try
            {
                if (dir is not null)
                {
                    if (weightColumn is not null) Console.Error.WriteLine("egress: --weight is ignored with --index: the cohort's exact counts replace the weighted estimate");
                    using var index = IndexOption.Open(dir, parse.GetValue(keyFile));
                    if (index.ProjectNumber(projectName!) < 0)
                        throw new UsageException($"project '{projectName}' is not in the index (it has {string.Join(", ", index.Projects.Select(p => p.Name))})");
                    var recognised = KeyKinds(keyColumns, names, table.Rows, detected);
                    result = CohortRiskCalculator.Measure(names, table.Rows, keyColumns, recognised, index, projectName!);
                }
                else result = RiskCalculator.Measure(names, table.Rows, keyColumns, weightColumn);
            }
            catch (InvalidDataException e)
            {
                Console.Error.WriteLine($"egress: {e.Message}");
                return ExitCodes.Unreadable;
            }
            var classification = RowLevelClassifier.Classify(table.Header, table.Rows, policy.RowLevel.MinRows);
            var exit = ExitCode(result, classification);
            var extras = new RiskExtras();
            var codes = KeyCodes.From(table.Rows, keyColumns);
            if (parse.GetValue(sensitive) is { } s)
            {
                var column = Columns(s, names).Single();
                extras = extras with
                {
                    Sensitive = names[column],
                    LDiversity = LDiversityCalculator.Compute(codes, table.Rows.Select(r => column < r.Count ? r[column] : null).ToList()),
                };
            }
            if (parse.GetValue(suda))
            {
                if (keyColumns.Count > Suda2.MaxKeys) throw new UsageException($"--suda takes at most {Suda2.MaxKeys} keys");
                extras = extras with { Suda = Suda2.Compute(codes) };
            }
            Console.Out.Write(parse.GetValue(json)
                ? RiskReportWriter.Json(path, table, result, classification, exit, extras) + "\n"
                : RiskReportWriter.Text(path, table, result, classification, exit, extras));
            return exit;
        });
        return command;
    }

    /// <summary>Row-level data is never released: judged row-level, or anyone unique on the keys, is a block.</summary>
    public static int ExitCode(RiskResult result, RowLevelClassification classification)
    {
        if (classification.IsRowLevel || result.Global.SampleUniques > 0) return ExitCodes.Block;
        return result.Global.KAnonymityViolations[5] > 0 ? ExitCodes.Review : ExitCodes.Release;
    }

    private static PartTable? Read(string path, Policy policy, int maxRows, Func<PartTable, bool> fits)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(policy.Limits.TimeBudgetSeconds));
        var context = new UnpackContext(new UnpackLimits
        {
            MaxDepth = policy.Limits.MaxDepth,
            MaxEntries = policy.Limits.MaxArchiveEntries,
            MaxExpandedBytes = policy.Limits.MaxExpandedBytes,
            MaxExpansionRatio = policy.Limits.MaxExpansionRatio,
            MaxInMemoryBytes = policy.Limits.MaxInMemoryBytes,
            MaxNesting = policy.Limits.MaxNesting,
        }, cancel.Token);
        try
        {
            var parts = ContentReaders.Unpacker().Walk(new FileSource(path), Path.GetFileName(path), context);
            return PartTable.FirstOf(parts, maxRows, fits, cancel.Token);
        }
        catch (Exception e) when (e is InputLimitException or InvalidDataException or IOException or OperationCanceledException)
        {
            Console.Error.WriteLine($"egress: {path}: {e.Message}");
            return null;
        }
    }

    /// <summary>Columns named on the command line: exact names first, else ignoring case.</summary>
    private static List<int> Columns(string list, IReadOnlyList<string> names)
    {
        var columns = new List<int>();
        foreach (var raw in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var c = names.ToList().FindIndex(n => n == raw);
            if (c < 0) c = names.ToList().FindIndex(n => string.Equals(n, raw, StringComparison.OrdinalIgnoreCase));
            if (c < 0) throw new UsageException($"no column '{raw}' (the table has {string.Join(", ", names.Take(30))}{(names.Count > 30 ? ", …" : "")})");
            if (!columns.Contains(c)) columns.Add(c);
        }
        return columns;
    }

    /// <summary>What the chosen keys are, as far as header or values tell: the ones the index can count.</summary>
    private static List<QuasiIdentifierColumn> KeyKinds(List<int> keyColumns, IReadOnlyList<string> names, IReadOnlyList<IReadOnlyList<string>> rows,
        IReadOnlyList<QuasiIdentifierColumn> detected)
    {
        var kinds = new List<QuasiIdentifierColumn>();
        foreach (var c in keyColumns)
        {
            if (detected.FirstOrDefault(d => d.Column == c) is { } known) kinds.Add(known);
            else if (ValueDomainProbe.Recognise(ColumnValues.Of(rows, c, QuasiIdentifierDetector.SampleRows)) is { } byValues)
                kinds.Add(new QuasiIdentifierColumn(c, names[c], byValues, DetectionBasis.ValueDomain));
        }
        return kinds;
    }
}
