namespace Egress.Airlock.Checking;

/// <summary>In-process check workers; disposing stops them (a check in progress is left to be claimed again).</summary>
public sealed class CheckWorkerPool : IAsyncDisposable
{
    public int Count { get; }

    internal CheckWorkerPool(int count) => Count = count;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
