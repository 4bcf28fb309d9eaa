namespace Egress.Checks;

/// <summary>
/// Whole lines out of text that streams past in blocks: the start of a line that a block cuts off is
/// carried to the next block. A carried line that grows longer than the bound is not kept at all (it is
/// skipped whole), so one endless line cannot grow the carry without limit; a line inside one block is
/// handed out as it is, already in memory.
/// </summary>
public sealed class LineCarry(int maxLineBytes)
{
    private byte[] _carry = new byte[4096];
    private int _length;

    /// <summary>The line being carried grew past the bound: the rest of it is dropped until its end.</summary>
    public bool Skipping { get; private set; }

    /// <summary>Bytes of an unfinished line are waiting (or one is being skipped).</summary>
    public bool HasPartial => _length > 0 || Skipping;

    /// <summary>The unfinished line so far (empty while skipping).</summary>
    public ReadOnlySpan<byte> Partial => _carry.AsSpan(0, _length);

    /// <summary>Keeps a piece of a line that the next block goes on with.</summary>
    public void Add(ReadOnlySpan<byte> piece)
    {
        if (Skipping) return;
        if (_length + piece.Length > maxLineBytes)
        {
            Skipping = true;
            _length = 0;
            return;
        }
        if (_carry.Length < _length + piece.Length) Array.Resize(ref _carry, Math.Max(_carry.Length * 2, _length + piece.Length));
        piece.CopyTo(_carry.AsSpan(_length));
        _length += piece.Length;
    }

    /// <summary>
    /// A newline ended the line whose last piece is <paramref name="piece"/>: gives the whole line (the
    /// piece itself when nothing was carried, else valid until the next <see cref="Add"/>), or false when
    /// it was too long and is skipped. Nothing is carried afterwards.
    /// </summary>
    public bool End(ReadOnlySpan<byte> piece, out ReadOnlySpan<byte> line)
    {
        if (!HasPartial)
        {
            line = piece;
            return true;
        }
        Add(piece);
        line = Partial;
        var whole = !Skipping;
        Clear();
        return whole;
    }

    public void Clear()
    {
        _length = 0;
        Skipping = false;
    }
}
