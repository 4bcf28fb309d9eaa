namespace Egress.Formats.Encodings;

/// <summary>Byte classes of the base64 (standard and URL-safe) and hex alphabets, one table look-up each.</summary>
internal static class EncodedAlphabet
{
    public const byte None = 0, Upper = 1, Lower = 2, Digit = 3, Symbol = 4;

    private static readonly byte[] Classes = BuildClasses();
    private static readonly sbyte[] Sextets = BuildSextets();
    private static readonly sbyte[] Nibbles = BuildNibbles();

    /// <summary>The class of a byte: letters, digits, or one of + / - _ (base64's two alphabets).</summary>
    public static byte Class(byte b) => Classes[b];

    public static bool IsBase64(byte b) => Classes[b] != None;

    /// <summary>The 6-bit value of a base64 character in either alphabet, or -1.</summary>
    public static int Sextet(byte b) => Sextets[b];

    /// <summary>The value of a hex digit (either case), or -1.</summary>
    public static int Nibble(byte b) => Nibbles[b];

    public static bool IsHexDigit(byte b) => Nibbles[b] >= 0;

    private static byte[] BuildClasses()
    {
        var t = new byte[256];
        for (var c = 'A'; c <= 'Z'; c++) t[c] = Upper;
        for (var c = 'a'; c <= 'z'; c++) t[c] = Lower;
        for (var c = '0'; c <= '9'; c++) t[c] = Digit;
        t['+'] = t['/'] = t['-'] = t['_'] = Symbol;
        return t;
    }

    private static sbyte[] BuildSextets()
    {
        var t = new sbyte[256];
        Array.Fill(t, (sbyte)-1);
        const string standard = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (var i = 0; i < standard.Length; i++) t[standard[i]] = (sbyte)i;
        t['-'] = 62;
        t['_'] = 63;
        return t;
    }

    private static sbyte[] BuildNibbles()
    {
        var t = new sbyte[256];
        Array.Fill(t, (sbyte)-1);
        for (var c = '0'; c <= '9'; c++) t[c] = (sbyte)(c - '0');
        for (var c = 'a'; c <= 'f'; c++) t[c] = (sbyte)(c - 'a' + 10);
        for (var c = 'A'; c <= 'F'; c++) t[c] = (sbyte)(c - 'A' + 10);
        return t;
    }
}
