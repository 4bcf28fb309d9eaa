namespace Egress.Formats.Content;

/// <summary>
/// Bytes a reader can open, as often as it needs: a file, a buffer, or something derived (a zip entry,
/// a decompressed stream). Opening again starts from the beginning.
/// </summary>
public abstract class ContentSource
{
    /// <summary>Length in bytes when known without reading (not for decompressed streams).</summary>
    public abstract long? Length { get; }

    /// <summary>True when <see cref="Open"/> gives a seekable stream (random access without buffering).</summary>
    public virtual bool Seekable => false;

    public abstract Stream Open();

    /// <summary>The first bytes (up to <paramref name="max"/>), for sniffing.</summary>
    public byte[] Head(int max)
    {
        using var s = Open();
        var buffer = new byte[Length is { } n ? (int)Math.Min(max, n) : max];
        var filled = 0;
        while (filled < buffer.Length)
        {
            var r = s.Read(buffer, filled, buffer.Length - filled);
            if (r == 0) break;
            filled += r;
        }
        return filled == buffer.Length ? buffer : buffer[..filled];
    }

    /// <summary>
    /// All the bytes, for readers that need random access. Past the context's in-memory cap it throws
    /// <see cref="InputLimitException"/>: the part is then reported as not inspected.
    /// </summary>
    public virtual ReadOnlyMemory<byte> ReadAll(UnpackContext context)
    {
        var cap = context.Limits.MaxInMemoryBytes;
        if (Length is { } known && known > cap)
            throw new InputLimitException($"{known:N0} bytes is more than the {cap:N0} bytes a part may take in memory");
        using var s = Open();
        using var buffer = new MemoryStream(Length is { } l ? (int)Math.Min(l, cap) : 1 << 16);
        var chunk = new byte[1 << 16];
        while (true)
        {
            context.ThrowIfCancelled();
            var r = s.Read(chunk, 0, chunk.Length);
            if (r == 0) break;
            if (buffer.Length + r > cap)
                throw new InputLimitException($"a part is larger than the {cap:N0} bytes it may take in memory");
            buffer.Write(chunk, 0, r);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}

/// <summary>A file on disk.</summary>
public sealed class FileSource(string path) : ContentSource
{
    public string Path { get; } = path;
    public override long? Length => new FileInfo(Path).Length;
    public override bool Seekable => true;

    public override Stream Open() =>
        new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
}

/// <summary>Bytes already in memory (a decoded run, a small archive entry).</summary>
public sealed class MemorySource(ReadOnlyMemory<byte> bytes) : ContentSource
{
    public ReadOnlyMemory<byte> Bytes { get; } = bytes;
    public override long? Length => Bytes.Length;
    public override bool Seekable => true;

    public override Stream Open() =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(Bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(Bytes.ToArray(), writable: false);

    public override ReadOnlyMemory<byte> ReadAll(UnpackContext context)
    {
        if (Bytes.Length > context.Limits.MaxInMemoryBytes)
            throw new InputLimitException($"{Bytes.Length:N0} bytes is more than the {context.Limits.MaxInMemoryBytes:N0} bytes a part may take in memory");
        return Bytes;
    }
}

/// <summary>
/// Content produced by opening something else (a decompressor over its source, an archive entry).
/// Every stream it gives counts towards the check's expanded-bytes budget.
/// </summary>
public sealed class DerivedSource(Func<Stream> open, long? length, UnpackContext context) : ContentSource
{
    public override long? Length => length;
    public override Stream Open() => context.CountExpansion(open());
}
