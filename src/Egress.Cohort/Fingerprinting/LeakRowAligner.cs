namespace Egress.Cohort.Fingerprinting;

/// <summary>One leaked cell read as a fingerprinted measurement of a known participant and column.</summary>
public readonly record struct MarkedCell(int Column, int Digit);

/// <summary>
/// Finds, for a leaked row with IDs stripped and columns renamed, dropped or reordered, the master
/// participant it belongs to and which cells are fingerprinted measurements of which column. Matching is
/// by value against the master inside the TRE: a cell with k decimals is either a marked value (its
/// rounding to k−1 decimals is the participant's value of a (k−1)-decimal column) or an unmarked one.
/// Candidates come from the measurement cells whose values are rarest; the winner must agree with most
/// cells, integers and dates included (so a row left with one or two measurements is still placed by its
/// year of birth, visit date, centre, blood pressure…). Read-only once built: one aligner serves many detectors.
/// </summary>
public sealed class LeakRowAligner
{
    /// <summary>A row needs this many cells agreeing with one participant to be aligned.</summary>
    public const int MinAgreeingCells = 3;
    private const int Seeds = 4;
    private const int MaxSeedHolders = 4096;
    /// <summary>More candidates than this (a row whose only measurements are common values) and the row is left unaligned.</summary>
    private const int MaxCandidates = 512;

    private readonly ParticipantTable _table;
    private readonly int[] _fixedColumns;
    private readonly int[] _exactColumns;
    private readonly ulong[] _keys;
    private readonly int[] _holders;

    public LeakRowAligner(ParticipantTable table)
    {
        _table = table;
        _fixedColumns = FieldCatalogue.Columns.Where(c => c.Kind == CellKind.Fixed).Select(c => c.Index).ToArray();
        _exactColumns = FieldCatalogue.Columns.Where(c => c.Kind is CellKind.Integer or CellKind.Date).Select(c => c.Index).ToArray();
        var keys = new List<ulong>();
        var holders = new List<int>();
        foreach (var c in _fixedColumns)
        {
            var values = table.Column(c);
            for (var p = 0; p < values.Length; p++)
            {
                if (values[p] == ParticipantTable.Missing) continue;
                keys.Add(Key(FieldCatalogue.Columns[c].Decimals, values[p]));
                holders.Add(p);
            }
        }
        _keys = [.. keys];
        _holders = [.. holders];
        Array.Sort(_keys, _holders);
    }

    /// <summary>The row's participant and its marked cells, or null when no participant agrees with enough cells.</summary>
    public (int Participant, List<MarkedCell> Marked)? Align(IReadOnlyList<string> row)
    {
        var cells = new List<(long Scaled, int Decimals)>(row.Count);
        var exact = new List<int>(row.Count);
        foreach (var text in row)
        {
            if (DecimalCell.TryParse(text, out var scaled, out var decimals)) cells.Add((scaled, decimals));
            else if (ExactValue(text) is { } value) exact.Add(value);
        }
        if (cells.Count == 0 || cells.Count + exact.Count < MinAgreeingCells) return null;

        // Each seed cell votes once for every participant either reading of it could belong to.
        var votes = new Dictionary<int, int>();
        var voters = new HashSet<int>();
        var seeds = SeedCells(cells);
        foreach (var ranges in seeds)
        {
            voters.Clear();
            foreach (var (start, count) in ranges)
                for (var i = start; i < start + count; i++)
                    if (voters.Add(_holders[i])) votes[_holders[i]] = votes.GetValueOrDefault(_holders[i]) + 1;
        }
        var needed = Math.Min(2, seeds.Count);
        if (votes.Count(v => v.Value >= needed) > MaxCandidates) return null;
        int best = -1, bestAgree = 0, runnerUp = 0;
        foreach (var (participant, n) in votes)
        {
            if (n < needed) continue;
            var agree = cells.Count(c => Agrees(participant, c.Scaled, c.Decimals)) + exact.Count(v => HoldsExact(participant, v));
            if (agree > bestAgree) (best, bestAgree, runnerUp) = (participant, agree, bestAgree);
            else if (agree > runnerUp) runnerUp = agree;
        }
        if (best < 0 || bestAgree < MinAgreeingCells || bestAgree == runnerUp || bestAgree * 2 < cells.Count + exact.Count) return null;

        var marked = new List<MarkedCell>();
        foreach (var (scaled, decimals) in cells)
            if (MarkedColumn(best, scaled, decimals) is { } column) marked.Add(new MarkedCell(column, LowDigitMark.Digit(scaled)));
        return (best, marked);
    }

    /// <summary>
    /// The look-up ranges of the cells whose values have the fewest holders. A cell is read both ways
    /// (marked, at one decimal fewer, and as it stands); one reading is wrong and usually finds nobody.
    /// </summary>
    private List<(int Start, int Count)[]> SeedCells(List<(long Scaled, int Decimals)> cells)
    {
        var seeds = new List<(int Start, int Count)[]>();
        foreach (var (scaled, decimals) in cells)
        {
            var asStands = Range(decimals, scaled);
            (int Start, int Count)[] ranges = decimals >= 2 && scaled != 0
                ? [Range(decimals - 1, LowDigitMark.Original(scaled)), asStands]
                : [asStands];
            var holders = ranges.Sum(r => r.Count);
            if (holders is > 0 and <= MaxSeedHolders) seeds.Add(ranges);
        }
        return seeds.OrderBy(r => r.Sum(x => x.Count)).Take(Seeds).ToList();
    }

    private bool Agrees(int participant, long scaled, int decimals) =>
        MarkedColumn(participant, scaled, decimals) is not null || HasValue(participant, decimals, scaled);

    /// <summary>The one column whose value the cell is a marked copy of, or null (none, or ambiguous).</summary>
    private int? MarkedColumn(int participant, long scaled, int decimals)
    {
        if (decimals < 2 || scaled == 0) return null;
        var original = LowDigitMark.Original(scaled);
        int? found = null;
        foreach (var c in _fixedColumns)
        {
            if (FieldCatalogue.Columns[c].Decimals != decimals - 1 || _table.Raw(c, participant) != original) continue;
            if (found is not null) return null;
            found = c;
        }
        return found;
    }

    /// <summary>An integer cell as it stands, or an ISO date as its day number (how the table stores both).</summary>
    private static int? ExactValue(string text)
    {
        if (int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var integer)) return integer;
        return text.Length == 10 && DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
            ? date.DayNumber : null;
    }

    private bool HoldsExact(int participant, int value)
    {
        foreach (var c in _exactColumns)
            if (_table.Raw(c, participant) == value) return true;
        return false;
    }

    private bool HasValue(int participant, int decimals, long scaled)
    {
        foreach (var c in _fixedColumns)
            if (FieldCatalogue.Columns[c].Decimals == decimals && _table.Raw(c, participant) == scaled) return true;
        return false;
    }

    private (int Start, int Count) Range(int decimals, long scaled)
    {
        if (scaled is < int.MinValue + 1 or > int.MaxValue) return (0, 0);
        var key = Key(decimals, (int)scaled);
        var start = LowerBound(key);
        var end = start;
        while (end < _keys.Length && _keys[end] == key) end++;
        return (start, end - start);
    }

    private int LowerBound(ulong key)
    {
        int lo = 0, hi = _keys.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_keys[mid] < key) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static ulong Key(int decimals, int scaled) => ((ulong)(uint)scaled << 4) | (uint)decimals;
}
