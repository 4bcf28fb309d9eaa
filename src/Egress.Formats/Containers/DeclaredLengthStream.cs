namespace Egress.Formats.Containers;

/// <summary>
/// Decompressed entry content held to the size its header declares: an entry that produces more
/// (a bomb lying about its size) or less (damage) is corrupt. The bounds are decided on the declared
/// size before reading, so a lie must be caught on the real bytes here.
/// </summary>
public sealed class DeclaredLengthStream(Stream inner, long declared, string what) : ReadOnlyStream
{
    private long _produced;

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        if (_produced == declared)
        {
            Span<byte> probe = stackalloc byte[1];
            if (inner.Read(probe) > 0)
                throw new InvalidDataException($"{what} expands beyond the {declared:N0} bytes its header declares");
            return 0;
        }
        var n = inner.Read(buffer[..(int)Math.Min(buffer.Length, declared - _produced)]);
        if (n == 0)
            throw new InvalidDataException($"{what} ends after {_produced:N0} of the {declared:N0} bytes its header declares");
        _produced += n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
