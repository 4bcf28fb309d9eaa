namespace Egress.Web.Security;

/// <summary>
/// Failed sign-ins counted per client address and window, so that a flood of guesses writes one audit event per
/// address and window (how many, how many usernames) rather than one per guess. <see cref="TakeClosed"/> hands
/// over the windows that have ended; a window's counts are lost only if the process dies before it is written.
/// </summary>
public sealed class FailedSignInTally(TimeSpan window, TimeProvider clock, int maxAddresses = 100_000)
{
    private const int KeptUsernames = 10;
    private readonly object _lock = new();
    private readonly Dictionary<(string Address, long Window), Counts> _open = [];
    private long _dropped;

    public sealed record Closed(string Address, DateTimeOffset From, DateTimeOffset To, int Failures, int DistinctUsernames, IReadOnlyList<string> Usernames);

    private sealed class Counts
    {
        public int Failures;
        public readonly HashSet<string> Usernames = new(StringComparer.OrdinalIgnoreCase);
        public int DistinctUsernames;
    }

    public void Record(string address, string username)
    {
        var key = (address, WindowOf(clock.GetUtcNow()));
        lock (_lock)
        {
            if (!_open.TryGetValue(key, out var counts))
            {
                // Bounded memory: past the cap further addresses are counted together under one entry.
                if (_open.Count >= maxAddresses) { _dropped++; key = ("(many addresses)", key.Item2); }
                if (!_open.TryGetValue(key, out counts)) _open[key] = counts = new Counts();
            }
            counts.Failures++;
            if (counts.Usernames.Count < KeptUsernames) { if (counts.Usernames.Add(username)) counts.DistinctUsernames++; }
            else if (!counts.Usernames.Contains(username)) counts.DistinctUsernames++; // an estimate past the kept names
        }
    }

    /// <summary>The windows that have ended (all of them with <paramref name="all"/>, at shutdown), removed from the tally.</summary>
    public IReadOnlyList<Closed> TakeClosed(bool all = false)
    {
        var current = WindowOf(clock.GetUtcNow());
        lock (_lock)
        {
            var closed = _open.Where(e => all || e.Key.Window < current).ToList();
            foreach (var e in closed) _open.Remove(e.Key);
            return closed.Select(e => new Closed(e.Key.Address, Start(e.Key.Window), Start(e.Key.Window + 1), e.Value.Failures,
                e.Value.DistinctUsernames, e.Value.Usernames.Order(StringComparer.Ordinal).ToList())).ToList();
        }
    }

    private long WindowOf(DateTimeOffset at) => at.ToUnixTimeMilliseconds() / (long)window.TotalMilliseconds;

    private DateTimeOffset Start(long w) => DateTimeOffset.FromUnixTimeMilliseconds(w * (long)window.TotalMilliseconds);
}
