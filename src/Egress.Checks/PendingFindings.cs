namespace Egress.Checks;

/// <summary>
/// Findings worked out on another core while the engine goes on (the risk measures of a row-level table
/// overlap the judging of the records), put back where they would have stood in the list when done.
/// </summary>
public sealed class PendingFindings
{
    private readonly List<(int Position, Task<Core.Finding?> Work)> _pending = [];

    /// <param name="position">Where in the findings the result belongs (the list's length now: later findings only follow it).</param>
    public void Start(int position, Func<Core.Finding?> work) => _pending.Add((position, Task.Run(work)));

    /// <summary>Waits for every pending finding and inserts it at its position; work cut short by the time budget adds nothing.</summary>
    public void AddTo(List<Core.Finding> findings)
    {
        for (var i = _pending.Count - 1; i >= 0; i--)
        {
            var (position, work) = _pending[i];
            try
            {
                if (work.GetAwaiter().GetResult() is { } finding) findings.Insert(position, finding);
            }
            catch (OperationCanceledException) { }
        }
        _pending.Clear();
    }
}
