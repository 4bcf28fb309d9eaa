using System.IO.Compression;

namespace Egress.Formats;

/// <summary>Opens a file for reading, looking through gzip by its magic bytes (never by its name).</summary>
public static class InputOpener
{
    public static bool IsGzip(ReadOnlySpan<byte> head) => head.Length >= 2 && head[0] == 0x1F && head[1] == 0x8B;

    /// <summary>
    /// The file's content, decompressed when it is gzip; reading past <paramref name="maxBytes"/> of
    /// content throws <see cref="InputLimitException"/>.
    /// </summary>
    public static Stream Open(string path, long maxBytes, out bool compressed)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Span<byte> head = stackalloc byte[2];
        var n = file.Read(head);
        file.Position = 0;
        compressed = IsGzip(head[..n]);
        Stream content = compressed ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: false) : file;
        return new LimitedReadStream(content, maxBytes);
    }
}

public sealed class InputLimitException(string message) : Exception(message);

/// <summary>Counts bytes read and stops at a limit, so a decompression bomb cannot exhaust memory or time.</summary>
public sealed class LimitedReadStream(Stream inner, long maxBytes) : ReadOnlyStream
{
    public long BytesRead { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        BytesRead += n;
        if (BytesRead > maxBytes)
            throw new InputLimitException($"content exceeds the limit of {maxBytes:N0} bytes");
        return n;
    }

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
