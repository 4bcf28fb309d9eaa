using Egress.Index;

namespace Egress.Checks.Forensics;

/// <summary>
/// Attributes one matched window (a row, a stretch of text) to the projects whose extract could have
/// produced it. The same person is in several projects under different pseudonyms, so the window is
/// matched again within each project; a project explains the window when its participant holds every
/// distinctive value the window carries (none left over, or no more left over than for any other project).
/// A value the project's participant lacks is a field the project was never dispensed, or another
/// person's value; a project with no such participant at all never had the person.
/// </summary>
public sealed class WindowAttributor
{
    /// <summary>
    /// A row whose best project still leaves this many distinctive values unexplained came from no single
    /// indexed extract. One is tolerated: a value too common in a project to be indexed there (held by more
    /// than the posting limit) but rare in another looks the same as a field the project lacks.
    /// </summary>
    public const int ForeignRowValues = 2;

    /// <summary>How far below the best match another project's candidate is still searched for.</summary>
    public const float NearBestBits = 24;
    /// <summary>Candidates come from this many of the window's most identifying values.</summary>
    public const int Seeds = 6;

    private readonly CohortIndex _index;
    private readonly AttributionTally _tally;
    private readonly RecordMatcher _matcher;
    private readonly float _floorBits;
    private readonly float _enoughBits;
    private readonly int _distinctiveCount;
    private readonly List<TokenHit> _distinct = [];
    private readonly List<bool> _distinctive = [];
    private readonly HashSet<ulong> _seen = [];
    private readonly int[] _unheld;
    private readonly WindowMatch?[] _candidates;

    public AttributionTally Tally => _tally;

    public WindowAttributor(CohortIndex index, AttributionTally tally, float floorBits, float enoughBits)
    {
        _index = index;
        _tally = tally;
        _matcher = new RecordMatcher(index, new InformationBits(index));
        _floorBits = floorBits;
        _enoughBits = enoughBits;
        // Values held by more than a quarter of the posting limit may be missing from a project's entries
        // only because they are too common there: they never count against a project.
        _distinctiveCount = Math.Max(1, index.Manifest.MaxPostings / 4);
        _unheld = new int[index.Projects.Count];
        _candidates = new WindowMatch?[index.Projects.Count];
    }

    /// <param name="isRow">A row of a table can be held by an extract in full; a text window may mix people and fields.</param>
    public void Observe(ReadOnlySpan<TokenHit> hits, WindowMatch best, bool isRow)
    {
        Distinct(hits);
        ulong absent = 0, candidates = 0;
        var leastUnheld = int.MaxValue;
        for (var q = 0; q < _candidates.Length; q++)
        {
            // The same person, if the project has them, scores near the best: a candidate far below it holds
            // less and explains less, so a narrow search (few seeds, a high bar) suffices.
            var candidate = q == best.Project ? best
                : _matcher.Match(hits, Math.Max(_floorBits, best.Bits - NearBestBits), _enoughBits, out _, onlyProject: q, maxSeeds: Seeds);
            _candidates[q] = candidate;
            if (candidate is not { } c)
            {
                absent |= 1UL << q;
                continue;
            }
            candidates |= 1UL << q;
            _unheld[q] = Unheld(q, c.Ordinal);
            leastUnheld = Math.Min(leastUnheld, _unheld[q]);
        }
        ulong explaining = 0;
        if (!isRow || leastUnheld < ForeignRowValues)
            for (var q = 0; q < _candidates.Length; q++)
                if ((candidates & (1UL << q)) != 0 && _unheld[q] == leastUnheld) explaining |= 1UL << q;
        _tally.Add(new WindowPattern(explaining, absent, (int)best.Bits));
        for (var q = 0; q < _candidates.Length; q++)
            if ((explaining & (1UL << q)) != 0) _tally.Explained(q, _candidates[q]!.Value.Ordinal, _candidates[q]!.Value.Bits);
    }

    /// <summary>Distinctive values of the window that the project's participant does not hold.</summary>
    private int Unheld(int project, uint ordinal)
    {
        var count = 0;
        for (var i = 0; i < _distinct.Count; i++)
            if (_distinctive[i] && !_matcher.Holds(_distinct[i], project, ordinal)) count++;
        return count;
    }

    private void Distinct(ReadOnlySpan<TokenHit> hits)
    {
        _distinct.Clear();
        _distinctive.Clear();
        _seen.Clear();
        foreach (var hit in hits)
        {
            if (!_seen.Add(hit.Hash)) continue;
            _distinct.Add(hit);
            _distinctive.Add(IsDistinctive(hit));
        }
    }

    private bool IsDistinctive(in TokenHit hit)
    {
        for (var e = 0u; e < hit.EntryCount; e++)
        {
            var entry = _index.Entry(hit.EntryStart + e);
            if (entry.IsId || entry.Count <= _distinctiveCount) return true;
        }
        return false;
    }
}
