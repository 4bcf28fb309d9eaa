using System.Globalization;
using Egress.Core;
using Egress.Formats;
using Egress.Index;

namespace Egress.Checks.Disguise;

/// <summary>
/// Records whose measurements were blurred: a last digit moved by one, a value scaled by 1 ± 0.1 %, a value
/// rounded across a bin boundary. Run only where the exact pass matched no record. Each decimal cell stands for
/// a window — one unit of its last place, or (a second try, one bit dearer) 0.1 % of its value if wider — looked up as every bin of
/// the finest precision the index holds at which the window spans at most five; a participant who holds a value
/// in the window of a cell is credited log2(N / the participants who hold any value in it), the probability mass
/// of the whole window, not of one value. A row is a record when one participant's credits pass the same bar as
/// an exact match (log2(R·N/α) + margin) after the penalty for which cells were chosen, so values drawn from the
/// cohort's own distributions stay below it as exact ones do.
/// </summary>
public sealed class TolerantRecordRule(CohortIndex index, ParticipantRecordDetector bar, ParticipantRecordPolicy policy)
{
    public const string Tolerance = "a last digit ±1, or ±0.1 %";
    /// <summary>Rows looked at per part.</summary>
    public const int MaxRows = 2000;
    /// <summary>Rows looked at over all parts of one export.</summary>
    public const int MaxRowsPerExport = 20_000;
    /// <summary>Participants followed from a row's two rarest windows.</summary>
    private const int MaxCandidates = 256;
    /// <summary>Participants of the rarest window looked at to find them.</summary>
    private const int MaxLooked = 8192;
    /// <summary>The same for wide windows (a cell read several ways), followed through three windows.</summary>
    private const int WideLooked = 1 << 16;
    private const int WideCandidates = 2048;
    private const int MaxBins = 5;
    private const double RelativeTolerance = 0.001;
    /// <summary>
    /// Bits over the exact pass's bar: measured on real released outputs and legitimate look-alikes, windows of one row
    /// (an estimate and its bounds, related measures) are matched together by one participant more often than their
    /// sizes alone say.
    /// </summary>
    public const double DependenceMarginBits = 8;
    /// <summary>Fewest windows one participant must hold for a row to be theirs.</summary>
    private const int MinHeldWindows = 4;

    /// <summary>The bins one cell stands for, with who holds a value in them per project.</summary>
    internal sealed record Window(int Column, List<IndexEntry>[] Entries, int[] Counts, ulong[] Bins);

    public IEnumerable<(Finding Finding, ParticipantSet Participants)> Findings(IReadOnlyList<(MeasurementRows Rows, string Location)> parts,
        string exporter, CancellationToken cancel)
    {
        var rowsTotal = parts.Sum(p => (long)p.Rows.Rows.Count + p.Rows.MoreRows);
        // Two tolerances are tried on each row (a last digit, then 0.1 %): one bit more for the choice; and a margin, as the
        // windows of one row are not independent (a person's related measurements sit in neighbouring windows together).
        var enough = bar.Threshold(Math.Max(1, rowsTotal)) + 1 + DependenceMarginBits;
        var exporterNumber = index.ProjectNumber(exporter);
        var byProject = new Dictionary<int, (ParticipantSet Who, List<string> Where, int Rows, double Bits)>();
        var budget = MaxRowsPerExport;
        foreach (var (rows, location) in parts)
        {
            foreach (var row in rows.Rows.Take(MaxRows))
            {
                if (budget-- <= 0) break;
                cancel.ThrowIfCancellationRequested();
                if ((Match(row, enough, exporterNumber, 0) ?? Match(row, enough, exporterNumber, RelativeTolerance)) is not { } match) continue;
                if (!byProject.TryGetValue(match.Project, out var f)) f = (new ParticipantSet(index.Projects), [], 0, 0);
                f.Who.Add(match.Project, match.Ordinal);
                if (!f.Where.Contains(location)) f.Where.Add(location);
                byProject[match.Project] = (f.Who, f.Where, f.Rows + 1, Math.Max(f.Bits, match.Bits));
            }
        }
        foreach (var (p, f) in byProject)
        {
            var project = index.Projects[p];
            var other = exporter != "" && project.Name != exporter;
            var count = f.Who.Count(p);
            yield return (new Finding
            {
                Rule = ParticipantRecordDetector.Rule,
                Severity = policy.Severity,
                Location = Locations.Summarise(f.Where),
                Message = $"{count:N0} participants' records of project {project.Name}, with their measurements blurred ({Tolerance}): " +
                          $"{f.Rows:N0} rows match within that tolerance" + (other ? $" — another project than the exporter ({exporter})" : ""),
                Participants = count,
                Projects = [project.Name],
                Evidence = new Dictionary<string, object>
                {
                    ["tolerance"] = Tolerance,
                    ["rows"] = f.Rows,
                    ["bestBits"] = Math.Round(f.Bits, 1),
                    ["barBits"] = Math.Round(enough, 1),
                    ["otherProject"] = other,
                },
                Guidance = "Participants' records may not leave the environment, even with their values changed a little: small noise or " +
                           "rounding leaves each person's combination of values as identifying as before. Export aggregate results instead.",
            }, f.Who);
        }
    }

