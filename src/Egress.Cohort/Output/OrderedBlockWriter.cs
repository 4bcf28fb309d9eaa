using System.Buffers;

namespace Egress.Cohort.Output;

/// <summary>
/// Formats rows in blocks on the thread pool and writes the blocks strictly in order, so the bytes are
/// the same whatever the thread count while formatting overlaps with writing (and compression).
/// </summary>
internal static class OrderedBlockWriter
{
    public const int BlockRows = 8192;

    /// <summary>Writes header and rows; returns the uncompressed bytes written.</summary>
    public static long Write(Stream stream, ReadOnlySpan<byte> header, IRowSource rows)
    {
        stream.Write(header);
        long total = header.Length;
        int blocks = (rows.RowCount + BlockRows - 1) / BlockRows;
        if (blocks == 1)
        {
            // Small files: no point paying for a task.
            var (buffer, length) = FormatBlock(rows, 0);
            stream.Write(buffer, 0, length);
            ArrayPool<byte>.Shared.Return(buffer);
            return total + length;
        }

        // A bounded window of in-flight blocks keeps memory flat and both cores busy.
        int window = Math.Max(2, Environment.ProcessorCount * 2);
        var pending = new Queue<Task<(byte[] Buffer, int Length)>>();
        try
        {
            for (int block = 0; block < blocks; block++)
            {
                if (pending.Count >= window) total += Drain(stream, pending.Dequeue());
                int b = block;
                pending.Enqueue(Task.Run(() => FormatBlock(rows, b)));
            }
            while (pending.Count > 0) total += Drain(stream, pending.Dequeue());
        }
        finally
        {
            // On failure, let the remaining blocks finish before their buffers go back to the pool.
            foreach (var task in pending)
            {
                try { ArrayPool<byte>.Shared.Return(task.GetAwaiter().GetResult().Buffer); }
                catch { /* the first failure is already propagating */ }
            }
        }
        return total;
    }

    private static long Drain(Stream stream, Task<(byte[] Buffer, int Length)> task)
    {
        var (buffer, length) = task.GetAwaiter().GetResult();
        try { stream.Write(buffer, 0, length); }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
        return length;
    }

    private static (byte[] Buffer, int Length) FormatBlock(IRowSource rows, int block)
    {
        int first = block * BlockRows;
        int last = Math.Min(rows.RowCount, first + BlockRows);
        var buffer = ArrayPool<byte>.Shared.Rent((last - first) * rows.MaxRowBytes);
        int length = 0;
        for (int row = first; row < last; row++)
            length += rows.FormatRow(row, buffer.AsSpan(length));
        return (buffer, length);
    }
}
