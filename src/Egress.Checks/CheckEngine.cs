using System.Diagnostics;
using Egress.Core;
using Egress.Formats;
using Egress.Index;

namespace Egress.Checks;

/// <summary>
/// Checks one export file end to end: limits, then layout by content, then every row through the ID
/// and record detectors (in parallel blocks), then the policy's verdict. Fails closed: anything that
/// stops inspection — a limit, a timeout, a read error — is a finding that blocks.
/// </summary>
public sealed class CheckEngine(CohortIndex index, Policy policy)
{
    public int Workers { get; init; } = Math.Max(1, Environment.ProcessorCount);

    public CheckReport Check(string path, string project)
    {
        var clock = Stopwatch.StartNew();
        var findings = new List<Finding>();
        var participants = new ParticipantSet(index.Projects);
        long bytes = 0;
        var format = "";
        var unreadable = false;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) throw new FileNotFoundException($"no such file: {path}");
            bytes = info.Length;
            var sizeFinding = LimitRules.CheckFileSize(bytes, policy.Limits);
            if (sizeFinding is not null) findings.Add(sizeFinding);
            else format = Scan(path, project, bytes, clock, findings, participants);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            unreadable = true;
            findings.Add(OpaqueContentRule.Unreadable(e.Message));
        }
        return new CheckReport
        {
            File = path,
            Project = project,
            Verdict = VerdictRules.Combine(findings),
            Participants = participants.Count(),
            Findings = findings,
            Bytes = bytes,
            ElapsedMs = clock.ElapsedMilliseconds,
            Format = format,
            Unreadable = unreadable,
        };
    }

    private string Scan(string path, string project, long fileBytes, Stopwatch clock, List<Finding> findings, ParticipantSet participants)
    {
        using var stream = InputOpener.Open(path, policy.Limits.MaxExpandedBytes, out var compressed);
        var reader = new BlockReader(stream, quoteAware: true);
        TextBlock? first;
        try
        {
            first = reader.Next();
        }
        catch (InputLimitException e)
        {
            findings.Add(LimitRules.ExpandedTooLarge(e.Message, policy.Limits));
            return compressed ? "gzip" : "";
        }
        if (first is null) return "empty";
        var wholeFile = !compressed && first.Length == fileBytes;
        var layout = LayoutSniffer.Sniff(first.Span[..Math.Min(first.Length, 1 << 16)], isWholeFile: first.Length <= 1 << 16);
        var format = (compressed ? "gzip, " : "") + layout.Describe();
        if (layout.Kind == LayoutKind.Binary)
        {
            findings.Add(OpaqueContentRule.Binary(fileBytes, policy.OpaqueContent));
            first.Dispose();
            return format;
        }

        var contentBytes = compressed ? Math.Max(fileBytes, policy.Limits.MaxExpandedBytes) : fileBytes;
        var ids = new ParticipantIdDetector(index, policy.ParticipantIds, project);
        var records = new ParticipantRecordDetector(index, policy.ParticipantRecords, project, contentBytes);
        var columnNames = ColumnNames(first.Span, layout);
        var smallTable = layout.Kind is LayoutKind.Delimited or LayoutKind.Whitespace
                         && first.Length < 4 << 20 && first.Span.Count((byte)'\n') <= policy.ParticipantRecords.TransposedMaxRows + 1;
        var workers = Enumerable.Range(0, Workers).Select(_ => new ScanWorker(index, ids, records, layout)).ToList();
        if (smallTable) workers.ForEach(w => w.RowsForColumns = []);

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Max(0.001, policy.Limits.TimeBudgetSeconds - clock.Elapsed.TotalSeconds)));
        var (_, failure) = RunPipeline(first, reader, workers, cancel.Token);
        if (failure is not null) findings.Add(failure);

        if (smallTable && failure is null)
            workers[0].MatchColumns(workers.SelectMany(w => w.RowsForColumns!).SelectMany(r => r.Hits).GroupBy(h => h.Column));

        // The two detectors' findings are independent: build the records' on another core meanwhile.
        var recordFindings = Task.Run(() => records.Findings([.. workers.Select(w => w.Records)],
            c => c < columnNames.Count ? columnNames[c] : $"column {c + 1}").ToList());
        foreach (var worker in workers)
        {
            ids.CountRuns(worker.IdRunsTested - worker.IdRunCandidates.Count);
            foreach (var run in worker.IdRunCandidates) ids.Observe(run);
        }
        foreach (var column in MergeColumnRuns(workers, columnNames)) ids.Observe(column);
        foreach (var (finding, who) in ids.Findings())
        {
            findings.Add(finding);
            participants.UnionWith(who);
        }
        foreach (var (finding, who) in recordFindings.GetAwaiter().GetResult())
        {
            findings.Add(finding);
            participants.UnionWith(who);
        }
        return format;
    }

    /// <summary>
    /// Scans the blocks on the workers. Each worker takes the next block from the reader itself (under a
    /// lock; reading is far faster than scanning), so no thread spins waiting on a queue.
    /// Returns bytes read and what stopped the scan, if anything.
    /// </summary>
    private (long Bytes, Finding? Failure) RunPipeline(TextBlock first, BlockReader reader, List<ScanWorker> workers, CancellationToken cancel)
    {
        var gate = new object();
        TextBlock? pending = first;
        long bytes = 0;
        long line = 1;
        Finding? failure = null;
        Exception? error = null;

        (TextBlock Block, long Line)? Take()
        {
            lock (gate)
            {
                if (failure is not null || error is not null || cancel.IsCancellationRequested) return null;
                try
                {
                    var block = pending ?? reader.Next();
                    pending = null;
                    if (block is null) return null;
                    var at = line;
                    bytes += block.Length;
                    line += block.Span.Count((byte)'\n');
                    return (block, at);
                }
                catch (InputLimitException e) { failure = LimitRules.ExpandedTooLarge(e.Message, policy.Limits); }
                catch (InvalidDataException e) { failure = OpaqueContentRule.Unreadable($"corrupt compressed content ({e.Message})"); }
                catch (IOException e) { failure = OpaqueContentRule.Unreadable(e.Message); }
                return null;
            }
        }

        var threads = workers.Select(worker => new Thread(() =>
        {
            try
            {
                while (Take() is { } next)
                    using (next.Block)
                        worker.Scan(next.Block.Span, next.Line, cancel);
                worker.Flush();
            }
            catch (OperationCanceledException) { }
            catch (Exception e) { lock (gate) error ??= e; }
        }) { IsBackground = true, Name = "egress-scan" }).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        pending?.Dispose();
        if (failure is null && cancel.IsCancellationRequested) failure = LimitRules.TimeBudgetExceeded(bytes, policy.Limits);
        if (error is not null)
            failure ??= new Finding
            {
                Rule = "internal-error",
                Severity = Severity.Block,
                Location = "whole file",
                Message = $"Checking stopped on an internal error ({error.GetType().Name}: {error.Message}); the file was not fully inspected.",
            };
        return (bytes, failure);
    }

    private static IEnumerable<IdRun> MergeColumnRuns(List<ScanWorker> workers, IReadOnlyList<string> names)
    {
        var merged = new SortedDictionary<int, IdRun>();
        foreach (var worker in workers)
            foreach (var (column, run) in worker.ColumnRuns)
            {
                if (!merged.TryGetValue(column, out var total))
                {
                    var label = column < names.Count ? $"column {column + 1} '{names[column]}'" : $"column {column + 1}";
                    merged[column] = total = new IdRun(label, run.Hits.Length);
                }
                total.Add(run);
            }
        return merged.Values;
    }

    private static IReadOnlyList<string> ColumnNames(ReadOnlySpan<byte> block, TextLayout layout)
    {
        if (layout.Kind is not (LayoutKind.Delimited or LayoutKind.Whitespace) || !layout.HasHeader) return [];
        return HeaderRow.Read(block, layout, out _).Select(name => name.Length > 40 ? name[..40] + "…" : name).ToList();
    }
}
