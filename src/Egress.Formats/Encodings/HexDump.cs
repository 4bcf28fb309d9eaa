namespace Egress.Formats.Encodings;

/// <summary>
/// Reads hex dumps back into bytes: <c>xxd</c> ("00000010: 6569 642c …  eid,…"), <c>hexdump -C</c>
/// ("00000010  65 69 64 2c …  |eid,…|"), <c>od -x</c> and plain <c>hexdump</c> ("0000020 6965 2c64 …",
/// 16-bit words in little-endian order), <c>od -t x1</c>. Lines must follow each other by their offsets
/// (hex, or octal as od writes them); a '*' line repeats the line before up to the next offset. The
/// ASCII column is ignored: the bytes are what count.
/// </summary>
internal static class HexDump
{
    private const int MaxBytesPerLine = 64;
    /// <summary>A '*' line may stand for at most this many bytes of repeats (a sparse file's dump is a bomb).</summary>
    public const int MaxDecodedBytes = 64 << 20;

    private readonly record struct Line(long HexOffset, long OctalOffset, bool Colon, int GroupDigits, int Count, bool Repeat, bool OffsetOnly);


    /// <summary>
    /// Parses the dump starting on the line at <paramref name="start"/>; returns its end (after its last
    /// line, line break excluded) and the bytes, or -1 when fewer than two lines of a dump are there.
    /// </summary>
    /// <param name="limit">Set when a '*' line stands for more bytes than a dump may expand to: the dump was not read.</param>
    public static int TryRead(ReadOnlySpan<byte> s, int start, out byte[] bytes, out bool openEnd, out long firstOffset, out string? limit)
    {
        var end = TryRead(s, start, null, out bytes, out openEnd, out firstOffset, out var guessed, out limit);
        // After a '*' on the second line the offsets' base is a guess (hex); octal may read more of the dump.
        if (end < 0 || !guessed) return end;
        var octalEnd = TryRead(s, start, true, out var octalBytes, out var octalOpenEnd, out _, out _, out var octalLimit);
        if (octalEnd <= end) return end;
        bytes = octalBytes;
        openEnd = octalOpenEnd;
        limit = octalLimit;
        return octalEnd;
    }

    private static int TryRead(ReadOnlySpan<byte> s, int start, bool? octalOffsets, out byte[] bytes, out bool openEnd, out long firstOffset,
        out bool guessed, out string? limit)
    {
        guessed = false;
        limit = null;
        bytes = [];
        openEnd = false;
        firstOffset = 0;
        var output = new List<byte>();
        Span<byte> lineBytes = stackalloc byte[MaxBytesPerLine];
        Span<byte> previous = stackalloc byte[MaxBytesPerLine];
        var previousCount = 0;
        var pos = start;
        var end = -1;
        var dataLines = 0;
        var octal = octalOffsets;
        long expected = -1;
        var repeatPending = false;
        var lastDataSeen = false;
        Line first = default;
        long finalLength = -1;
        while (pos < s.Length)
        {
            var nl = s[pos..].IndexOf((byte)'\n');
            var lineEnd = nl < 0 ? s.Length : pos + nl;
            var text = s[pos..lineEnd];
            if (text.Length > 0 && text[^1] == '\r') text = text[..^1];
            if (!ParseLine(text, lineBytes, out var line)) break;
            if (line.Repeat)
            {
                if (dataLines == 0 || repeatPending || lastDataSeen) break;
                repeatPending = true;
            }
            else
            {
                if (dataLines == 0)
                {
                    if (line.OffsetOnly) break;
                    first = line;
                    firstOffset = line.HexOffset;
                }
                else
                {
                    if (!line.OffsetOnly && (lastDataSeen || first.Colon != line.Colon || first.GroupDigits != line.GroupDigits)) break;
                    // od writes octal offsets, the others hex: the second line's offset tells which.
                    if (octal is null)
                    {
                        if (line.HexOffset == first.HexOffset + previousCount) octal = false;
                        else if (first.OctalOffset >= 0 && line.OctalOffset == first.OctalOffset + previousCount)
                        {
                            octal = true;
                            expected = first.OctalOffset + previousCount;
                        }
                        else if (repeatPending)
                        {
                            octal = false;
                            guessed = true;
                        }
                        else break;
                    }
                    var offset = octal == true ? line.OctalOffset : line.HexOffset;
                    if (line.OffsetOnly && !repeatPending)
                    {
                        // od and hexdump end with the length: it drops the padding of an odd last word.
                        if (offset > expected || offset <= expected - Math.Max(1, first.GroupDigits / 2)) break;
                        finalLength = offset - (octal == true ? first.OctalOffset : first.HexOffset);
                        end = lineEnd;
                        break;
                    }
                    if (repeatPending)
                    {
                        var gap = offset - expected;
                        if (gap <= 0 || gap % previousCount != 0) break;
                        if (output.Count + gap > MaxDecodedBytes)
                        {
                            limit = $"a hex dump whose repeated lines stand for more than {MaxDecodedBytes:N0} bytes";
                            break;
                        }
                        for (long k = 0; k < gap / previousCount; k++) output.AddRange(previous[..previousCount]);
                        repeatPending = false;
                    }
                    else if (offset != expected) break;
                    if (line.OffsetOnly)
                    {
                        end = lineEnd;
                        break;
                    }
                }
                for (var k = 0; k < line.Count; k++) output.Add(lineBytes[k]);
                lineBytes[..line.Count].CopyTo(previous);
                previousCount = line.Count;
                expected = (octal == true ? line.OctalOffset : line.HexOffset) + line.Count;
                dataLines++;
                // A line shorter than the first is the dump's last (only its length line may follow).
                lastDataSeen = line.Count < first.Count;
            }
            end = lineEnd;
            if (nl < 0) break;
            pos = lineEnd + 1;
            if (pos == s.Length) openEnd = !lastDataSeen;
        }
        // Two lines make a dump; one line and a '*' repeating it do too.
        if (dataLines < 2 && output.Count <= first.Count) return -1;
        if (finalLength >= 0 && finalLength < output.Count) output.RemoveRange((int)finalLength, output.Count - (int)finalLength);
        bytes = [.. output];
        return end;
    }

