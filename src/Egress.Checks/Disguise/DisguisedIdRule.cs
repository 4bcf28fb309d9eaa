using Egress.Core;
using Egress.Formats;
using Egress.Index;

namespace Egress.Checks.Disguise;

/// <summary>
/// Participant IDs in disguise: when the plain ID test found none, each group of same-shaped tokens is tried under
/// every <see cref="IIdDisguise"/> on a sample; a disguise under which the group holds a project's valid IDs far above
/// chance (<see cref="IdRunTest"/>, with every group × disguise tried counted against the false-alarm rate) is undone
/// on the whole group, and the finding names it. Locations, shapes and counts only, never a token.
/// </summary>
public sealed class DisguisedIdRule(CohortIndex index, ParticipantIdPolicy policy, string exporter)
{
    /// <summary>Tokens of a group tried under each disguise before it is undone on all of them.</summary>
    public const int SampleTokens = 512;

    public IEnumerable<(Finding Finding, ParticipantSet Participants)> Findings(DisguisedIdCollector collector)
    {
        var disguises = IdDisguises.All;
        var groups = collector.Groups.Where(g => g.Tokens.Count >= policy.MinHits).ToList();
        var tried = (long)groups.Count * disguises.Count;
        var lengths = index.Projects.SelectMany(p => p.IdDigits).ToHashSet();
        // One finding per disguise and project, however many groups (shapes, parts) it was found in.
        var found = new Dictionary<(IIdDisguise Disguise, int Project), Found>();
        foreach (var group in groups)
        {
            var distinct = group.Tokens.Distinct(StringComparer.Ordinal).ToList();
            foreach (var disguise in disguises)
            {
                var project = Significant(Count(distinct.Take(SampleTokens), disguise, lengths, null), tried);
                if (project < 0) continue;
                // The whole group must hold up as the sample did.
                var participants = new ParticipantSet(index.Projects);
                var all = Count(distinct, disguise, lengths, participants);
                if (Significant(all, tried) != project) continue;
                if (!found.TryGetValue((disguise, project), out var f))
                    found[(disguise, project)] = f = new Found(new ParticipantSet(index.Projects), [], []);
                f.Participants.UnionWith(participants);
                f.Candidates.Add(all);
                f.Groups.Add(group);
                break;
            }
        }
        foreach (var ((disguise, project), f) in found)
            yield return (Describe(f, disguise, project), f.Participants);
    }

    private sealed record Found(ParticipantSet Participants, List<Tally> Candidates, List<TokenGroup> Groups);

    /// <summary>The project whose IDs the tally holds far above chance, or −1.</summary>
    private int Significant(Tally tally, long tried)
    {
        for (var p = 0; p < index.Projects.Count; p++)
            if (IdRunTest.IsIdList(tally.Candidates, tally.Hits[p], index.Projects[p].IdDensity(), policy.MinHits, policy.FalseAlarmRate, tried))
                return p;
        return -1;
    }

    private sealed record Tally(long Candidates, long[] Hits);

    private Tally Count(IEnumerable<string> tokens, IIdDisguise disguise, HashSet<int> lengths, ParticipantSet? participants)
    {
        var hits = new long[index.Projects.Count];
        long candidates = 0;
        Span<char> digits = stackalloc char[32];
        Span<byte> raw = stackalloc byte[32];
        Span<byte> canonical = stackalloc byte[ValueCanonicalizer.MaxCanonicalBytes];
        // Distinct IDs, not tokens: several tokens that undo to one number (letters dropped from "rs123" and "chr123") are one.
        var seen = new HashSet<ulong>();
        foreach (var token in tokens)
        {
            if (!disguise.TryUndo(token, digits, out var n) || !lengths.Contains(n) || digits[0] == '0') continue;
            for (var i = 0; i < n; i++) raw[i] = (byte)digits[i];
            var value = ValueCanonicalizer.Canonicalize(raw[..n], canonical);
            if (value.Kind == ValueKind.None) continue;
            var hash = index.Hasher.Hash(canonical[..value.Length]);
            if (!seen.Add(hash)) continue;
            candidates++;
            if (!index.TryFindSlot(hash, out var slot) || !slot.HasId) continue;
            for (var e = 0u; e < slot.EntryCount; e++)
            {
                var entry = index.Entry(slot.EntryStart + e);
                if (!entry.IsId) continue;
                hits[entry.Project]++;
                participants?.Add(entry.Project, entry.Word1);
            }
        }
        return new Tally(candidates, hits);
    }

    private Finding Describe(Found found, IIdDisguise disguise, int p)
    {
        var project = index.Projects[p];
        var other = exporter != "" && project.Name != exporter;
        var count = found.Participants.Count(p);
        var candidates = found.Candidates.Sum(t => t.Candidates);
        var share = candidates > 0 ? (double)found.Candidates.Sum(t => t.Hits[p]) / candidates : 0;
        var shapes = string.Join("; ", found.Groups.Select(g => TokenShape.Describe(g.Shape)).Distinct());
        var locations = found.Groups.SelectMany(g => g.Locations).Distinct().ToList();
        return new Finding
        {
            Rule = ParticipantIdDetector.Rule,
            Severity = policy.Severity,
            Location = Locations.Summarise(locations),
            Message = $"{count:N0} participant IDs of project {project.Name}, disguised: {disguise.Name} (tokens {shapes})" +
                      (other ? $" — another project than the exporter ({exporter}): someone else's participants" : "") +
                      $"; once undone, {100 * share:0.#}% of them are valid IDs, where chance gives {100 * project.IdDensity():0.##}%",
            Participants = count,
            Projects = [project.Name],
            Evidence = new Dictionary<string, object>
            {
                ["disguise"] = disguise.Name,
                ["tokens"] = candidates,
                ["share"] = Math.Round(share, 4),
                ["chanceRate"] = Math.Round(project.IdDensity(), 5),
                ["otherProject"] = other,
            },
            Guidance = "Participant IDs may never leave the environment, in any form: changing how they are written (prefixes, separators, " +
                       "another base, a cipher) does not make them anything else. Remove them; keep any linkage inside the environment.",
        };
    }
}
