using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Egress.Formats.Encodings;

/// <summary>
/// Finds runs of the base64/hex alphabet long enough to hold an encoded payload, 32 bytes at a time:
/// one class test per byte and a branch per 32 bytes. Most text has a separator (space, comma, dot,
/// line break) every few bytes, so the common block is rejected at memory speed.
/// </summary>
internal static class AlphabetRuns
{
    /// <summary>
    /// Shortest run looked at: 32 base64 characters are 24 bytes, below which a decoded run is ignored.
    /// Words, numbers, UUID groups and 40-character git hashes are shorter or are split by separators.
    /// </summary>
    public const int MinRun = 32;

    /// <summary>The next run of at least <see cref="MinRun"/> alphabet bytes at or after <paramref name="from"/>.</summary>
    public static bool Next(ReadOnlySpan<byte> s, int from, out int start, out int end) => Next<Base64Bytes>(s, from, MinRun, out start, out end);

    /// <summary>
    /// The next run of at least <paramref name="minRun"/> bytes of hex digits and spaces: the bytes column of a
    /// hex dump line, at whatever offset the dump starts.
    /// </summary>
    public static bool NextHexAndSpaces(ReadOnlySpan<byte> s, int from, int minRun, out int start, out int end) =>
        Next<HexAndSpaceBytes>(s, from, minRun, out start, out end);

    /// <summary>
    /// The next run of at least <paramref name="minRun"/> printable ASCII bytes other than the space, ',' and ';': the
    /// core of a base85 run. Leaving out CSV's separators keeps rows of a table from being runs; ASCII85, which has
    /// them, still has stretches of dozens of bytes without.
    /// </summary>
    public static bool NextPrintable(ReadOnlySpan<byte> s, int from, int minRun, out int start, out int end) =>
        Next<PrintableBytes>(s, from, minRun, out start, out end);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool Next<TClass>(ReadOnlySpan<byte> s, int from, int minRun, out int start, out int end) where TClass : struct, IByteClass
    {
        var run = 0;
        var i = from;
        ref var origin = ref MemoryMarshal.GetReference(s);
        if (Vector256.IsHardwareAccelerated && minRun >= 32)
        {
            while (i + 32 <= s.Length)
            {
                var m = TClass.Mask(Vector256.LoadUnsafe(ref origin, (nuint)i));
                if (m == uint.MaxValue) { run += 32; i += 32; continue; }
                var lead = BitOperations.TrailingZeroCount(~m);
                if (run + lead >= minRun) { start = i - run; end = i + lead; return true; }
                // A run inside these 32 bytes is shorter than minRun: only the one reaching their end can grow.
                run = BitOperations.LeadingZeroCount(~m);
                i += 32;
            }
        }
        else if (Vector128.IsHardwareAccelerated && minRun >= 16)
        {
            while (i + 16 <= s.Length)
            {
                var m = TClass.Mask(Vector128.LoadUnsafe(ref origin, (nuint)i));
                if (m == 0xFFFF) { run += 16; i += 16; continue; }
                var lead = BitOperations.TrailingZeroCount(~m);
                if (run + lead >= minRun) { start = i - run; end = i + lead; return true; }
                run = BitOperations.LeadingZeroCount(~m << 16);
                i += 16;
            }
        }
        for (; i < s.Length; i++)
        {
            if (TClass.Is(s[i])) { run++; continue; }
            if (run >= minRun) { start = i - run; end = i; return true; }
            run = 0;
        }
        start = s.Length - run;
        end = s.Length;
        return run >= minRun;
    }

    private interface IByteClass
    {
        static abstract uint Mask(Vector256<byte> v);
        static abstract uint Mask(Vector128<byte> v);
        static abstract bool Is(byte b);
    }

