using System.Collections.Concurrent;

namespace Egress.Web.Security;

/// <summary>
/// Slows password guessing: after <c>attempts</c> failed sign-ins for one username from one client address within
/// the window, or <c>addressAttempts</c> from one address whatever the usernames, further tries are refused with 429
/// until the window has passed. Successful sign-ins do not count, so colleagues behind one address are not locked out
/// by each other's typos. Memory is bounded: only entries whose failures have all expired are ever dropped; when the
/// table is full of live entries a new (address, username) pair is refused rather than an old one forgotten, so
/// guessing many names can never reset the limit on a real account.
/// </summary>
public sealed class SignInThrottle(int attempts, TimeSpan window, TimeProvider clock, int addressAttempts = 50, int maxTracked = 100_000)
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _pairs = new();
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _addresses = new();
    private readonly object _sweepLock = new();
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

    public bool IsBlocked(string client, string username)
    {
        if (Count(_addresses, client) >= addressAttempts) return true;
        var key = Key(client, username);
        if (_pairs.ContainsKey(key)) return Count(_pairs, key) >= attempts;
        // A pair not yet tracked while the table is full of live failures: refuse (fail closed) until some expire.
        return _pairs.Count >= maxTracked && Sweep() >= maxTracked;
    }

    public void RecordFailure(string client, string username)
    {
        if (_pairs.Count >= maxTracked || _addresses.Count >= maxTracked) Sweep();
        Add(_addresses, client);
        Add(_pairs, Key(client, username));
    }

    public void RecordSuccess(string client, string username) => _pairs.TryRemove(Key(client, username), out _);

    private void Add(ConcurrentDictionary<string, Queue<DateTimeOffset>> table, string key)
    {
        if (table.Count >= maxTracked && !table.ContainsKey(key)) return; // full of live entries: IsBlocked refuses new pairs
        var times = table.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (times)
        {
            Prune(times);
            times.Enqueue(clock.GetUtcNow());
        }
    }

    private int Count(ConcurrentDictionary<string, Queue<DateTimeOffset>> table, string key)
    {
        if (!table.TryGetValue(key, out var times)) return 0;
        lock (times)
        {
            Prune(times);
            return times.Count;
        }
    }

    /// <summary>Drops entries with no failure inside the window (and only those); answers how many pairs are left.</summary>
    private int Sweep()
    {
        lock (_sweepLock)
        {
            // At most one pass a second: a flood while full must not make every failure walk the whole table.
            var now = clock.GetUtcNow();
            if (now - _lastSweep < TimeSpan.FromSeconds(1)) return _pairs.Count;
            _lastSweep = now;
            foreach (var table in new[] { _pairs, _addresses })
                foreach (var (key, times) in table)
                {
                    bool idle;
                    lock (times)
                    {
                        Prune(times);
                        idle = times.Count == 0;
                    }
                    if (idle) table.TryRemove(key, out _);
                }
            return _pairs.Count;
        }
    }

    private void Prune(Queue<DateTimeOffset> times)
    {
        var cutoff = clock.GetUtcNow() - window;
        while (times.Count > 0 && times.Peek() < cutoff) times.Dequeue();
    }

    private static string Key(string client, string username) => client + "\n" + username.ToLowerInvariant();
}
