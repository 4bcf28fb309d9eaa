namespace Egress.Formats.IndividualLevel;

/// <summary>
/// Reads a stream line by line keeping only each line's first bytes (up to a fixed prefix) and counting
/// its tabs, so a VCF header line of 500,000 sample names is walked without being held in memory.
/// </summary>
public sealed class LinePrefixReader(Stream stream, int prefixBytes = 64 * 1024)
{
    private readonly byte[] _chunk = new byte[64 * 1024];
    private readonly byte[] _prefix = new byte[prefixBytes];
    private int _at;
    private int _filled;
    private bool _eof;

    /// <summary>Lines read so far.</summary>
    public long Lines { get; private set; }

    /// <summary>
    /// The next line: its first bytes (CR stripped when the line fits), how many tabs it holds, and whether
    /// it ended with a newline (false for a last line cut off). Returns false at the end of the stream.
    /// </summary>
    public bool Next(out ReadOnlySpan<byte> prefix, out long tabs, out bool complete)
    {
        var kept = 0;
        long length = 0;
        tabs = 0;
        complete = false;
        while (true)
        {
            if (_at == _filled)
            {
                if (_eof || !Fill()) break;
            }
            var available = _chunk.AsSpan(_at, _filled - _at);
            var nl = available.IndexOf((byte)'\n');
            var piece = nl < 0 ? available : available[..nl];
            tabs += piece.Count((byte)'\t');
            var take = Math.Min(piece.Length, _prefix.Length - kept);
            piece[..take].CopyTo(_prefix.AsSpan(kept));
            kept += take;
            length += piece.Length;
            _at += piece.Length;
            if (nl >= 0)
            {
                _at++;
                complete = true;
                break;
            }
        }
        if (length == 0 && !complete)
        {
            prefix = default;
            return false;
        }
        Lines++;
        if (kept == length && kept > 0 && _prefix[kept - 1] == '\r') kept--;
        prefix = _prefix.AsSpan(0, kept);
        return true;
    }

    private bool Fill()
    {
        _at = 0;
        _filled = stream.Read(_chunk, 0, _chunk.Length);
        if (_filled == 0) _eof = true;
        return _filled > 0;
    }
}