    private static bool ParseLine(ReadOnlySpan<byte> text, Span<byte> bytes, out Line line)
    {
        line = default;
        if (text.Length == 1 && text[0] == '*')
        {
            line = new Line(0, 0, false, 0, 0, true, false);
            return true;
        }
        var i = 0;
        long hex = 0, oct = 0;
        var octalValid = true;
        while (i < text.Length && EncodedAlphabet.IsHexDigit(text[i]) && i < 16)
        {
            var v = EncodedAlphabet.Nibble(text[i]);
            hex = hex << 4 | (uint)v;
            if (v > 7) octalValid = false;
            oct = oct << 3 | (uint)(v & 7);
            i++;
        }
        if (i < 4) return false;
        var colon = i < text.Length && text[i] == ':';
        if (colon) i++;
        var rest = text[i..];
        if (rest.IsEmpty || rest.Trim((byte)' ').IsEmpty)
        {
            line = new Line(hex, octalValid ? oct : -1, colon, 0, 0, false, true);
            return !colon;
        }
        if (rest[0] != ' ') return false;
        int groups = 0, groupDigits = 0, count = 0;
        var j = 0;
        while (j < rest.Length)
        {
            var spaces = 0;
            while (j < rest.Length && rest[j] == ' ') { j++; spaces++; }
            if (j >= rest.Length) break;
            if (groups > 0 && spaces >= 2)
            {
                if (rest[j] is (byte)'|' or (byte)'>') break;
                // hexdump -C sets two spaces after the eighth byte; xxd sets them before its ASCII column.
                if (!(spaces == 2 && groupDigits == 2 && groups == 8)) break;
            }
            var k = j;
            while (k < rest.Length && rest[k] != ' ') k++;
            var token = rest[j..k];
            var allHex = true;
            foreach (var b in token) allHex &= EncodedAlphabet.IsHexDigit(b);
            if (!allHex)
            {
                if (groups == 0) return false;
                break;
            }
            if (groups == 0)
            {
                if (token.Length is not (2 or 4 or 8)) return false;
                groupDigits = token.Length;
            }
            else if (token.Length != groupDigits)
            {
                // xxd ends an odd-length dump with a shorter group; anything else is not this dump.
                if (token.Length > groupDigits || token.Length % 2 != 0) return false;
            }
            var groupBytes = token.Length / 2;
            if (count + groupBytes > bytes.Length) return false;
            // od and hexdump print 2- and 4-byte words in the machine's (little-endian) order; xxd keeps the file's.
            var littleEndian = !colon && groupDigits > 2;
            for (var g = 0; g < groupBytes; g++)
            {
                var b = (byte)(EncodedAlphabet.Nibble(token[2 * g]) << 4 | EncodedAlphabet.Nibble(token[2 * g + 1]));
                bytes[count + (littleEndian ? groupBytes - 1 - g : g)] = b;
            }
            count += groupBytes;
            groups++;
            j = k;
            if (token.Length < groupDigits) break;
        }
        if (groups == 0) return false;
        line = new Line(hex, octalValid ? oct : -1, colon, groupDigits, count, false, false);
        return true;
    }
}
