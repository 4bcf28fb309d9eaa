using System.Diagnostics;
using Egress.Checks.Sdc;
using Egress.Checks.Tables;
using Egress.Core;
using Egress.Formats;
using Egress.Formats.Content;
using Egress.Formats.Encodings;
using Egress.Index;
using Egress.Checks.Risk;

namespace Egress.Checks;

/// <summary>
/// Checks one export file end to end: the size limit before a byte is read, then every layer
/// unpacked by content (archives, documents, encodings), every text and table part through the ID
/// and record detectors, every other part judged by what it is, and the policy's verdict. Fails
/// closed: anything that stops inspection — a limit, a timeout, damage — is a finding that blocks.
/// </summary>
public sealed partial class CheckEngine(CohortIndex index, Policy policy)
{
    public int Workers { get; init; } = Math.Max(1, Environment.ProcessorCount);
    public Unpacker Unpacker { get; init; } = ContentReaders.Unpacker();

    /// <summary>
    /// Leak forensics (`egress trace`): matched windows are attributed to every project that holds them,
    /// into this scan's tallies. Check with an empty project name so that no project is preferred.
    /// </summary>
    public Forensics.ForensicScan? Forensics { get; init; }

    public CheckReport Check(string path, string project) => CheckDetailed(path, project).Report;

