namespace Egress.Formats.Encodings;

/// <summary>
/// Base85 decoders: ASCII85 (Adobe's <c>&lt;~ … ~&gt;</c>, btoa and Python's <c>a85encode</c>: '!'–'u',
/// 'z' for four zero bytes, 'y' for four spaces in btoa) and ZeroMQ's Z85. Whitespace is skipped; a
/// character outside the alphabet or a group above 2³²−1 ends the decode (a damaged run decodes in part).
/// </summary>
internal static class Base85
{
    private const string Z85Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
    private static readonly sbyte[] Z85Values = BuildZ85();

    public static bool IsAscii85(byte b) => b is >= (byte)'!' and <= (byte)'u' or (byte)'z' or (byte)'y';

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';

    /// <summary>Whether every byte is of the ASCII85 alphabet or whitespace.</summary>
    public static bool AllAscii85(ReadOnlySpan<byte> s)
    {
        foreach (var b in s)
            if (!IsAscii85(b) && !IsSpace(b)) return false;
        return true;
    }

    public static byte[] DecodeAscii85(ReadOnlySpan<byte> raw) => Decode(raw, static b => b is >= (byte)'!' and <= (byte)'u' ? b - '!' : -1, zeroGroups: true);

    public static byte[] DecodeZ85(ReadOnlySpan<byte> raw) => Decode(raw, static b => Z85Values[b], zeroGroups: false);

    private static byte[] Decode(ReadOnlySpan<byte> raw, Func<byte, int> digit, bool zeroGroups)
    {
        var output = new List<byte>(raw.Length * 4 / 5 + 8);
        Span<int> group = stackalloc int[5];
        var n = 0;
        foreach (var b in raw)
        {
            if (IsSpace(b)) continue;
            if (zeroGroups && n == 0 && b is (byte)'z' or (byte)'y')
            {
                var fill = b == 'z' ? (byte)0 : (byte)' ';
                for (var i = 0; i < 4; i++) output.Add(fill);
                continue;
            }
            var v = digit(b);
            if (v < 0) break;
            group[n++] = v;
            if (n < 5) continue;
            if (!Emit(group, 4, output)) return [.. output];
            n = 0;
        }
        // A last group of k characters carries k − 1 bytes: it was padded with the highest digit.
        if (n > 1)
        {
            for (var i = n; i < 5; i++) group[i] = 84;
            Emit(group, n - 1, output);
        }
        return [.. output];
    }

    private static bool Emit(ReadOnlySpan<int> group, int bytes, List<byte> output)
    {
        long value = 0;
        foreach (var d in group) value = value * 85 + d;
        if (value > uint.MaxValue) return false;
        for (var i = 0; i < bytes; i++) output.Add((byte)(value >> (24 - 8 * i)));
        return true;
    }

    private static sbyte[] BuildZ85()
    {
        var t = new sbyte[256];
        Array.Fill(t, (sbyte)-1);
        for (var i = 0; i < Z85Alphabet.Length; i++) t[Z85Alphabet[i]] = (sbyte)i;
        return t;
    }
}
