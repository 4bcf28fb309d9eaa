using System.Collections.Concurrent;

namespace Egress.Web.Security;

/// <summary>
/// Slows password guessing: after <c>attempts</c> failed sign-ins for one username from one client
/// address within the window, further tries are refused with 429 until the window has passed.
/// Successful sign-ins do not count, so colleagues behind one address are not locked out by each other.
/// </summary>
public sealed class SignInThrottle(int attempts, TimeSpan window, TimeProvider clock)
{
    /// <summary>Past this many tracked (address, username) pairs, pairs with no recent failure are dropped: guessing many names cannot grow memory without bound.</summary>
    private const int MaxTracked = 10_000;
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new();

    public bool IsBlocked(string client, string username)
    {
        if (!_failures.TryGetValue(Key(client, username), out var times)) return false;
        lock (times)
        {
            Prune(times);
            return times.Count >= attempts;
        }
    }

    public void RecordFailure(string client, string username)
    {
        if (_failures.Count >= MaxTracked) Sweep();
        var times = _failures.GetOrAdd(Key(client, username), _ => new Queue<DateTimeOffset>());
        lock (times)
        {
            Prune(times);
            times.Enqueue(clock.GetUtcNow());
        }
    }

    public void RecordSuccess(string client, string username) => _failures.TryRemove(Key(client, username), out _);

    private void Sweep()
    {
        foreach (var (key, times) in _failures)
        {
            bool idle;
            lock (times)
            {
                Prune(times);
                idle = times.Count == 0;
            }
            if (idle) _failures.TryRemove(key, out _);
        }
        // Still full of live entries (a flood within one window): forget the oldest state rather than grow.
        if (_failures.Count >= MaxTracked) _failures.Clear();
    }

    private void Prune(Queue<DateTimeOffset> times)
    {
        var cutoff = clock.GetUtcNow() - window;
        while (times.Count > 0 && times.Peek() < cutoff) times.Dequeue();
    }

    private static string Key(string client, string username) => client + "\n" + username.ToLowerInvariant();
}
