using System.Net;

namespace Egress.Service.Tests.Support;

/// <summary>
/// An upload body that sends the first <c>stallAfterBytes</c> of a file and then waits (until cancelled):
/// a researcher's upload caught half-way, for killing the server in the middle of it.
/// </summary>
public sealed class StallingContent(string path, long stallAfterBytes, CancellationToken cancel) : HttpContent
{
    private readonly TaskCompletionSource stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the first part has been handed to the connection.</summary>
    public Task Stalled => stalled.Task;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await using var file = File.OpenRead(path);
        var buffer = new byte[64 * 1024];
        long sent = 0;
        while (sent < stallAfterBytes)
        {
            var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, stallAfterBytes - sent)), cancel);
            if (read == 0) break;
            await stream.WriteAsync(buffer.AsMemory(0, read), cancel);
            sent += read;
        }
        await stream.FlushAsync(cancel);
        stalled.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancel);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = new FileInfo(path).Length;
        return true;
    }
}
