namespace Egress.Formats;

/// <summary>
/// What looks at every block of a part as the scan workers take it, beside the scan itself: work that needs the
/// bytes once but not in order runs in parallel there, not on the reading thread, whose time every worker waits on.
/// Called from several threads at once, blocks in any order.
/// </summary>
public interface IBlockObserver
{
    void Observe(TextBlock block, long firstLine);
}