    internal readonly record struct RowMatch(int Project, uint Ordinal, double Bits);

    private RowMatch? Match(string[] row, double enough, int exporter, double relative)
    {
        var windows = new List<Window>();
        for (var c = 0; c < row.Length; c++)
            if (WindowOf(row[c], c, relative) is { } w) windows.Add(w);
        return Match(windows, enough, exporter);
    }

    /// <summary>The participant whose values fall in the most informative of a row's windows, if past <paramref name="enough"/> bits.</summary>
    /// <param name="wide">Windows that each stand for many values: follow many more participants of the rarest, those also in the second and third rarest.</param>
    internal RowMatch? Match(IReadOnlyList<Window> cells, double enough, int exporter, bool wide = false)
    {
        // One value of a participant's can fall in one window only: repeated or overlapping windows (equal or near values in a
        // row) are counted once, or a participant holding one value would be credited for each copy.
        var windows = new List<Window>();
        var bins = new HashSet<ulong>();
        foreach (var w in cells)
            if (!w.Bins.Any(bins.Contains))
            {
                windows.Add(w);
                bins.UnionWith(w.Bins);
            }
        if (windows.Count < MinHeldWindows) return null;
        RowMatch? best = null;
        RowMatch? exporters = null;
        for (var p = 0; p < index.Projects.Count; p++)
        {
            var held = windows.Where(w => w.Counts[p] > 0).OrderBy(w => w.Counts[p]).ToList();
            if (held.Count < MinHeldWindows) continue;
            // The choice of which cells matched is among those someone of the project holds: a window nobody holds (a value the
            // index does not keep, a code of another form) is in no participant's match, so adds no choice.
            var width = held.Count;
            // The most the row could weigh for this project, from the window sizes alone: most rows of an aggregate table
            // stop here, before any participant is looked at.
            var participants = Math.Max(1, index.Projects[p].Participants);
            if (held.Sum(w => Math.Max(0, Math.Log2(participants / (double)w.Counts[p]))) < enough)
                continue;
            // The participant is in every window: those of the rarest that the second rarest holds too.
            var candidates = wide
                ? Candidates(held[0].Entries[p], held[1].Entries[p], held[2].Entries[p], WideLooked, WideCandidates)
                : Candidates(held[0].Entries[p], held[1].Entries[p], null, MaxLooked, MaxCandidates);
            foreach (var ordinal in candidates)
            {
                double bits = 0;
                var matched = 0;
                foreach (var w in held)
                {
                    if (!w.Entries[p].Any(e => index.Holds(e, ordinal))) continue;
                    matched++;
                    bits += Math.Max(0, Math.Log2(participants / (double)w.Counts[p]));
                }
                // Which cells of the row matched is a choice among C(width, matched).
                bits -= Combinatorics.Log2Binomial(width, matched);
                if (matched < MinHeldWindows || bits < enough) continue;
                var match = new RowMatch(p, ordinal, bits);
                if (best is null || bits > best.Value.Bits) best = match;
                if (p == exporter && (exporters is null || bits > exporters.Value.Bits)) exporters = match;
            }
        }
        // The same person dispensed to several projects matches in each: the exporter's own copy explains the row.
        best = exporters ?? best;
        return best;
    }