    /// <summary>Letters, digits, + / - _ (both base64 alphabets).</summary>
    private readonly struct Base64Bytes : IByteClass
    {
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public static uint Mask(Vector256<byte> v)
        {
            var letters = Vector256.LessThan((v | Vector256.Create((byte)0x20)) - Vector256.Create((byte)'a'), Vector256.Create((byte)26));
            var digits = Vector256.LessThan(v - Vector256.Create((byte)'0'), Vector256.Create((byte)10));
            // '+' (0x2B) and '/' (0x2F) differ in one bit; '-' and '_' are the URL-safe alphabet's.
            var symbols = Vector256.Equals(v | Vector256.Create((byte)0x04), Vector256.Create((byte)'/'))
                          | Vector256.Equals(v, Vector256.Create((byte)'-'))
                          | Vector256.Equals(v, Vector256.Create((byte)'_'));
            return (letters | digits | symbols).ExtractMostSignificantBits();
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public static uint Mask(Vector128<byte> v)
        {
            var letters = Vector128.LessThan((v | Vector128.Create((byte)0x20)) - Vector128.Create((byte)'a'), Vector128.Create((byte)26));
            var digits = Vector128.LessThan(v - Vector128.Create((byte)'0'), Vector128.Create((byte)10));
            var symbols = Vector128.Equals(v | Vector128.Create((byte)0x04), Vector128.Create((byte)'/'))
                          | Vector128.Equals(v, Vector128.Create((byte)'-'))
                          | Vector128.Equals(v, Vector128.Create((byte)'_'));
            return (letters | digits | symbols).ExtractMostSignificantBits();
        }

        public static bool Is(byte b) => EncodedAlphabet.IsBase64(b);
    }

    /// <summary>Hex digits (either case) and the space.</summary>
    private readonly struct HexAndSpaceBytes : IByteClass
    {
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public static uint Mask(Vector256<byte> v)
        {
            var letters = Vector256.LessThan((v | Vector256.Create((byte)0x20)) - Vector256.Create((byte)'a'), Vector256.Create((byte)6));
            var digits = Vector256.LessThan(v - Vector256.Create((byte)'0'), Vector256.Create((byte)10));
            return (letters | digits | Vector256.Equals(v, Vector256.Create((byte)' '))).ExtractMostSignificantBits();
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public static uint Mask(Vector128<byte> v)
        {
            var letters = Vector128.LessThan((v | Vector128.Create((byte)0x20)) - Vector128.Create((byte)'a'), Vector128.Create((byte)6));
            var digits = Vector128.LessThan(v - Vector128.Create((byte)'0'), Vector128.Create((byte)10));
            return (letters | digits | Vector128.Equals(v, Vector128.Create((byte)' '))).ExtractMostSignificantBits();
        }

        public static bool Is(byte b) => b == ' ' || EncodedAlphabet.IsHexDigit(b);
    }

    /// <summary>'!' to '~' but ',' and ';'.</summary>
    private readonly struct PrintableBytes : IByteClass
    {
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public static uint Mask(Vector256<byte> v) =>
            (Vector256.LessThan(v - Vector256.Create((byte)'!'), Vector256.Create((byte)94))
             & ~Vector256.Equals(v, Vector256.Create((byte)','))
             & ~Vector256.Equals(v, Vector256.Create((byte)';'))).ExtractMostSignificantBits();

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public static uint Mask(Vector128<byte> v) =>
            (Vector128.LessThan(v - Vector128.Create((byte)'!'), Vector128.Create((byte)94))
             & ~Vector128.Equals(v, Vector128.Create((byte)','))
             & ~Vector128.Equals(v, Vector128.Create((byte)';'))).ExtractMostSignificantBits();

        public static bool Is(byte b) => (byte)(b - '!') < 94 && b is not ((byte)',' or (byte)';');
    }

    /// <summary>
    /// Extends a run over the lines that continue it when the text is wrapped (MIME and PEM wrap base64
    /// at 64 or 76 columns, <c>xxd -p</c> hex at 60): each following line made only of the alphabet, as
    /// wide as the one before, up to a shorter last line or '=' padding. Returns the run's end.
    /// </summary>
    public static int Extend(ReadOnlySpan<byte> s, int start, int end, out bool openEnd)
    {
        var lines = 1;
        var width = end - start;
        openEnd = false;
        var padded = Padding(s, end);
        if (padded > end) return padded;
        var firstStartsLine = start == 0 || s[start - 1] == '\n';
        var hexSoFar = IsHex(s[start..end]);
        while (true)
        {
            var next = AfterLineBreak(s, end);
            if (next < 0) return end;
            if (next == s.Length)
            {
                openEnd = true;
                return end;
            }
            var j = next;
            while (j < s.Length && EncodedAlphabet.IsBase64(s[j])) j++;
            var length = j - next;
            var withPadding = Padding(s, j);
            var padding = withPadding - j;
            j = withPadding;
            if (j < s.Length && AfterLineBreak(s, j) < 0) return end;
            var total = length + padding;
            if (total < 2) return end;
            if (total > width)
            {
                // A first line that began mid-line (after "data:...," or a label) is shorter than the wrap width.
                if (lines > 1 || firstStartsLine) return end;
                width = total;
            }
            var last = total < width || padding > 0;
            if (last && padding == 0 && !LooksLikeTail(s.Slice(next, length), hexSoFar)) return end;
            hexSoFar &= IsHex(s.Slice(next, length));
            lines++;
            end = j;
            if (last) return end;
        }
    }

    /// <summary>A short last line of a wrapped run, not a word that happens to follow it.</summary>
    private static bool LooksLikeTail(ReadOnlySpan<byte> line, bool hexSoFar)
    {
        if (hexSoFar && IsHex(line)) return line.Length % 2 == 0;
        if (line.Length < 4) return false;
        int upper = 0, lower = 0;
        foreach (var b in line)
            switch (EncodedAlphabet.Class(b))
            {
                case EncodedAlphabet.Upper: upper++; break;
                case EncodedAlphabet.Lower: lower++; break;
                default: return true;
            }
        return upper >= 2 && lower >= 2;
    }

    private static bool IsHex(ReadOnlySpan<byte> s)
    {
        foreach (var b in s)
            if (!EncodedAlphabet.IsHexDigit(b)) return false;
        return true;
    }

    /// <summary>Base64 pads with up to two '=', base32 with up to six.</summary>
    private static int Padding(ReadOnlySpan<byte> s, int at)
    {
        var p = at;
        while (p < s.Length && p - at < 6 && s[p] == '=') p++;
        return p;
    }

    /// <summary>The offset after the line break at <paramref name="at"/>, or -1 when there is none there.</summary>
    public static int AfterLineBreak(ReadOnlySpan<byte> s, int at)
    {
        if (at < s.Length && s[at] == '\n') return at + 1;
        if (at + 1 < s.Length && s[at] == '\r' && s[at + 1] == '\n') return at + 2;
        return -1;
    }
}
