namespace Egress.Formats.Containers;

/// <summary>
/// One 512-byte tar header (v7, POSIX ustar, GNU), its fields parsed defensively: numbers in octal or
/// GNU base-256, names cut at their first NUL, the checksum verified so damage is caught at the header.
/// </summary>
public readonly ref struct TarHeader(ReadOnlySpan<byte> block)
{
    public const int BlockSize = 512;
    private readonly ReadOnlySpan<byte> _block = block;

    public static bool IsZeroBlock(ReadOnlySpan<byte> block) => !block[..BlockSize].ContainsAnyExcept((byte)0);

    /// <summary>The header's sum with its checksum field counted as spaces, unsigned (POSIX) or signed (some old tars).</summary>
    public bool ChecksumValid
    {
        get
        {
            if (!TryParseNumber(_block.Slice(148, 8), out var stored)) return false;
            long unsigned = 0, signed = 0;
            for (var i = 0; i < BlockSize; i++)
            {
                var b = i is >= 148 and < 156 ? (byte)' ' : _block[i];
                unsigned += b;
                signed += (sbyte)b;
            }
            return stored == unsigned || stored == signed;
        }
    }

    /// <summary>"ustar\0" (POSIX) or "ustar  \0" (GNU) at 257.</summary>
    public bool IsUstar => _block.Slice(257, 5).SequenceEqual("ustar"u8);
    public bool IsPosixUstar => _block.Slice(257, 6).SequenceEqual("ustar\0"u8);

    public char TypeFlag => (char)_block[156];

    public bool TryGetSize(out long size) => TryParseNumber(_block.Slice(124, 12), out size) && size >= 0;

    /// <summary>The name field, with the POSIX prefix field in front when there is one (GNU uses those bytes for other things).</summary>
    public byte[] Name
    {
        get
        {
            var name = CString(_block[..100]);
            if (!IsPosixUstar) return name.ToArray();
            var prefix = CString(_block.Slice(345, 155));
            return prefix.IsEmpty ? name.ToArray() : [.. prefix, (byte)'/', .. name];
        }
    }

    public byte[] LinkName => CString(_block.Slice(157, 100)).ToArray();

    /// <summary>Whether the block looks like a tar header at all: a valid checksum, and the ustar magic or a v7 type and name.</summary>
    public bool Plausible => ChecksumValid && (IsUstar || (_block[0] != 0 && TypeFlag is '\0' or (>= '0' and <= '7') && TryGetSize(out _)));

    public static ReadOnlySpan<byte> CString(ReadOnlySpan<byte> field)
    {
        var nul = field.IndexOf((byte)0);
        return nul < 0 ? field : field[..nul];
    }

    /// <summary>Octal digits (leading spaces and NULs allowed, ended by space or NUL), or GNU base-256 when the top bit is set.</summary>
    public static bool TryParseNumber(ReadOnlySpan<byte> field, out long value)
    {
        value = 0;
        if (field.IsEmpty) return false;
        if ((field[0] & 0x80) != 0)
        {
            // Base-256: 0x80 starts a positive number; 0xFF a negative one, which no size or checksum can be.
            if (field[0] != 0x80) return false;
            foreach (var b in field[1..])
            {
                if (value > (long.MaxValue >> 8)) return false;
                value = (value << 8) | b;
            }
            return true;
        }
        var i = 0;
        while (i < field.Length && field[i] is (byte)' ' or 0) i++;
        var digits = 0;
        for (; i < field.Length; i++)
        {
            var b = field[i];
            if (b is (byte)' ' or 0) break;
            if (b is < (byte)'0' or > (byte)'7' || value > (long.MaxValue >> 3)) return false;
            value = (value << 3) | (long)(b - '0');
            digits++;
        }
        // Only padding may follow the digits.
        for (; i < field.Length; i++)
            if (field[i] is not ((byte)' ' or 0)) return false;
        return digits > 0 || field.IndexOfAnyExcept((byte)' ', (byte)0) < 0;
    }
}