    /// <summary>Participants holding a value in the rarest window who also hold one in the second rarest (bounded).</summary>
    private List<uint> Candidates(List<IndexEntry> rarest, List<IndexEntry> second, List<IndexEntry>? third, int maxLooked, int maxCandidates)
    {
        var candidates = new List<uint>();
        var looked = 0;
        foreach (var e in rarest)
        {
            var ordinals = e.Count == 1 ? [e.Word1] : index.Postings(e).ToArray();
            foreach (var o in ordinals)
            {
                if (++looked > maxLooked || candidates.Count >= maxCandidates) return candidates;
                if (second.Any(s => index.Holds(s, o)) && (third is null || third.Any(t => index.Holds(t, o)))) candidates.Add(o);
            }
        }
        return candidates;
    }

    /// <summary>A decimal cell's plain tolerance window (a last digit ±1), or null.</summary>
    internal Window? WindowOf(string cell, int column) => WindowOf(cell, column, 0);

    /// <summary>A window of the given keyed hashes of canonical values (a cell mapped back to the cohort's form).</summary>
    internal Window WindowOfHashes(int column, IReadOnlyList<ulong> hashes)
    {
        var entries = Enumerable.Range(0, index.Projects.Count).Select(_ => new List<IndexEntry>()).ToArray();
        var counts = new int[index.Projects.Count];
        foreach (var hash in hashes)
        {
            if (!index.TryFindSlot(hash, out var slot)) continue;
            for (var e = 0u; e < slot.EntryCount; e++)
            {
                var entry = index.Entry(slot.EntryStart + e);
                if (entry.IsId) continue;
                entries[entry.Project].Add(entry);
                counts[entry.Project] += entry.Count;
            }
        }
        return new Window(column, entries, counts, [.. hashes]);
    }

    /// <summary>The bins a decimal cell's tolerance window spans at the finest precision that keeps them few, with their entries per project.</summary>
    private Window? WindowOf(string cell, int column, double relative)
    {
        if (MeasurementRows.Decimal(cell) is not var (value, decimals) || decimals < 1 || value == 0) return null;
        var half = Math.Max(Math.Pow(10, -decimals), Math.Abs(value) * relative);
        // The index holds a decimal value at its own precision and one and two decimals fewer (never below one decimal).
        for (var d = decimals; d >= Math.Max(1, decimals - 2); d--)
        {
            var step = Math.Pow(10, -d);
            var low = Math.Floor((value - half) / step + 1e-9);
            var high = Math.Ceiling((value + half) / step - 1e-9);
            // Past 2^53 units a double no longer counts in steps of one: no window there.
            if (!(Math.Abs(low) < 1e15 && Math.Abs(high) < 1e15)) return null;
            var bins = (int)Math.Min(int.MaxValue, high - low + 1);
            if (bins > MaxBins) continue;
            var entries = Enumerable.Range(0, index.Projects.Count).Select(_ => new List<IndexEntry>()).ToArray();
            var counts = new int[index.Projects.Count];
            var keys = new ulong[bins];
            Span<byte> raw = stackalloc byte[40];
            Span<byte> canonical = stackalloc byte[ValueCanonicalizer.MaxCanonicalBytes];
            for (var i = 0; i < bins; i++)
            {
                var k = low + i;
                var text = (k * step).ToString("F" + d, CultureInfo.InvariantCulture);
                var length = System.Text.Encoding.ASCII.GetBytes(text, raw);
                var canon = ValueCanonicalizer.Canonicalize(raw[..length], canonical);
                if (canon.Kind == ValueKind.None) continue;
                var hash = index.Hasher.Hash(canonical[..canon.Length]);
                keys[i] = hash;
                if (!index.TryFindSlot(hash, out var slot)) continue;
                for (var e = 0u; e < slot.EntryCount; e++)
                {
                    var entry = index.Entry(slot.EntryStart + e);
                    if (entry.IsId) continue;
                    entries[entry.Project].Add(entry);
                    counts[entry.Project] += entry.Count;
                }
            }
            return new Window(column, entries, counts, keys);
        }
        return null;
    }
}
