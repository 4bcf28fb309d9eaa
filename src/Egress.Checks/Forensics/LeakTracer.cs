using System.Diagnostics;
using Egress.Core;
using Egress.Index;

namespace Egress.Checks.Forensics;

/// <summary>
/// Leak forensics: reads files found outside with the check engine (every format, every layer, no
/// project preferred), each matched record attributed to the projects whose extracts hold it in full,
/// and hands what was read to <see cref="SourceRanking"/>. IDs found in ID lists count for their project.
/// </summary>
public sealed class LeakTracer(CohortIndex index, Policy policy)
{
    public int Workers { get; init; } = Math.Max(1, Environment.ProcessorCount);

    public TraceReport Trace(IReadOnlyList<string> files)
    {
        var clock = Stopwatch.StartNew();
        var scan = new ForensicScan(index);
        var ids = new int[index.Projects.Count];
        var notRead = new List<string>();
        long bytes = 0;
        var parts = 0;
        foreach (var file in files)
        {
            var size = File.Exists(file) ? new FileInfo(file).Length : 0;
            var engine = new CheckEngine(index, ForensicPolicy.For(policy, size)) { Forensics = scan, Workers = Workers };
            // No exporting project: every project is weighed alike.
            var report = engine.Check(file, project: "");
            bytes += report.Bytes;
            parts += report.Parts.Count;
            foreach (var finding in report.Findings)
            {
                if (finding.Rule == ParticipantIdDetector.Rule)
                    foreach (var name in finding.Projects)
                        if (index.ProjectNumber(name) is var p and >= 0) ids[p] += finding.Participants;
                if (StoppedReading(finding)) notRead.Add($"{file}: {finding.Location}: {finding.Message}");
            }
        }
        return new SourceRanking(index, policy.ParticipantRecords).Rank(scan, ids, notRead, files, bytes, parts, clock);
    }

    /// <summary>Findings that mean part of the content was not read: the trace is then a lower bound.</summary>
    private static bool StoppedReading(Finding finding) =>
        finding.Rule is "internal-error" or ParticipantRecordDetector.IncompleteRule or LimitRules.FileSizeRule or LimitRules.ExpandedSizeRule
            or LimitRules.TimeBudgetRule or OpaqueContentRule.Rule or "unreadable-input" or ContentFindings.EncryptedRule or ContentFindings.UnpackLimitRule;
}
