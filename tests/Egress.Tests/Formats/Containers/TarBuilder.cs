using System.Text;

namespace Egress.Tests.Formats.Containers;

/// <summary>A tar writer of our own for tests: ustar headers with any name, type, size and link, valid checksums unless told.</summary>
internal sealed class TarBuilder
{
    private readonly MemoryStream _tar = new();

    public TarBuilder File(string name, string text) => Entry(name, Encoding.UTF8.GetBytes(text));

    public TarBuilder Entry(string name, byte[] data, char type = '0', string link = "", long? declaredSize = null)
    {
        _tar.Write(Header(name, declaredSize ?? data.Length, type, link));
        _tar.Write(data);
        _tar.Write(new byte[(512 - data.Length % 512) % 512]);
        return this;
    }

    public TarBuilder Raw(byte[] bytes)
    {
        _tar.Write(bytes);
        return this;
    }

    /// <summary>The end-of-archive marker: two zero blocks.</summary>
    public byte[] Build(bool endMarker = true)
    {
        if (endMarker) _tar.Write(new byte[1024]);
        return _tar.ToArray();
    }

    public static byte[] Header(string name, long size, char type = '0', string link = "")
    {
        var h = new byte[512];
        Encoding.UTF8.GetBytes(name).AsSpan(0, Math.Min(100, Encoding.UTF8.GetByteCount(name))).CopyTo(h);
        Octal(h, 100, 8, 0b110_100_100);
        Octal(h, 108, 8, 1000);
        Octal(h, 116, 8, 1000);
        Octal(h, 124, 12, size);
        Octal(h, 136, 12, 1_700_000_000);
        h[156] = (byte)type;
        Encoding.UTF8.GetBytes(link).CopyTo(h, 157);
        "ustar\0"u8.CopyTo(h.AsSpan(257));
        "00"u8.CopyTo(h.AsSpan(263));
        "researcher"u8.CopyTo(h.AsSpan(265));
        "users"u8.CopyTo(h.AsSpan(297));
        SetChecksum(h);
        return h;
    }

    public static void SetChecksum(byte[] h)
    {
        "        "u8.CopyTo(h.AsSpan(148));
        var sum = h.Sum(b => (long)b);
        Octal(h, 148, 7, sum);
        h[155] = (byte)' ';
    }

    private static void Octal(byte[] h, int at, int width, long value)
    {
        var digits = Convert.ToString(value, 8).PadLeft(width - 1, '0');
        Encoding.ASCII.GetBytes(digits).CopyTo(h, at);
        h[at + width - 1] = 0;
    }
}
