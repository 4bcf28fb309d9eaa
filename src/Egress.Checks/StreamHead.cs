namespace Egress.Checks;

/// <summary>
/// The first bytes of a text streaming past, held until there are enough to decide what it is (its
/// header, its layout); a scanner reads megabytes at a time, so only the head is ever copied.
/// </summary>
public sealed class StreamHead(int bytes)
{
    private readonly MemoryStream _head = new();

    /// <summary>Takes what the head still lacks from <paramref name="data"/>; true once it is full.</summary>
    public bool Fill(ReadOnlySpan<byte> data, out int taken)
    {
        taken = (int)Math.Min(data.Length, bytes - _head.Length);
        _head.Write(data[..taken]);
        return _head.Length >= bytes;
    }

    /// <summary>The head so far (valid until <see cref="Release"/>).</summary>
    public ReadOnlySpan<byte> Bytes => _head.GetBuffer().AsSpan(0, (int)_head.Length);

    /// <summary>Frees the head once decided.</summary>
    public void Release()
    {
        _head.SetLength(0);
        _head.Capacity = 0;
    }
}
