using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Egress.Formats.Data;

/// <summary>
/// One numpy element type from its descr string ("&lt;f8", "|b1", "&lt;U10", "&lt;M8[D]"): how many
/// bytes it takes and how one element reads as text. Object arrays ('O') hold pickles and are
/// recognised so that they can be reported as opaque.
/// </summary>
public sealed record NpyDtype(char Kind, int Size, bool BigEndian, string Unit)
{
    public bool IsObject => Kind == 'O';

    public static NpyDtype Parse(string descr)
    {
        if (descr.Length < 2) throw new InvalidDataException($"unknown numpy dtype '{descr}'");
        var order = descr[0];
        var rest = descr;
        var bigEndian = false;
        if (order is '<' or '>' or '|' or '=')
        {
            bigEndian = order == '>';
            rest = descr[1..];
        }
        var kind = rest[0];
        var unit = "";
        var sizeText = rest[1..];
        var bracket = sizeText.IndexOf('[');
        if (bracket >= 0)
        {
            if (!sizeText.EndsWith(']')) throw new InvalidDataException($"unknown numpy dtype '{descr}'");
            unit = sizeText[(bracket + 1)..^1];
            sizeText = sizeText[..bracket];
        }
        // Object arrays are written as "|O" without a size: a pointer each.
        if (kind == 'O' && sizeText.Length == 0) sizeText = "8";
        if (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size <= 0 || size > 1 << 20)
            throw new InvalidDataException($"unknown numpy dtype '{descr}'");
        var valid = kind switch
        {
            'f' => size is 2 or 4 or 8,
            'i' or 'u' => size is 1 or 2 or 4 or 8,
            'b' => size == 1,
            'c' => size is 8 or 16,
            'M' or 'm' => size == 8,
            'S' or 'a' or 'V' => true,
            'U' => size <= 1 << 18,
            'O' => size is 4 or 8,
            _ => false,
        };
        if (!valid) throw new InvalidDataException($"unsupported numpy dtype '{descr}'");
        // Unicode strings count characters of four bytes (UTF-32).
        return new NpyDtype(kind, kind == 'U' ? size * 4 : size, bigEndian, unit);
    }

    /// <summary>One element as text (numbers in shortest round-trip form, NaT and NaN as empty).</summary>
    public string Format(ReadOnlySpan<byte> b) => Kind switch
    {
        'f' => Size switch
        {
            2 => Missing(NumberText.Single((float)BitConverter.Int16BitsToHalf(I16(b)))),
            4 => Missing(NumberText.Single(BitConverter.Int32BitsToSingle(I32(b)))),
            _ => Missing(NumberText.Double(BitConverter.Int64BitsToDouble(I64(b)))),
        },
        'i' => NumberText.Integer(Size switch { 1 => (sbyte)b[0], 2 => I16(b), 4 => I32(b), _ => I64(b) }),
        'u' => NumberText.Unsigned(Size switch { 1 => b[0], 2 => (ushort)I16(b), 4 => (uint)I32(b), _ => (ulong)I64(b) }),
        'b' => b[0] != 0 ? "True" : "False",
        'c' => Complex(b),
        'M' => DateTime(I64(b)),
        'm' => I64(b) == long.MinValue ? "" : NumberText.Integer(I64(b)),
        'S' or 'a' => Bytes(b),
        'U' => Utf32(b),
        _ => Convert.ToHexString(b),
    };

    private static string Missing(string number) => number == "NaN" ? "" : number;

    private string Complex(ReadOnlySpan<byte> b)
    {
        var half = Size / 2;
        string re, im;
        if (half == 4)
        {
            re = NumberText.Single(BitConverter.Int32BitsToSingle(I32(b)));
            im = NumberText.Single(BitConverter.Int32BitsToSingle(I32(b[4..])));
        }
        else
        {
            re = NumberText.Double(BitConverter.Int64BitsToDouble(I64(b)));
            im = NumberText.Double(BitConverter.Int64BitsToDouble(I64(b[8..])));
        }
        return im.StartsWith('-') ? $"{re}{im}j" : $"{re}+{im}j";
    }

    /// <summary>datetime64 in its unit: days as dates, finer units as date and time; NaT as empty.</summary>
    private string DateTime(long value)
    {
        if (value == long.MinValue) return "";
        decimal ticks = Unit switch
        {
            "D" => value * (decimal)TimeSpan.TicksPerDay,
            "h" => value * (decimal)TimeSpan.TicksPerHour,
            "m" => value * (decimal)TimeSpan.TicksPerMinute,
            "s" => value * (decimal)TimeSpan.TicksPerSecond,
            "ms" => value * (decimal)TimeSpan.TicksPerMillisecond,
            "us" => value * 10m,
            "ns" => value / 100m,
            _ => decimal.MinValue,
        };
        if (ticks == decimal.MinValue) return NumberText.Integer(value);
        return NumberText.EpochTicks(decimal.Truncate(ticks)) ?? NumberText.Integer(value);
    }

    private static string Bytes(ReadOnlySpan<byte> b)
    {
        var end = b.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end >= 0 ? b[..end] : b);
    }

    private string Utf32(ReadOnlySpan<byte> b)
    {
        var text = new StringBuilder(b.Length / 4);
        for (var i = 0; i + 4 <= b.Length; i += 4)
        {
            var code = (uint)I32(b[i..]);
            if (code == 0) break;
            if (code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF) text.Append('\uFFFD');
            else text.Append(char.ConvertFromUtf32((int)code));
        }
        return text.ToString();
    }

    private short I16(ReadOnlySpan<byte> b) => BigEndian ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b);
    private int I32(ReadOnlySpan<byte> b) => BigEndian ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b);
    private long I64(ReadOnlySpan<byte> b) => BigEndian ? BinaryPrimitives.ReadInt64BigEndian(b) : BinaryPrimitives.ReadInt64LittleEndian(b);
}
