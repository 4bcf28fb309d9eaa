using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Egress.Formats;

/// <summary>
/// Walks the rows of a block of text (whole rows only) and yields each row's cells as ranges of the
/// block, quotes stripped. No allocation: the hot loop of every check and of the index build.
/// </summary>
public ref struct RowCursor
{
    private readonly ReadOnlySpan<byte> _block;
    private readonly LayoutKind _kind;
    private readonly byte _delimiter;
    private int _pos;

    public RowCursor(ReadOnlySpan<byte> block, TextLayout layout)
    {
        _block = block;
        _kind = layout.Kind;
        _delimiter = layout.Delimiter;
        _pos = 0;
    }

    /// <summary>Offset in the block where the next row starts.</summary>
    public readonly int Position => _pos;

    /// <summary>
    /// Reads the next row into <paramref name="cells"/> (extra cells beyond its length are dropped);
    /// returns false at the end of the block.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public bool Next(scoped Span<Range> cells, out int count)
    {
        count = 0;
        if (_pos >= _block.Length) return false;
        switch (_kind)
        {
            case LayoutKind.Delimited: ReadDelimited(cells, ref count); break;
            case LayoutKind.Whitespace: ReadSeparated(cells, ref count, plainText: false); break;
            default: ReadSeparated(cells, ref count, plainText: true); break;
        }
        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void ReadDelimited(scoped Span<Range> cells, ref int count)
    {
        if (Vector256.IsHardwareAccelerated && TryReadUnquotedRow(cells, ref count)) return;
        count = 0;
        var s = _block;
        var i = _pos;
        var d = _delimiter;
        while (true)
        {
            int start, end;
            if (i < s.Length && s[i] == '"')
            {
                start = i + 1;
                var j = start;
                while (true)
                {
                    var q = s[j..].IndexOf((byte)'"');
                    if (q < 0) { j = s.Length; break; }
                    j += q;
                    if (j + 1 < s.Length && s[j + 1] == '"') { j += 2; continue; }
                    break;
                }
                end = Math.Min(j, s.Length);
                i = Math.Min(j + 1, s.Length);
                // Skip anything between the closing quote and the delimiter.
                var rest = s[i..].IndexOfAny(d, (byte)'\n');
                i = rest < 0 ? s.Length : i + rest;
            }
            else
            {
                start = i;
                var k = s[i..].IndexOfAny(d, (byte)'\n');
                i = k < 0 ? s.Length : i + k;
                end = i;
                if (end > start && s[end - 1] == '\r' && (i >= s.Length || s[i] == '\n')) end--;
            }
            if (count < cells.Length) cells[count] = start..end;
            count++;
            if (i >= s.Length) { _pos = s.Length; break; }
            if (s[i] == '\n') { _pos = i + 1; break; }
            i++; // past the delimiter
        }
        if (count > cells.Length) count = cells.Length;
    }

    /// <summary>
    /// The common case — a row without quotes — found 32 bytes at a time: one compare per byte finds
    /// every delimiter and the row's end. Returns false (having consumed nothing) when the row has a quote.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private bool TryReadUnquotedRow(scoped Span<Range> cells, ref int count)
    {
        var s = _block;
        var start = _pos;
        var i = start;
        var cellStart = start;
        var delimiters = Vector256.Create(_delimiter);
        var newlines = Vector256.Create((byte)'\n');
        var quotes = Vector256.Create((byte)'"');
        ref var origin = ref MemoryMarshal.GetReference(s);
        while (i + 32 <= s.Length)
        {
            var v = Vector256.LoadUnsafe(ref origin, (nuint)i);
            var d = Vector256.Equals(v, delimiters).ExtractMostSignificantBits();
            var n = Vector256.Equals(v, newlines).ExtractMostSignificantBits();
            var q = Vector256.Equals(v, quotes).ExtractMostSignificantBits();
            var rowEnd = n != 0 ? BitOperations.TrailingZeroCount(n) : 32;
            if (q != 0 && BitOperations.TrailingZeroCount(q) < rowEnd) { count = 0; return false; }
            if (rowEnd < 32) d &= (1u << rowEnd) - 1;
            while (d != 0)
            {
                var at = i + BitOperations.TrailingZeroCount(d);
                if (count < cells.Length) cells[count] = cellStart..at;
                count++;
                cellStart = at + 1;
                d &= d - 1;
            }
            if (rowEnd < 32)
            {
                var end = i + rowEnd;
                var cellEnd = end > cellStart && s[end - 1] == '\r' ? end - 1 : end;
                if (count < cells.Length) cells[count] = cellStart..cellEnd;
                count++;
                _pos = end + 1;
                if (count > cells.Length) count = cells.Length;
                return true;
            }
            i += 32;
        }
        // Fewer than 32 bytes left: finish the row byte by byte.
        for (; i < s.Length; i++)
        {
            var b = s[i];
            if (b == '"') { count = 0; return false; }
            if (b == _delimiter)
            {
                if (count < cells.Length) cells[count] = cellStart..i;
                count++;
                cellStart = i + 1;
            }
            else if (b == '\n') break;
        }
        var last = i;
        var lastEnd = last > cellStart && s[last - 1] == '\r' ? last - 1 : last;
        if (count < cells.Length) cells[count] = cellStart..lastEnd;
        count++;
        _pos = Math.Min(s.Length, last + 1);
        if (count > cells.Length) count = cells.Length;
        return true;
    }

    private void ReadSeparated(scoped Span<Range> cells, ref int count, bool plainText)
    {
        var s = _block;
        var i = _pos;
        var lineEnd = s[i..].IndexOf((byte)'\n');
        var end = lineEnd < 0 ? s.Length : i + lineEnd;
        _pos = lineEnd < 0 ? s.Length : end + 1;
        while (i < end)
        {
            while (i < end && IsSeparator(s[i], plainText)) i++;
            if (i >= end) break;
            var start = i;
            while (i < end && !IsSeparator(s[i], plainText)) i++;
            var tokenEnd = i;
            if (plainText)
                while (tokenEnd > start && s[tokenEnd - 1] is (byte)'.' or (byte)':' or (byte)'-') tokenEnd--;
            if (tokenEnd > start && count < cells.Length) cells[count++] = start..tokenEnd;
        }
    }

    /// <summary>
    /// In plain text a token is a run of letters, digits, non-ASCII bytes and the characters numbers and
    /// dates are written with; commas and semicolons separate (lists of IDs are written with them), and so
    /// do underscores, which join an ID to other parts of a name (UK Biobank bulk files: 1234567_20252_2_0.zip).
    /// </summary>
    private static bool IsSeparator(byte b, bool plainText)
    {
        if (!plainText) return b is (byte)' ' or (byte)'\t' or (byte)'\r';
        if (b >= 0x80) return false;
        if (b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z') return false;
        return b is not ((byte)'.' or (byte)'-' or (byte)'+' or (byte)'/' or (byte)':');
    }
}
