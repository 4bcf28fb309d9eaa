using Egress.Core;
using Egress.Formats;

namespace Egress.Checks;

/// <summary>What scanning one text part left for the detectors: the workers' runs and matches.</summary>
public sealed record ScannedText(IReadOnlyList<ScanWorker> Workers, PartLocation Where, TextLayout Layout, long Bytes);

/// <summary>
/// Scans one stream of text — a file, an archive entry, a rendered table — through the scan workers
/// in parallel blocks. Each worker takes the next block from the reader itself (under a lock;
/// reading is far faster than scanning), so no thread spins waiting on a queue.
/// </summary>
public sealed class TextScanner(Egress.Index.CohortIndex index, Policy policy, int workers)
{
    /// <summary>Leak forensics (`egress trace`): when set, every worker attributes its matches to projects.</summary>
    public Forensics.ForensicScan? Forensics { get; init; }

    /// <summary>
    /// Scans the stream; <paramref name="layout"/> is sniffed from the first block when not given.
    /// Returns null for empty content; adds to <paramref name="findings"/> what stopped the scan, if anything.
    /// </summary>
    /// <param name="observers">
    /// Shown each block as it is scanned, on the worker that scans it: the encoded runs' collector (base64, hex, dumps,
    /// URL-encoding, quoted-printable), the disguised IDs' tokenizer.
    /// </param>
    public ScannedText? Scan(Stream stream, TextLayout? layout, PartLocation where, ParticipantIdDetector ids, ParticipantRecordDetector records,
        List<Finding> findings, CancellationToken cancel, IReadOnlyList<IBlockObserver>? observers = null)
    {
        var reader = new BlockReader(stream, quoteAware: true);
        TextBlock? first;
        try
        {
            first = reader.Next();
        }
        catch (InputLimitException e)
        {
            findings.Add(LimitRules.ExpandedTooLarge(e.Message, policy.Limits) with { Location = where.Whole });
            return null;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException)
        {
            findings.Add(OpaqueContentRule.Unreadable($"damaged content ({e.Message})") with { Location = where.Whole });
            return null;
        }
        if (first is null) return null;
        layout ??= LayoutSniffer.Sniff(first.Span[..Math.Min(first.Length, 1 << 16)], isWholeFile: first.Length <= 1 << 16);
        if (layout.Kind == LayoutKind.Binary)
        {
            findings.Add(OpaqueContentRule.Binary(first.Length, policy.OpaqueContent) with { Location = where.Whole });
            first.Dispose();
            return null;
        }
        if (layout.Kind is LayoutKind.Delimited or LayoutKind.Whitespace && layout.Columns == 0)
            layout = layout with { Columns = HeaderRow.Read(first.Span, layout with { HasHeader = true }, out _).Count };
        where = where.WithColumnNames(ColumnNames(first.Span, layout));
        var smallTable = layout.Kind is LayoutKind.Delimited or LayoutKind.Whitespace
                         && first.Length < 4 << 20 && first.Span.Count((byte)'\n') <= policy.ParticipantRecords.TransposedMaxRows + 1;
        // Content of one block (a small file, an archive entry, a decoded run) is scanned by one worker on this thread.
        var scanners = Enumerable.Range(0, reader.AtEnd ? 1 : workers).Select(i => new ScanWorker(index, ids, records, layout, where, Scratch(i))).ToList();
        if (smallTable) scanners.ForEach(w => w.RowsForColumns = []);
        if (Forensics is not null)
        {
            scanners.ForEach(w => w.Attribute(Forensics));
            Forensics.NoteColumns(ColumnNames(first.Span, layout));
        }

        var (bytes, failure) = Run(first, reader, scanners, observers ?? [], cancel);
        if (failure is not null) findings.Add(failure with { Location = where.Within(failure.Location) });
        else if (smallTable)
            scanners[0].MatchColumns(scanners.SelectMany(w => w.RowsForColumns!).SelectMany(r => r.Hits).GroupBy(h => h.Column));
        return new ScannedText(scanners, where, layout, bytes);
    }

    private (long Bytes, Finding? Failure) Run(TextBlock first, BlockReader reader, List<ScanWorker> scanners, IReadOnlyList<IBlockObserver> observers,
        CancellationToken cancel)
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
                catch (InvalidDataException e) { failure = OpaqueContentRule.Unreadable($"damaged content ({e.Message})"); }
                catch (IOException e) { failure = OpaqueContentRule.Unreadable(e.Message); }
                catch (OperationCanceledException) { }
                catch (Exception e) { error = e; }
                return null;
            }
        }

        void Work(ScanWorker worker)
        {
            try
            {
                while (Take() is { } next)
                    using (next.Block)
                    {
                        worker.Scan(next.Block.Span, next.Line, cancel);
                        foreach (var observer in observers) observer.Observe(next.Block, next.Line);
                    }
                worker.Flush();
            }
            catch (OperationCanceledException) { }
            catch (Exception e) { lock (gate) error ??= e; }
        }

        if (scanners.Count == 1) Work(scanners[0]);
        else
        {
            var threads = scanners.Select(worker => new Thread(() => Work(worker)) { IsBackground = true, Name = "egress-scan" }).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
        }
        pending?.Dispose();
        if (failure is null && cancel.IsCancellationRequested) failure = LimitRules.TimeBudgetExceeded(bytes, policy.Limits);
        if (error is not null)
            failure ??= new Finding
            {
                Rule = "internal-error",
                Severity = Severity.Block,
                Location = "whole file",
                Message = $"Checking stopped on an internal error ({error.GetType().Name}: {error.Message}); the content was not fully inspected.",
            };
        return (bytes, failure);
    }

    private readonly ScanScratch?[] _scratch = new ScanScratch?[workers];

    /// <summary>Worker <paramref name="i"/>'s working memory, kept from part to part (parts are scanned one at a time).</summary>
    private ScanScratch Scratch(int i) => _scratch[i] ??= new ScanScratch(index);

    private static IReadOnlyList<string> ColumnNames(ReadOnlySpan<byte> block, TextLayout layout)
    {
        if (layout.Kind is not (LayoutKind.Delimited or LayoutKind.Whitespace) || !layout.HasHeader) return [];
        return HeaderRow.Read(block, layout, out _).Select(name => name.Length > 40 ? name[..40] + "…" : name).ToList();
    }
}
