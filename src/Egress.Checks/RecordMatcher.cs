using Egress.Index;

namespace Egress.Checks;

/// <summary>The participant a window of tokens most looks like, and by how many bits.</summary>
public readonly record struct WindowMatch(int Project, uint Ordinal, float Bits);

/// <summary>
/// How far the single-holder confirmation of one row has got: hits searched for a candidate, the
/// candidate, and the bits of the hits already checked against them.
/// </summary>
public record struct SingleHolderProgress(int Project, uint Ordinal, float Sum, int Held, int Searched, int Evaluated)
{
    public static SingleHolderProgress Start => new(-1, 0, 0, 0, 0, 0);
}

/// <summary>
/// Exact data matching of one window (a row, a column, a run of text): finds the participant for
/// whom the distinct values of the window that they hold add up to the most information bits.
/// Branch and bound: tokens are taken from the most identifying down; a participant who reaches the
/// bar must hold one of the tokens whose remaining bits could still reach it, so only their
/// holders are candidates, and a candidate is dropped as soon as what is left cannot lift it over.
/// </summary>
public sealed class RecordMatcher(CohortIndex index, InformationBits bits)
{
    /// <summary>Participant look-ups the branch-and-bound search may make before it hands over to counting.</summary>
    public const int WorkBudget = 50_000;
    /// <summary>Postings the counting search may add up for one window before it is reported as not fully searched.</summary>
    public const int CountingBudget = 8_000_000;

    private TokenHit[] _tokens = new TokenHit[64];
    private float[] _suffix = new float[65];