    /// <summary>The report with the participants found and the tables' count cells (for a service's exposure and differencing).</summary>
    /// <param name="alongside">The other files submitted with this one (a request's): where the TRE's evidence for it may be.</param>
    public CheckOutcome CheckDetailed(string path, string project, IReadOnlyList<string>? alongside = null)
    {
        var clock = Stopwatch.StartNew();
        var findings = new List<Finding>();
        var participants = new ParticipantSet(index.Projects);
        var parts = new List<InspectedPart>();
        var tables = new List<AssessedTable>();
        var counts = new List<TableCounts>();
        long bytes = 0;
        var unreadable = false;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) throw new FileNotFoundException($"no such file: {path}");
            bytes = info.Length;
            var sizeFinding = LimitRules.CheckFileSize(bytes, policy.Limits);
            if (sizeFinding is not null) findings.Add(sizeFinding);
            else
            {
                Inspect([path], pooled: false, policy.Limits, project, bytes, clock, findings, participants, parts, tables, counts, alongside ?? []);
                // Damage before anything could be read: the input is unreadable, not merely suspect.
                unreadable = parts.Count > 0 && parts.All(p => p.Format == $"notice: {NoticeKind.Corrupt}");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            unreadable = true;
            findings.Add(OpaqueContentRule.Unreadable(e.Message));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Fail closed: a fault anywhere in reading or checking is a verdict, never a crash.
            findings.Add(InternalError(e, "whole file"));
        }
        var report = new CheckReport
        {
            File = path,
            Project = project,
            Verdict = VerdictRules.Combine(findings),
            Participants = participants.Count(),
            Findings = findings,
            Bytes = bytes,
            ElapsedMs = clock.ElapsedMilliseconds,
            Format = Describe(parts),
            Parts = parts,
            Unreadable = unreadable,
            Tables = tables,
        };
        return new CheckOutcome(report, participants, counts);
    }

    /// <param name="files">One file, or (pooled) the files of one request, inspected as one export whose parts are named by their file.</param>
    private void Inspect(IReadOnlyList<string> files, bool pooled, LimitsPolicy limits, string project, long fileBytes, Stopwatch clock, List<Finding> findings,
        ParticipantSet participants, List<InspectedPart> parts, List<AssessedTable> tables, List<TableCounts> counts, IReadOnlyList<string>? alongside = null)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Max(0.001, limits.TimeBudgetSeconds - clock.Elapsed.TotalSeconds)));
        var context = new UnpackContext(UnpackLimitsFrom(limits), cancel.Token);
        var root = pooled ? "" : Path.GetFileName(files[0]);
        var scanner = new TextScanner(index, policy, Workers) { Forensics = Forensics };
        var content = new ContentFindings(policy);
        var alleles = new MinorAlleleCountRule(policy.Gwas);
        var rowLevel = new RowLevelRule(index, project, policy.RowLevel);
        var rowLevelFindings = new PendingFindings();
        var disguised = new Disguise.DisguisedIdCollector();
        var measured = new List<(Disguise.MeasurementRows Rows, string Location)>();
        var plots = new List<(Disguise.MeasurementRows Rows, string Location, PlotMarks Plot)>();
        var tableReader = new TableReader(policy.Sdc);
        // Per-cell contributions exported beside the file (a sidecar) make dominance and p% exact; one that cannot be used is reviewed.
        var evidence = !pooled && policy.Sdc.AcceptTreEvidence;
        var (sidecar, sidecarInvalid) = evidence ? ContributionSidecar.Beside(files[0], alongside ?? []) : (null, null);
        if (sidecarInvalid is not null) findings.Add(sidecarInvalid);
        if (!pooled && ContributionSidecar.IsSidecar(files[0])) findings.Add(ContributionSidecar.NotForRelease(files[0]));
        var (acro, acroInvalid) = evidence ? AcroEvidence.Beside(files[0], policy.Sdc, alongside ?? []) : (null, null);
        if (acroInvalid is not null) findings.Add(acroInvalid);
        var sdc = new Sdc.FileTables(new SdcRules(policy.Sdc) { Evidence = sidecar, Acro = acro }, policy.Sdc);
        var scanned = new List<ScannedText>();
        // Narrow parts of equal length (one file per column) are aligned into tables after the walk; those tables are not read for SDC again.
        var narrow = new List<Structure.NarrowPartRows>();
        var aligned = new HashSet<Part>();
        ParticipantIdDetector? ids = null;
        ParticipantRecordDetector? records = null;
        ParticipantRecordDetector? expandedBar = null;
        try
        {
            foreach (var file in files)
            {
                foreach (var part in Unpacker.Walk(new FileSource(file), Path.GetFileName(file), context))
                {
                    Handle(part);
                    if (cancel.IsCancellationRequested) break;
                }
                // A note anywhere in the file (rounding) applies to all its tables: they are checked once it has been read.
                sdc.Flush(findings);
                if (cancel.IsCancellationRequested) break;
            }
            if (!cancel.IsCancellationRequested)
                foreach (var table in Structure.AlignedColumns.Build(narrow))
                {
                    aligned.Add(table);
                    Handle(table);
                    if (cancel.IsCancellationRequested) break;
                }
        }
        catch (OperationCanceledException) { }
        catch (InputLimitException e)
        {
            findings.Add(LimitRules.ExpandedTooLarge(e.Message, policy.Limits));
        }
        sdc.Flush(findings);
        findings.AddRange(sdc.Differencing());
        if (ids is not null && records is not null) Judge(scanned, ids, records, findings, participants);
        // IDs in disguise, pooled over every part: only when no ID was found as written (that finding says it all).
        if (ids is not null && !cancel.IsCancellationRequested && !findings.Any(f => f.Rule == ParticipantIdDetector.Rule))
            foreach (var (finding, who) in new Disguise.DisguisedIdRule(index, policy.ParticipantIds, project).Findings(disguised))
            {
                findings.Add(finding);
                participants.UnionWith(who);
            }
        // Records with blurred measurements: only when no record matched exactly.
        if (records is not null && !cancel.IsCancellationRequested && !findings.Any(f => f.Rule == ParticipantRecordDetector.Rule))
        {
            try
            {
                foreach (var (finding, who) in new Disguise.TolerantRecordRule(index, records, policy.ParticipantRecords).Findings(measured, project, cancel.Token))
                {
                    findings.Add(finding);
                    participants.UnionWith(who);
                }
            }
            catch (OperationCanceledException) { }
        }
        // Records with columns transformed (units, z-scores, logs, day numbers): unless most rows kept were matched already (a few
        // rows matched through the columns left as dispensed say little of how many people the transformed ones are). A finding
        // that names no participant the exact pass had not found says nothing new (its rows matched as written) and is left out.
        if (records is not null && !cancel.IsCancellationRequested &&
            2 * findings.Where(f => f.Rule == ParticipantRecordDetector.Rule).Sum(f => (long)f.Participants) < measured.Sum(m => (long)m.Rows.Rows.Count))
        {
            try
            {
                // A part inside the file whose rows matched as written is not read again under transforms: its rows are someone's
                // already, and readings tried on them only find the same people again, or their copies in other projects.
                var exporterMatched = findings.Any(f => f.Rule == ParticipantRecordDetector.Rule && f.Projects.Contains(project));
                var unmatched = measured.Where(m => m.Location == PartLocation.WholeFile.Whole ||
                    !findings.Any(f => f.Rule == ParticipantRecordDetector.Rule && NamesPart(f.Location, m.Location))).ToList();
                foreach (var (finding, who) in new Disguise.Transforms.TransformedRecordRule(index, records, policy.ParticipantRecords).Findings(unmatched, project, cancel.Token))
                {
                    // Rows of the exporter's own participants matched as written explain the export: readings that find other
                    // projects' copies of people there (through fields the projects share) add nothing but noise.
                    if (exporterMatched && !finding.Projects.Contains(project)) continue;
                    var before = participants.Count();
                    participants.UnionWith(who);
                    if (participants.Count() > before) findings.Add(finding);
                }
            }
            catch (OperationCanceledException) { }
        }
        // Plots' points as (x, y) pairs, pooled per plot; a scatter of many points that matches nobody is still looked at.
        if (records is not null && !cancel.IsCancellationRequested && plots.Count > 0)
        {
            try
            {
                foreach (var (finding, who) in new Disguise.PlotPointsRule(index, records, policy.ParticipantRecords).Findings(plots, project, cancel.Token))
                {
                    findings.Add(finding);
                    participants.UnionWith(who);
                }
            }
            catch (OperationCanceledException) { }
        }
        // Microdata that matched nobody is still one person per row: a person looks.
        if (!cancel.IsCancellationRequested && !findings.Any(f => f.Rule is ParticipantRecordDetector.Rule or Risk.RowLevelRisk.Rule))
        {
            var before = findings.Count;
            foreach (var (rows, location) in measured)
                if (Disguise.MicrodataRule.For(rows, location) is { } microdata) findings.Add(microdata);
            // Parts too short alone (a notebook's cells, a zip of tiny files) pooled when they have the same columns.
            if (findings.Count == before)
                foreach (var (rows, location) in Structure.StackedRows.Pool(measured))
                    if (Disguise.MicrodataRule.For(rows, location) is { } microdata) findings.Add(microdata);
        }
        rowLevelFindings.AddTo(findings);
        if (cancel.IsCancellationRequested && !findings.Any(f => f.Rule == LimitRules.TimeBudgetRule))
            findings.Add(LimitRules.TimeBudgetExceeded(parts.Sum(p => p.Bytes), limits));

        // One part: text and tables are scanned, and the encoded runs found in them walked as embedded
        // files one layer further down (a base64 of a gzip of a CSV is read); other parts are judged by what they are.
        void Handle(Part part)
        {
            var isRoot = part.Path == root;
            var narrowRows = part is TextPart or TablePart && !aligned.Contains(part) && narrow.Count < 4096 ? new Structure.NarrowPartRows(part.Path) : null;
            if (narrowRows is not null) narrow.Add(narrowRows);
            ParticipantRecordDetector? bar = null;
            if (part is TextPart or TablePart)
            {
                // The bar for deciding a row early depends on how much content the file can hold: the
                // file itself when it is plain text, the expansion cap when anything was unpacked or decoded.
                ids ??= new ParticipantIdDetector(index, policy.ParticipantIds, project);
                expandedBar ??= new ParticipantRecordDetector(index, policy.ParticipantRecords, project, Math.Max(fileBytes, limits.MaxExpandedBytes));
                bar = isRoot && part is TextPart ? new ParticipantRecordDetector(index, policy.ParticipantRecords, project, fileBytes) : expandedBar;
                records ??= bar;
            }
            var where = isRoot ? PartLocation.WholeFile : new PartLocation(part.Path);
            EncodedRunCollector? encoded = null;
            switch (part)
            {
                case TextPart text:
                {
                    encoded = EncodedRunCollector.For(Unpacker, context);
                    var rowsSeen = new Disguise.MeasurementRows(null, Disguise.TolerantRecordRule.MaxRows);
                    measured.Add((rowsSeen, where.Whole));
                    using var stream = Watched(new WatchedStream(rowLevel.Watch(alleles.Watch(text.Source.Open(), null, out var counter), null, out var rows), rowsSeen), narrowRows);
                    var result = scanner.Scan(stream, null, where, ids!, bar!, findings, cancel.Token, [encoded, disguised.Observe(where.Whole)]);
                    if (result is not null) scanned.Add(result);
                    if (alleles.For(counter, where) is { } lowCounts) findings.Add(lowCounts);
                    rowLevelFindings.Start(findings.Count, () => rowLevel.For(rows, where, cancel.Token));
                    parts.Add(new InspectedPart(part.Path, result?.Layout.Describe() ?? "empty", result?.Bytes ?? 0));
                    // Second, light pass: a small text part may be an aggregate output (decided by its size first).
                    // A figure's text (tick labels, legends) is not a table.
                    if (result is not null && !text.FigureText && tableReader.Qualifies(result.Bytes))
                        AssessTables(() => tableReader.Read(text.Source, result.Layout, where, part.Path, cancel.Token, sdc.Declare), where, sdc, findings, tables, counts);
                    break;
                }
                case TablePart table:
                {
                    encoded = EncodedRunCollector.For(Unpacker, context);
                    where = new PartLocation(isRoot ? null : part.Path, table.FirstRowNumber, table.RowNoun);
                    // Without a header from the reader, the rendered text is sniffed (a sheet's first row may be one).
                    var layout = table.Header is null ? null : TableText.LayoutFor(table, 0);
                    var rowsSeen = new Disguise.MeasurementRows(layout, Disguise.TolerantRecordRule.MaxRows);
                    measured.Add((rowsSeen, where.Whole));
                    if (table.Plot is { } plot) plots.Add((rowsSeen, where.Whole, plot));
                    using var stream = Watched(new WatchedStream(rowLevel.Watch(alleles.Watch(new TableText(table), TableText.Layout, out var counter), layout, out var rows), rowsSeen), narrowRows);
                    var result = scanner.Scan(stream, layout, where, ids!, bar!, findings, cancel.Token, [encoded, disguised.Observe(where.Whole)]);
                    if (result is not null) scanned.Add(result);
                    if (alleles.For(counter, where) is { } lowCounts) findings.Add(lowCounts);
                    rowLevelFindings.Start(findings.Count, () => rowLevel.For(rows, where, cancel.Token));
                    parts.Add(new InspectedPart(part.Path, "table", result?.Bytes ?? 0));
                    // A plot's points are marks, not a table of statistics: the pair rule judges them.
                    if (result is not null && table.Plot is null && tableReader.Qualifies(result.Bytes) && !aligned.Contains(part))
                        AssessTables(() => tableReader.Read(table, where, part.Path, cancel.Token, sdc.Declare), where, sdc, findings, tables, counts);
                    break;
                }
                default:
                    parts.Add(new InspectedPart(part.Path, Kind(part), PartBytes(part)));
                    if (content.For(part) is { } finding) findings.Add(finding);
                    break;
            }
            if (encoded is null || cancel.IsCancellationRequested) return;
            var runs = encoded.Finish();
            if (content.ForFragments(part.Path, runs) is { } fragments) findings.Add(fragments);
            var naming = new DecodedRunNames(part);
            foreach (var inner in DecodedRunParts.Walk(runs, part, naming.PathOf, Unpacker, context))
            {
                Handle(inner);
                if (cancel.IsCancellationRequested) return;
            }
        }
    }

    /// <summary>Whether one of a finding's "; "-separated places is the part, or lies in it ("part: lines 2–101").</summary>
    private static bool NamesPart(string findingLocation, string partLocation) =>
        findingLocation.Split("; ").Any(place => place == partLocation || place.StartsWith(partLocation + ":", StringComparison.Ordinal));

    public const string TableNotAssessedRule = "sdc-table-not-assessed";

    private static Stream Watched(Stream stream, IStreamWatcher? watcher) => watcher is null ? stream : new WatchedStream(stream, watcher);

    /// <summary>
    /// Applies the disclosure rules to the tables read from one part: aggregate tables through the SDC
    /// rules, row-level tables to the re-identification risk assessment. GWAS summary statistics have
    /// their own rule (minor allele count). A table that could not be read is said so, for review.
    /// </summary>
    private void AssessTables(Func<IReadOnlyList<TableModel>> read, PartLocation where, Sdc.FileTables sdc, List<Finding> findings, List<AssessedTable> tables,
        List<TableCounts> counts)
    {
        try
        {
            foreach (var table in read())
            {
                var id = $"table{tables.Count + 1}";
                tables.Add(Summary(id, table));
                var cells = TableCounts.From(table, id);
                if (cells is not null) counts.Add(cells);
                // Row-level tables were judged as they streamed past (RowLevelRule, with the cohort's population counts).
                if (table.Kind == TableKind.RowLevel) continue;
                if (GwasColumns.FromHeader(table.Header) is not null) continue;
                sdc.Add(table, id, cells, findings);
            }
        }
        catch (Exception e) when (e is not (OperationCanceledException or InputLimitException or OutOfMemoryException))
        {
            findings.Add(new Finding
            {
                Rule = TableNotAssessedRule,
                Severity = Severity.Review,
                Location = where.Whole,
                Message = $"The part could not be read as a table for the disclosure rules ({e.GetType().Name}); a person checks it.",
                Guidance = "Export the table as plain CSV with one header row.",
            });
        }
    }


    private static AssessedTable Summary(string id, TableModel table) => new(
        id, table.Source, SdcFinding.KindName(table.Kind), table.Layout, table.Locator.Whole, table.Header,
        // Row labels of row-level data may be people's values: only aggregate tables list them.
        table.Kind == TableKind.RowLevel ? [] : Enumerable.Range(0, Math.Min(table.RowCount, 1000)).Select(table.RowLabel).ToList(),
        table.LabelColumns)
    {
        // Where each row lies, so a results file can point a viewer at the cell it renders (ACRO results for SACRO-Viewer).
        RowLines = table.Kind == TableKind.RowLevel ? [] : [.. Enumerable.Range(0, Math.Min(table.RowCount, 1000)).Select(r => table.Locator.LineOf(r) ?? -1).TakeWhile(l => l > 0)],
        ResidualDf = table.Model?.ResidualDf,
    };

    /// <summary>The detectors' findings over every part: one ID test and one record bar for the whole export.</summary>
    private static void Judge(List<ScannedText> scanned, ParticipantIdDetector ids, ParticipantRecordDetector records, List<Finding> findings,
        ParticipantSet participants)
    {
        // The two detectors' findings are independent: build the records' on another core meanwhile.
        var recordFindings = Task.Run(() => records.Findings([.. scanned.SelectMany(s => s.Workers).Select(w => w.Records)]));
        foreach (var part in scanned)
        {
            foreach (var worker in part.Workers)
            {
                ids.CountRuns(worker.IdRunsTested - worker.IdRunCandidates.Count);
                foreach (var run in worker.IdRunCandidates) ids.Observe(run);
            }
            foreach (var column in MergeColumnRuns(part)) ids.Observe(column);
        }
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
    }

    private static IEnumerable<IdRun> MergeColumnRuns(ScannedText part)
    {
        var merged = new SortedDictionary<int, IdRun>();
        foreach (var worker in part.Workers)
            foreach (var (column, run) in worker.ColumnRuns)
            {
                if (!merged.TryGetValue(column, out var total))
                    merged[column] = total = new IdRun(part.Where.Column(column), run.Hits.Length, isColumn: true);
                total.Add(run);
            }
        return merged.Values;
    }

    private static Finding InternalError(Exception e, string location) => new()
    {
        Rule = "internal-error",
        Severity = Severity.Block,
        Location = location,
        Message = $"Checking stopped on an error ({e.GetType().Name}: {e.Message}); the content was not fully inspected.",
        Guidance = "Ask an output checker to look at the file; report the message to the TRE's operators.",
    };

    private static UnpackLimits UnpackLimitsFrom(LimitsPolicy limits) => new()
    {
        MaxDepth = limits.MaxDepth,
        MaxEntries = limits.MaxArchiveEntries,
        MaxExpandedBytes = limits.MaxExpandedBytes,
        MaxExpansionRatio = limits.MaxExpansionRatio,
        MaxInMemoryBytes = limits.MaxInMemoryBytes,
        MaxNesting = limits.MaxNesting,
    };

    private static string Kind(Part part) => part switch
    {
        OpaquePart => "not inspectable",
        EncryptedPart e => $"encrypted {e.Format}",
        IndividualLevelPart i => i.Format,
        ImagePart i => i.Format,
        FontPart f => f.KnownAs is null ? $"{f.Format} font" : $"{f.Format} font: {f.KnownAs}",
        Notice n => $"notice: {n.Kind}",
        _ => part.GetType().Name,
    };

    private static long PartBytes(Part part) => part switch
    {
        OpaquePart o => o.Bytes,
        EncryptedPart e => e.Bytes,
        IndividualLevelPart i => i.Bytes,
        ImagePart i => i.Bytes,
        FontPart f => f.Bytes,
        _ => 0,
    };

    /// <summary>"delimited text (…)" for a plain file; the parts' kinds for anything unpacked.</summary>
    private static string Describe(List<InspectedPart> parts) => parts.Count switch
    {
        0 => "empty",
        1 => parts[0].Format,
        _ => $"{parts.Count} parts: " + string.Join(", ", parts.GroupBy(p => p.Format).Select(g => g.Count() == 1 ? g.Key : $"{g.Count()}× {g.Key}").Take(6)),
    };
}
