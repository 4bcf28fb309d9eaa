using System.Text;

namespace Egress.Tests.Formats.Encodings;

/// <summary>Writes bytes the way common tools encode them (base64 wrapped, xxd, od -x, hexdump -C, URL-encoding, quoted-printable).</summary>
public static class EncodingWriters
{
    public static string Base64(byte[] bytes, int wrap = 0, bool urlSafe = false, bool padding = true)
    {
        var text = Convert.ToBase64String(bytes);
        if (urlSafe) text = text.Replace('+', '-').Replace('/', '_');
        if (!padding) text = text.TrimEnd('=');
        return wrap <= 0 ? text : string.Join("\n", text.Chunk(wrap).Select(c => new string(c)));
    }

    public static string Hex(byte[] bytes, int wrap = 0, bool upper = false)
    {
        var text = Convert.ToHexString(bytes);
        if (!upper) text = text.ToLowerInvariant();
        return wrap <= 0 ? text : string.Join("\n", text.Chunk(wrap).Select(c => new string(c)));
    }

    /// <summary><c>xxd</c>: 8-digit hex offset and a colon, 16 bytes in 2-byte groups, the ASCII column after two spaces.</summary>
    public static string Xxd(byte[] bytes)
    {
        var text = new StringBuilder();
        for (var at = 0; at < bytes.Length; at += 16)
        {
            var line = bytes.AsSpan(at, Math.Min(16, bytes.Length - at));
            text.Append($"{at:x8}:");
            var hex = new StringBuilder();
            for (var i = 0; i < line.Length; i++)
            {
                if (i % 2 == 0) hex.Append(' ');
                hex.Append($"{line[i]:x2}");
            }
            text.Append(hex.ToString().PadRight(40)).Append("  ").Append(Printable(line)).Append('\n');
        }
        return text.ToString();
    }

    /// <summary><c>od -x</c>: 7-digit octal offsets, 16-bit little-endian words, a final line with the length.</summary>
    public static string OdX(byte[] bytes)
    {
        var text = new StringBuilder();
        var at = 0;
        for (; at < bytes.Length; at += 16)
        {
            text.Append(Convert.ToString(at, 8).PadLeft(7, '0'));
            for (var i = at; i < Math.Min(at + 16, bytes.Length); i += 2)
            {
                var low = bytes[i];
                var high = i + 1 < bytes.Length ? bytes[i + 1] : (byte)0;
                text.Append($" {high:x2}{low:x2}");
            }
            text.Append('\n');
        }
        text.Append(Convert.ToString(bytes.Length, 8).PadLeft(7, '0')).Append('\n');
        return text.ToString();
    }

    /// <summary><c>hexdump -C</c>: 8-digit hex offsets, bytes with a wider gap after eight, the ASCII column between bars.</summary>
    public static string HexdumpC(byte[] bytes)
    {
        var text = new StringBuilder();
        for (var at = 0; at < bytes.Length; at += 16)
        {
            var line = bytes.AsSpan(at, Math.Min(16, bytes.Length - at));
            text.Append($"{at:x8} ");
            var hex = new StringBuilder();
            for (var i = 0; i < line.Length; i++)
            {
                hex.Append(' ');
                if (i == 8) hex.Append(' ');
                hex.Append($"{line[i]:x2}");
            }
            text.Append(hex.ToString().PadRight(49)).Append("  |").Append(Printable(line)).Append("|\n");
        }
        text.Append($"{bytes.Length:x8}\n");
        return text.ToString();
    }

    public static string UrlEncode(byte[] bytes)
    {
        var text = new StringBuilder();
        foreach (var b in bytes)
        {
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
                text.Append((char)b);
            else text.Append($"%{b:X2}");
        }
        return text.ToString();
    }

    /// <summary>Quoted-printable: '=' and non-ASCII escaped, lines kept, long lines broken at 76 with soft breaks.</summary>
    public static string QuotedPrintable(byte[] bytes, bool escapeAll = false)
    {
        var text = new StringBuilder();
        var column = 0;
        foreach (var b in bytes)
        {
            if (b == '\n' && !escapeAll)
            {
                text.Append('\n');
                column = 0;
                continue;
            }
            var piece = !escapeAll && b is >= 33 and <= 126 && b != '=' ? ((char)b).ToString() : $"={b:X2}";
            if (column + piece.Length > 75)
            {
                text.Append("=\n");
                column = 0;
            }
            text.Append(piece);
            column += piece.Length;
        }
        return text.ToString();
    }

    private static string Printable(ReadOnlySpan<byte> line)
    {
        var s = new StringBuilder();
        foreach (var b in line) s.Append(b is >= 32 and < 127 ? (char)b : '.');
        return s.ToString();
    }
}