    /// <param name="hits">The window's tokens that the index holds (may repeat).</param>
    /// <param name="floorBits">Matches below this many bits are not of interest.</param>
    /// <param name="enoughBits">Once a participant reaches this, the search stops.</param>
    /// <param name="complete">False when the work budget ran out before the search was finished.</param>
    /// <param name="onlyProject">When ≥ 0, only participants of this project are candidates.</param>
    /// <param name="maxSeeds">Candidates come from at most this many tokens: a quick, not exhaustive, search.</param>
    /// <param name="windowSize">Tokens the window has in all, when <paramref name="hits"/> are only some of them.</param>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public WindowMatch? Match(ReadOnlySpan<TokenHit> hits, float floorBits, float enoughBits, out bool complete, int onlyProject = -1,
        int maxSeeds = int.MaxValue, int windowSize = 0)
    {
        complete = true;
        var count = Distinct(hits);
        if (count == 0) return null;
        _windowSize = Math.Max(count, windowSize);
        // Past this size a further matching token may cost more choice than it brings: no early stop.
        _monotone = Math.Log2(_windowSize) < bits.MinRareBits;
        var tokens = _tokens.AsSpan(0, count);
        float total = 0;
        foreach (var t in tokens) total += t.MaxBits;
        if (total < floorBits) return null;
        OrderByWeight(tokens);
        if (_suffix.Length < count + 1) _suffix = new float[count * 2 + 1];
        _suffix[count] = 0;
        for (var i = count - 1; i >= 0; i--) _suffix[i] = _suffix[i + 1] + tokens[i].MaxBits;

        WindowMatch? best = null;
        var bar = floorBits;
        var work = 0;
        for (var s = 0; s < count && s < maxSeeds && _suffix[s] >= bar; s++)
        {
            var seed = tokens[s];
            for (var e = 0u; e < seed.EntryCount; e++)
            {
                var entry = index.Entry(seed.EntryStart + e);
                if (onlyProject >= 0 && entry.Project != onlyProject) continue;
                var seedBits = bits.Of(entry);
                if (seedBits + _suffix[s + 1] < bar) continue;
                if (entry.Count == 1)
                {
                    if (Evaluate(tokens, s, entry.Project, entry.Word1, seedBits, enoughBits, ref bar, ref best, ref work) && best!.Value.Bits >= enoughBits) return best;
                }
                else
                {
                    foreach (var ordinal in index.Postings(entry))
                    {
                        if (Evaluate(tokens, s, entry.Project, ordinal, seedBits, enoughBits, ref bar, ref best, ref work) && best!.Value.Bits >= enoughBits) return best;
                        if (work > WorkBudget) return CountHolders(tokens, floorBits, onlyProject, out complete);
                    }
                }
                if (work > WorkBudget) return CountHolders(tokens, floorBits, onlyProject, out complete);
            }
        }
        return best;
    }

    /// <summary>
    /// The exhaustive fallback for long windows of moderately rare values (a column of counts), where
    /// branch and bound has too many candidates: add up, for every holder of every value, their bits
    /// and how many values they hold, then score each holder once.
    /// </summary>
    private WindowMatch? CountHolders(Span<TokenHit> tokens, float floorBits, int onlyProject, out bool complete)
    {
        complete = true;
        long postings = 0;
        foreach (var t in tokens)
            for (var e = 0u; e < t.EntryCount; e++)
                postings += index.Entry(t.EntryStart + e).Count;
        if (postings > CountingBudget)
        {
            complete = false;
            return null;
        }
        _holders.Clear();
        foreach (var t in tokens)
            for (var e = 0u; e < t.EntryCount; e++)
            {
                var entry = index.Entry(t.EntryStart + e);
                if (onlyProject >= 0 && entry.Project != onlyProject) continue;
                var b = bits.Of(entry);
                if (entry.Count == 1) Credit(entry.Project, entry.Word1, b);
                else
                    foreach (var ordinal in index.Postings(entry)) Credit(entry.Project, ordinal, b);
            }
        WindowMatch? best = null;
        foreach (var (key, (sum, held)) in _holders)
        {
            var score = sum - Penalty(held);
            if (score >= floorBits && (best is null || score > best.Value.Bits))
                best = new WindowMatch((int)(key >> 32), (uint)key, score);
        }
        return best;
    }

    private void Credit(int project, uint ordinal, float b)
    {
        var key = ((long)project << 32) | ordinal;
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_holders, key, out _);
        slot = (slot.Sum + b, slot.Held + 1);
    }

    private readonly Dictionary<long, (float Sum, int Held)> _holders = [];

    private int _windowSize;
    private bool _monotone;

    /// <summary>
    /// A participant who holds k of a window's T values could be any of C(T, k) choices of values, so the
    /// evidence is the bits of those k values less log2 C(T, k): long windows (a column of counts, a page
    /// of text) cannot add up chance coincidences into a record.
    /// </summary>
    private float Penalty(int k) => (float)Combinatorics.Log2Binomial(_windowSize, k);

    /// <summary>Scores one candidate over the tokens after the seed; true when it became the best.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private bool Evaluate(Span<TokenHit> tokens, int seed, int project, uint ordinal, float seedBits, float enoughBits, ref float bar, ref WindowMatch? best, ref int work)
    {
        // Holders of an earlier seed were scored already.
        for (var t = 0; t < seed; t++)
        {
            work++;
            if (HoldBits(tokens[t], project, ordinal) > 0) return false;
        }
        var sum = seedBits;
        var held = 1;
        for (var t = seed + 1; t < tokens.Length; t++)
        {
            var remaining = tokens.Length - t;
            var leastPenalty = Math.Min(Penalty(held), Penalty(held + remaining));
            if (sum + _suffix[t] - leastPenalty < bar) return false;
            if (_monotone && sum - Penalty(held) >= enoughBits) break; // certain already: the rest cannot change the verdict
            work++;
            var b = HoldBits(tokens[t], project, ordinal);
            if (b <= 0) continue;
            sum += b;
            held++;
        }
        var score = sum - Penalty(held);
        if (score < bar) return false;
        best = new WindowMatch(project, ordinal, score);
        bar = score;
        return true;
    }

    /// <summary>
    /// Heaviest tokens first, by whole bits (a counting sort: rows are short and this runs per row).
    /// Any order is correct — the bounds are suffix sums over the order used — heavy-first prunes most.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void OrderByWeight(Span<TokenHit> tokens)
    {
        const int buckets = 64;
        Span<int> counts = stackalloc int[buckets + 1];
        counts.Clear();
        foreach (var t in tokens) counts[Bucket(t.MaxBits) + 1]++;
        for (var b = 0; b < buckets; b++) counts[b + 1] += counts[b];
        if (_ordered.Length < tokens.Length) _ordered = new TokenHit[_tokens.Length];
        foreach (var t in tokens) _ordered[counts[Bucket(t.MaxBits)]++] = t;
        _ordered.AsSpan(0, tokens.Length).CopyTo(tokens);

        static int Bucket(float bits) => 63 - Math.Clamp((int)bits, 0, 63);
    }

    private TokenHit[] _ordered = new TokenHit[64];

    /// <summary>
    /// The cheap path for rows of an extract: a value (or ID) that exactly one participant holds names the
    /// candidate; the row is theirs when the values they hold reach <paramref name="enoughBits"/> after
    /// the choice penalty. Returns null when no single-holder value names anyone or the bar is not reached
    /// (the full search then decides). A row is looked up a few cells at a time: <paramref name="progress"/>
    /// carries what the earlier calls for the same row found, so each call only reads the new hits.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public WindowMatch? ConfirmSingleHolder(ReadOnlySpan<TokenHit> hits, int windowSize, float enoughBits, int preferProject,
        ref SingleHolderProgress progress)
    {
        var project = progress.Project;
        var ordinal = progress.Ordinal;
        if (project < 0 || project != preferProject)
        {
            for (var i = progress.Searched; i < hits.Length; i++)
            {
                ConsiderSingleHolders(hits[i].EntryStart, hits[i].EntryCount, preferProject, ref project, ref ordinal);
                if (project >= 0 && project == preferProject) break;
            }
            progress.Searched = hits.Length;
        }
        if (project < 0) return null;
        if (project != progress.Project || ordinal != progress.Ordinal)
            progress = progress with { Project = project, Ordinal = ordinal, Sum = 0, Held = 0, Evaluated = 0 };
        // The candidate is known: start loading where each new value's postings would hold them.
        for (var i = progress.Evaluated; i < hits.Length; i++) PrefetchHolds(hits[i].EntryStart, hits[i].EntryCount, project, ordinal);
        for (var i = progress.Evaluated; i < hits.Length; i++)
        {
            var repeated = false;
            for (var j = 0; j < i && !repeated; j++) repeated = hits[j].Hash == hits[i].Hash;
            if (repeated) continue;
            var b = HoldBits(hits[i], project, ordinal);
            if (b <= 0) continue;
            progress.Sum += b;
            progress.Held++;
        }
        progress.Evaluated = hits.Length;
        var score = progress.Sum - (float)Combinatorics.Log2Binomial(Math.Max(windowSize, hits.Length), progress.Held);
        return score >= enoughBits ? new WindowMatch(project, ordinal, score) : null;
    }

    /// <summary>
    /// Weighs a value's entries as the row's likely participant: someone who alone holds the value, the
    /// preferred project's first (<paramref name="project"/> stays -1 while there is none).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void ConsiderSingleHolders(uint entryStart, uint entryCount, int preferProject, ref int project, ref uint ordinal)
    {
        for (var e = 0u; e < entryCount; e++)
        {
            var entry = index.Entry(entryStart + e);
            if (entry.Count != 1) continue;
            if (project < 0 || entry.Project == preferProject && project != preferProject)
            {
                project = entry.Project;
                ordinal = entry.Word1;
            }
        }
    }

    /// <summary>Starts loading where the participant would sit in the postings of the value's entries of their project.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void PrefetchHolds(uint entryStart, uint entryCount, int project, uint ordinal)
    {
        for (var e = 0u; e < entryCount; e++)
        {
            var entry = index.Entry(entryStart + e);
            if (entry.Project == project) index.PrefetchHolds(entry, ordinal);
        }
    }

    /// <summary>True when the participant holds the token's value.</summary>
    public bool Holds(in TokenHit token, int project, uint ordinal) => HoldBits(token, project, ordinal) > 0;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private float HoldBits(in TokenHit token, int project, uint ordinal)
    {
        for (var e = 0u; e < token.EntryCount; e++)
        {
            var entry = index.Entry(token.EntryStart + e);
            if (entry.Project != project) continue;
            return index.Holds(entry, ordinal) ? bits.Of(entry) : 0;
        }
        return 0;
    }

    /// <summary>Copies the window's distinct tokens into the work buffer: a value counts once per window.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private int Distinct(ReadOnlySpan<TokenHit> hits)
    {
        if (_tokens.Length < hits.Length) _tokens = new TokenHit[hits.Length * 2];
        var size = 64;
        while (size < hits.Length * 2) size <<= 1;
        if (_seenKeys.Length < size)
        {
            _seenKeys = new ulong[size];
            _seenStamp = new int[size];
        }
        var mask = size - 1;
        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_seenStamp);
            _stamp = 1;
        }
        var count = 0;
        foreach (var hit in hits)
        {
            var at = (int)(hit.Hash & (ulong)mask);
            while (_seenStamp[at] == _stamp && _seenKeys[at] != hit.Hash) at = (at + 1) & mask;
            if (_seenStamp[at] == _stamp) continue;
            _seenStamp[at] = _stamp;
            _seenKeys[at] = hit.Hash;
            _tokens[count++] = hit;
        }
        return count;
    }

    private ulong[] _seenKeys = new ulong[64];
    private int[] _seenStamp = new int[64];
    private int _stamp;
}
