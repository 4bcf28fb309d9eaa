using System.Buffers.Binary;

namespace Egress.Formats.Data.Hdf5;

/// <summary>
/// An HDF5 file held whole: the superblock (versions 0-3: the sizes of offsets and lengths, the root group) and
/// bounded access to everything addresses point at. Addresses are relative to the superblock (a user block before it
/// moves it to 512, 1024, … bytes).
/// </summary>
public sealed class Hdf5File
{
    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];

    public const ulong Undefined = ulong.MaxValue;

    private readonly ReadOnlyMemory<byte> _data;
    private readonly int _base;

    /// <summary>Bytes of an address (the superblock's "size of offsets").</summary>
    public int OffsetSize { get; }
    /// <summary>Bytes of a length (the superblock's "size of lengths").</summary>
    public int LengthSize { get; }
    public int Version { get; }
    /// <summary>The root group's object header.</summary>
    public ulong Root { get; }

    private Hdf5File(ReadOnlyMemory<byte> data, int at)
    {
        _data = data;
        _base = at;
        var s = data.Span[at..];
        if (s.Length < 48) throw new EndOfStreamException();
        Version = s[8];
        switch (Version)
        {
            case 0 or 1:
                OffsetSize = s[13];
                LengthSize = s[14];
                Check();
                // Then leaf and internal node K (2 + 2), flags (4), [v1: indexed storage K (2) + reserved (2)], four addresses, the root entry.
                var entry = 24 + (Version == 1 ? 4 : 0) + 4 * OffsetSize;
                var cursor = new Hdf5Cursor(this, s[entry..]);
                cursor.Skip(OffsetSize); // link name offset
                Root = cursor.Address();
                break;
            case 2 or 3:
                OffsetSize = s[9];
                LengthSize = s[10];
                Check();
                Root = new Hdf5Cursor(this, s[(12 + 3 * OffsetSize)..]).Address();
                break;
            default:
                throw new NotSupportedException($"HDF5 superblock version {Version}");
        }
    }

    /// <summary>The file whose superblock is at 0 or after a user block of 512, 1024, 2048… bytes.</summary>
    public static Hdf5File Open(ReadOnlyMemory<byte> data)
    {
        for (long at = 0; at + 8 <= data.Length; at = at == 0 ? 512 : at * 2)
            if (data.Span[(int)at..].StartsWith(Signature)) return new Hdf5File(data, (int)at);
        throw new InvalidDataException("no HDF5 superblock");
    }

    private void Check()
    {
        if (OffsetSize is not (2 or 4 or 8) || LengthSize is not (2 or 4 or 8))
            throw new InvalidDataException("an HDF5 superblock with impossible sizes of offsets or lengths");
    }

    /// <summary><paramref name="length"/> bytes at an address; an address outside the file is damage.</summary>
    public ReadOnlySpan<byte> At(ulong address, long length) => Memory(address, length).Span;

    public ReadOnlyMemory<byte> Memory(ulong address, long length)
    {
        if (address == Undefined || address > (ulong)(_data.Length - _base) || length < 0 || (long)address + length > _data.Length - _base)
            throw new EndOfStreamException();
        return _data.Slice(_base + (int)address, (int)length);
    }

    /// <summary>All bytes from an address to the end of the file (for structures whose length is found as they are read).</summary>
    public ReadOnlySpan<byte> From(ulong address)
    {
        if (address == Undefined || address > (ulong)(_data.Length - _base)) throw new EndOfStreamException();
        return _data.Span[(_base + (int)address)..];
    }

    public static ulong ReadUnsigned(ReadOnlySpan<byte> s, int size) => size switch
    {
        1 => s[0],
        2 => BinaryPrimitives.ReadUInt16LittleEndian(s),
        4 => BinaryPrimitives.ReadUInt32LittleEndian(s),
        8 => BinaryPrimitives.ReadUInt64LittleEndian(s),
        _ => ReadAny(s, size),
    };

    private static ulong ReadAny(ReadOnlySpan<byte> s, int size)
    {
        ulong v = 0;
        for (var i = size - 1; i >= 0; i--) v = v << 8 | s[i];
        return v;
    }
}

/// <summary>Reads little-endian fields, addresses and lengths from a span, checking each against its end.</summary>
public ref struct Hdf5Cursor(Hdf5File file, ReadOnlySpan<byte> span)
{
    private readonly ReadOnlySpan<byte> _s = span;

    public int At { get; set; }
    public readonly int Left => _s.Length - At;

    public ReadOnlySpan<byte> Bytes(long n)
    {
        if (n < 0 || At + n > _s.Length) throw new EndOfStreamException();
        var b = _s.Slice(At, (int)n);
        At += (int)n;
        return b;
    }

    public void Skip(long n) => Bytes(n);
    public byte U8() => Bytes(1)[0];
    public ushort U16() => (ushort)Hdf5File.ReadUnsigned(Bytes(2), 2);
    public uint U32() => (uint)Hdf5File.ReadUnsigned(Bytes(4), 4);
    public ulong U64() => Hdf5File.ReadUnsigned(Bytes(8), 8);
    public ulong Unsigned(int size) => Hdf5File.ReadUnsigned(Bytes(size), size);

    /// <summary>An address; all ones (of the offset size) is undefined.</summary>
    public ulong Address()
    {
        var size = file.OffsetSize;
        var v = Unsigned(size);
        return size < 8 && v == (1UL << 8 * size) - 1 ? Hdf5File.Undefined : v;
    }

    public long Length() => (long)Math.Min(Unsigned(file.LengthSize), long.MaxValue / 4);

    /// <summary>A NUL-terminated string.</summary>
    public string Text()
    {
        var rest = _s[At..];
        var end = rest.IndexOf((byte)0);
        if (end < 0) throw new EndOfStreamException();
        At += end + 1;
        return System.Text.Encoding.UTF8.GetString(rest[..end]);
    }

    public void Align(int to)
    {
        var pad = (to - At % to) % to;
        At = Math.Min(_s.Length, At + pad);
    }
}
