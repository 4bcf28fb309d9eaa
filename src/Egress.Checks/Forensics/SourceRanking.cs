using System.Diagnostics;
using Egress.Core;
using Egress.Index;

namespace Egress.Checks.Forensics;

/// <summary>
/// Turns what a trace read into ranked candidates: the record bar for the windows scanned, the source
/// mixture over the records' patterns, the per-project counts behind it, IDs and field names, and a
/// confidence from the evidence bits (docs/forensics.md).
/// </summary>
public sealed class SourceRanking(CohortIndex index, ParticipantRecordPolicy recordPolicy)
{
    /// <summary>A project is named a source at this confidence or above.</summary>
    public const double NamingConfidence = 0.99;
    /// <summary>…and with at least this share of the leak (smaller shares are reported, not named).</summary>
    public const double NamingShare = 0.005;

    public TraceReport Rank(ForensicScan scan, int[] ids, List<string> notRead, IReadOnlyList<string> files, long bytes, int parts, Stopwatch clock)
    {
        var projects = index.Projects;
        var windows = scan.Windows;
        var bar = new ParticipantRecordDetector(index, recordPolicy, "", 1).Threshold(windows);
        var tally = scan.Merged();
        var counted = tally.Patterns.Where(kv => kv.Key.Bits >= bar).ToList();
        var groups = counted.GroupBy(kv => kv.Key.Explaining).Select(g => (g.Key, g.Sum(kv => kv.Value))).ToList();
        var mixture = new SourceMixture(groups, projects.Count);
        long matched = counted.Sum(kv => kv.Value);
        long unexplained = counted.Where(kv => kv.Key.Explaining == 0).Sum(kv => kv.Value);
        var columns = scan.Columns;
        var notDispensed = FieldNameEvidence.NotDispensed(columns, projects);
        var idTotal = ids.Sum();
        var candidates = new List<TraceCandidate>();
        for (var q = 0; q < projects.Count; q++)
        {
            var bit = 1UL << q;
            long held = 0, only = 0, others = 0, beyond = 0;
            foreach (var (pattern, count) in counted)
            {
                if ((pattern.Explaining & bit) != 0) held += count;
                if (pattern.Explaining == bit) only += count;
                if ((pattern.Absent & bit) != 0) others += count;
                else if ((pattern.Explaining & bit) == 0) beyond += count;
            }
            var participants = Math.Max(tally.Participants(q, (float)bar), ids[q]);
            if (participants == 0 && held == 0) continue;
            // Each ID of the project found in an ID list is a coincidence of probability ρ (its ID density).
            var idBits = ids[q] * Math.Log2(1 / Math.Max(1e-12, projects[q].IdDensity()));
            var evidenceBits = mixture.Bits[q] + idBits;
            var share = matched > 0 ? mixture.Shares[q]
                : idTotal > 0 ? (double)ids[q] / idTotal : 0;
            var score = Confidence(evidenceBits);
            candidates.Add(new TraceCandidate
            {
                Project = projects[q].Name,
                Score = Math.Round(score, 6),
                Named = score >= NamingConfidence && share >= NamingShare,
                Participants = participants,
                Share = Math.Round(share, 4),
                Evidence = new TraceEvidence
                {
                    Bits = Math.Round(evidenceBits, 1),
                    RecordsHeld = held,
                    RecordsOnlyHere = only,
                    RecordsOfOthers = others,
                    RecordsBeyondFields = beyond,
                    Ids = ids[q],
                    FieldsNotDispensed = notDispensed[q],
                },
            });
        }
        return new TraceReport
        {
            Files = files,
            Bytes = bytes,
            ElapsedMs = clock.ElapsedMilliseconds,
            Candidates = [.. candidates.OrderByDescending(c => c.Score).ThenByDescending(c => c.Share).ThenByDescending(c => c.Participants)],
            RecordsMatched = matched,
            RecordsUnexplained = unexplained,
            OutsideShare = Math.Round(matched > 0 ? mixture.OutsideShare : 0, 4),
            StrayRate = Math.Round(mixture.StrayRate, 4),
            RecordBarBits = Math.Round(bar, 1),
            WindowsScanned = windows,
            CohortFieldsNamed = FieldNameEvidence.CohortFieldsNamed(columns, projects),
            NotRead = notRead,
            PartsRead = parts,
        };
    }

    /// <summary>Before any evidence, a project is taken as this likely to be a source of a given leak (a sceptical prior).</summary>
    public const double PriorProbability = 0.01;

    /// <summary>The posterior probability that the project contributed, from its evidence bits and the sceptical prior.</summary>
    public static double Confidence(double bits)
    {
        var against = (1 - PriorProbability) / PriorProbability * Math.Pow(2, -Math.Min(bits, 1000));
        return 1 / (1 + against);
    }
}
