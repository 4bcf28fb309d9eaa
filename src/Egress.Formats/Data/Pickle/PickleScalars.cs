using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;

namespace Egress.Formats.Data.Pickle;

/// <summary>
/// A pickled value as one cell of text when it is a single value: Python scalars, short bytes, numpy
/// scalars, datetime.date/datetime.datetime and pandas Timestamps. Anything else is null (a container, walked on its own).
/// </summary>
internal static class PickleScalars
{
    /// <summary>Bytes up to this long are a value (a Python 2 str, a code); longer ones are read again as a file.</summary>
    public const int ShortBytes = 64;

    public static string? Text(object? v) => v switch
    {
        null => "",
        bool b => b ? "True" : "False",
        long l => NumberText.Integer(l),
        BigInteger big => big.ToString(CultureInfo.InvariantCulture),
        double d => double.IsNaN(d) ? "" : NumberText.Double(d),
        string s => s,
        byte[] bytes when bytes.Length <= ShortBytes => System.Text.Encoding.Latin1.GetString(bytes),
        PyObject o => Object(o),
        _ => null,
    };

    private static string? Object(PyObject o)
    {
        if (o.Callable is not PyGlobal g) return null;
        if (g.Name == "scalar" && PickledArray.From(o) is { Shape.Length: 0, Count: 1, Unsupported: null } scalar) return scalar.Element(0);
        if (g.Module == "datetime" && o.Args is PyTuple { Items: [byte[] b, ..] }) return DateTime(g.Name, b);
        if (g.Name == "_unpickle_timestamp" && o.Args is PyTuple { Items: [long ns, ..] })
            return NumberText.EpochTicks(ns / 100m) ?? NumberText.Integer(ns);
        return null;
    }

    /// <summary>datetime.date: year (2 bytes, big-endian), month, day; datetime.datetime adds hour, minute, second, microseconds (3 bytes).</summary>
    private static string? DateTime(string type, byte[] b)
    {
        if (b.Length < 4) return null;
        var year = BinaryPrimitives.ReadUInt16BigEndian(b);
        if (year is < 1 or > 9999 || b[2] is < 1 or > 12 || b[3] < 1 || b[3] > System.DateTime.DaysInMonth(year, b[2])) return null;
        var date = new DateOnly(year, b[2], b[3]).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (type == "date" || b.Length < 10) return date;
        if (b[4] > 23 || b[5] > 59 || b[6] > 59) return date;
        var micro = b[7] << 16 | b[8] << 8 | b[9];
        return $"{date} {b[4]:00}:{b[5]:00}:{b[6]:00}" + (micro == 0 ? "" : "." + micro.ToString("000000", CultureInfo.InvariantCulture).TrimEnd('0'));
    }
}
