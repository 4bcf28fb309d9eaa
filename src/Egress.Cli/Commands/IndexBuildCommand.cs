using System.CommandLine;
using Egress.Index;
using Spectre.Console;

namespace Egress.Cli.Commands;

/// <summary>`egress index build`: keyed-hash index of project extracts.</summary>
public static class IndexBuildCommand
{
    public static Command Create()
    {
        var extracts = new Option<string[]>("--extract")
        {
            Description = "A project's extract as NAME=PATH (CSV/TSV, gzip or not); repeat for each project.",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var output = new Option<string>("--out") { Description = "Folder to write the index to.", Required = true };
        var keyFile = new Option<string?>("--key-file") { Description = "Secret key file (created if missing). Default: <out>.key beside the index folder." };
        var maxPostings = new Option<int>("--max-postings")
        {
            Description = "Values held by more participants of a project than this keep only a count.",
            DefaultValueFactory = _ => IndexBuilder.DefaultMaxPostings,
        };
        var command = new Command("build", "Build a cohort index (keyed hashes only, no plaintext) from project extracts. " +
                                           "For the airlock, build into its data folder: --out DATA/index (the key goes to DATA/index.key). " + RebuildHelp)
        {
            extracts, output, keyFile, maxPostings,
        };
        command.SetAction(parse =>
        {
            var sources = parse.GetValue(extracts)!.Select(ParseExtract).ToList();
            var outDir = parse.GetValue(output)!;
            var keyPath = parse.GetValue(keyFile) ?? IndexKey.DefaultPathFor(outDir);
            if (Path.GetFullPath(keyPath).StartsWith(Path.GetFullPath(outDir).TrimEnd('/') + "/", StringComparison.Ordinal))
                throw new UsageException("the key file must not be inside the index folder");
            var key = IndexKey.LoadOrCreate(keyPath);
            var builder = new IndexBuilder(key, parse.GetValue(maxPostings));
            var manifest = BuildWithProgress(builder, sources, outDir);
            Console.WriteLine($"index: {outDir} ({manifest.SizeBytes / 1e6:0.0} MB, {manifest.DistinctValues:N0} distinct rare values, {manifest.Postings:N0} postings, {manifest.QiCombinations:N0} quasi-identifier combinations)");
            foreach (var p in manifest.Projects)
                Console.WriteLine($"  project {p.Name}: {p.Participants:N0} participants, {p.Columns.Count} columns, ID digits {string.Join("/", p.IdDigits)}");
            Console.WriteLine($"key: {keyPath} (fingerprint {key.Fingerprint})");
            Console.WriteLine($"built in {manifest.BuildSeconds:0.0} s");
            return 0;
        });
        var index = new Command("index", "Cohort index commands. The airlock's is DATA/index (key DATA/index.key); `egress index build --help` says how to rebuild it.");
        index.Subcommands.Add(command);
        index.Subcommands.Add(CreateInfo());
        return index;
    }

    /// <summary>How to replace the airlock's index when the cohort changes (also in docs/airlock.md).</summary>
    public const string RebuildHelp =
        "When the cohort changes, rebuild beside the old index with the same key, then swap while the service is stopped: " +
        "egress index build --extract A=… --extract B=… --out DATA/index.new --key-file DATA/index.key; stop egress serve and workers; " +
        "mv DATA/index DATA/index.old; mv DATA/index.new DATA/index; start them again (they load the index at start).";

    /// <summary>`egress index info`: opens an index (timing the load) and prints what it holds.</summary>
    private static Command CreateInfo()
    {
        var dir = new Option<string>("--index") { Description = "Cohort index folder.", Required = true };
        var keyFile = new Option<string?>("--key-file") { Description = "The index's key file. Default: <index>.key." };
        var info = new Command("info", "Open an index and print its projects, size and load time.") { dir, keyFile };
        info.SetAction(parse =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var index = IndexOption.Open(parse.GetValue(dir)!, parse.GetValue(keyFile));
            var loadMs = clock.Elapsed.TotalMilliseconds;
            var m = index.Manifest;
            Console.WriteLine($"index {index.Directory}: version {m.Version}, built {m.CreatedUtc:u} in {m.BuildSeconds:0.0} s, {m.SizeBytes / 1e6:0.0} MB");
            Console.WriteLine($"  {m.DistinctValues:N0} distinct values held by at most {m.MaxPostings:N0} participants of a project; {m.Postings:N0} postings; {m.QiCombinations:N0} quasi-identifier combinations");
            foreach (var p in m.Projects)
                Console.WriteLine($"  project {p.Name}: {p.Participants:N0} participants, {p.Columns.Count} columns, ID digits {string.Join("/", p.IdDigits)}");
            Console.WriteLine($"loaded in {loadMs:0.0} ms");
            return 0;
        });
        return info;
    }

    private static ExtractSource ParseExtract(string text)
    {
        var eq = text.IndexOf('=');
        if (eq <= 0 || eq == text.Length - 1) throw new UsageException($"--extract takes NAME=PATH, got '{text}'");
        var path = text[(eq + 1)..];
        if (!File.Exists(path)) throw new UsageException($"no such extract file: {path}");
        return new ExtractSource(text[..eq], path);
    }

    private static IndexManifest BuildWithProgress(IndexBuilder builder, List<ExtractSource> sources, string outDir)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            var lastReported = new Dictionary<string, int>();
            return builder.Build(sources, outDir, p =>
            {
                var percent = p.TotalBytes > 0 ? (int)(100 * p.Bytes / p.TotalBytes) / 25 * 25 : 0;
                var key = p.Project + p.Stage;
                lock (lastReported)
                {
                    if (lastReported.TryGetValue(key, out var last) && last >= percent) return;
                    lastReported[key] = percent;
                }
                Console.WriteLine(p.Stage == "reading"
                    ? $"project {p.Project} ({p.ProjectNumber}/{p.ProjectCount}): reading {percent}%"
                    : p.Project.Length > 0 ? $"project {p.Project}: {p.Stage}" : p.Stage);
            });
        }
        IndexManifest? manifest = null;
        AnsiConsole.Progress().Start(ctx =>
        {
            var task = ctx.AddTask("building index", maxValue: sources.Count * 100);
            manifest = builder.Build(sources, outDir, p =>
            {
                var part = p.TotalBytes > 0 ? 90.0 * p.Bytes / p.TotalBytes : 0;
                if (p.Stage == "sorting") part = 95;
                task.Description = $"{p.Stage} {p.Project}".Trim();
                task.Value = Math.Max(task.Value, (p.ProjectNumber - 1) * 100 + part);
            });
            task.Value = task.MaxValue;
        });
        return manifest!;
    }
}
