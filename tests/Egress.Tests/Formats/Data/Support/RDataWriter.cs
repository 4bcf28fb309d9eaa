using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Egress.Tests.Formats.Data.Support;

/// <summary>
/// Writes R's serialization as saveRDS and save do (XDR, version 3 or 2; or ASCII): vectors, lists,
/// data frames with factors, attributes as tagged pairlists, symbols by reference after their first use.
/// </summary>
public sealed class RDataWriter
{
    private const int ListSxp = 2, SymSxp = 1, CharSxp = 9, LglSxp = 10, IntSxp = 13, RealSxp = 14, StrSxp = 16, VecSxp = 19, RefSxp = 255, NilValue = 254;
    public const int NaInteger = int.MinValue;
    public static readonly double NaReal = BitConverter.Int64BitsToDouble(0x7FF00000000007A2);

    private readonly MemoryStream _out = new();
    private readonly Dictionary<string, int> _symbols = [];
    private readonly bool _ascii;

    private RDataWriter(bool ascii, int version)
    {
        _ascii = ascii;
        _out.Write(ascii ? "A\n"u8 : "X\n"u8);
        Int(version);
        Int(0x040302);
        Int(version == 3 ? 0x030500 : 0x020300);
        if (version == 3)
        {
            Int(5);
            Raw(ascii ? "UTF-8\n" : "UTF-8");
        }
    }

    /// <summary>An .rds: one object.</summary>
    public static byte[] Rds(Action<RDataWriter> item, bool gzip = false, bool ascii = false, int version = 3)
    {
        var w = new RDataWriter(ascii, version);
        item(w);
        return gzip ? Gzip(w._out.ToArray()) : w._out.ToArray();
    }

    /// <summary>An .RData: named objects.</summary>
    public static byte[] Workspace(IReadOnlyList<(string Name, Action<RDataWriter> Item)> objects, bool gzip = true)
    {
        var w = new RDataWriter(false, 3);
        foreach (var (name, item) in objects)
        {
            w.Flags(ListSxp, tag: true);
            w.Symbol(name);
            item(w);
        }
        w.Int(NilValue);
        var bytes = "RDX3\n"u8.ToArray().Concat(w._out.ToArray()).ToArray();
        return gzip ? Gzip(bytes) : bytes;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var s = new MemoryStream();
        using (var gz = new GZipStream(s, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(bytes);
        return s.ToArray();
    }

    public RDataWriter Doubles(double[] values, params (string Name, Action<RDataWriter> Value)[] attributes)
    {
        Flags(RealSxp, attr: attributes.Length > 0, obj: attributes.Any(a => a.Name == "class"));
        Int(values.Length);
        foreach (var v in values) Double(v);
        return Attributes(attributes);
    }

    public RDataWriter Ints(int[] values, params (string Name, Action<RDataWriter> Value)[] attributes) => IntVector(IntSxp, values, attributes);

    public RDataWriter Logicals(int[] values) => IntVector(LglSxp, values, []);

    public RDataWriter Strings(string?[] values, params (string Name, Action<RDataWriter> Value)[] attributes)
    {
        Flags(StrSxp, attr: attributes.Length > 0);
        Int(values.Length);
        foreach (var v in values) Chars(v);
        return Attributes(attributes);
    }

    public RDataWriter List(Action<RDataWriter>[] items, params (string Name, Action<RDataWriter> Value)[] attributes)
    {
        Flags(VecSxp, attr: attributes.Length > 0, obj: attributes.Any(a => a.Name == "class"));
        Int(items.Length);
        foreach (var item in items) item(this);
        return Attributes(attributes);
    }

    /// <summary>A data.frame: columns as given, names, class and compact row names c(NA, -n).</summary>
    public RDataWriter DataFrame(string[] names, Action<RDataWriter>[] columns, int rows) =>
        List(columns, ("names", w => w.Strings(names)), ("class", w => w.Strings(["data.frame"])), ("row.names", w => w.Ints([NaInteger, -rows])));

    /// <summary>A factor: integer codes (1-based) with levels and class.</summary>
    public RDataWriter Factor(int[] codes, string[] levels) =>
        Ints(codes, ("levels", w => w.Strings(levels)), ("class", w => w.Strings(["factor"])));

    /// <summary>An ALTREP object: class info (class, package, type), state and no attributes.</summary>
    public RDataWriter Altrep(string cls, int type, Action<RDataWriter> state)
    {
        Int(238);
        Flags(ListSxp);
        Symbol(cls);
        Flags(ListSxp);
        Symbol("base");
        Flags(ListSxp);
        Ints([type]);
        Int(NilValue);
        state(this);
        return Null();
    }

    /// <summary>Lists nested <paramref name="depth"/> deep, written flat (no recursion in the writer either).</summary>
    public RDataWriter NestedLists(int depth)
    {
        for (var i = 0; i < depth; i++)
        {
            Flags(VecSxp);
            Int(1);
        }
        return Doubles([1.5]);
    }

    public RDataWriter Null()
    {
        Int(NilValue);
        return this;
    }

    private RDataWriter IntVector(int type, int[] values, (string Name, Action<RDataWriter> Value)[] attributes)
    {
        Flags(type, attr: attributes.Length > 0, obj: attributes.Any(a => a.Name == "class"));
        Int(values.Length);
        foreach (var v in values) Int(v);
        return Attributes(attributes);
    }

    private RDataWriter Attributes((string Name, Action<RDataWriter> Value)[] attributes)
    {
        if (attributes.Length == 0) return this;
        foreach (var (name, value) in attributes)
        {
            Flags(ListSxp, tag: true);
            Symbol(name);
            value(this);
        }
        Int(NilValue);
        return this;
    }

    private void Symbol(string name)
    {
        if (_symbols.TryGetValue(name, out var index))
        {
            Int(index << 8 | RefSxp);
            return;
        }
        _symbols[name] = _symbols.Count + 1;
        Int(SymSxp);
        Chars(name);
    }

    private void Chars(string? value)
    {
        if (value is null)
        {
            Int(CharSxp);
            Int(-1);
            return;
        }
        var bytes = Encoding.UTF8.GetBytes(value);
        Int(CharSxp | (bytes.All(b => b < 128) ? 1 << 6 : 1 << 3) << 12);
        Int(bytes.Length);
        if (_ascii)
        {
            var escaped = new StringBuilder();
            foreach (var b in bytes) escaped.Append(b is > 32 and < 127 and not (byte)'\\' ? ((char)b).ToString() : "\\" + Convert.ToString(b, 8).PadLeft(3, '0'));
            Raw(escaped + "\n");
        }
        else _out.Write(bytes);
    }

    private void Flags(int type, bool attr = false, bool tag = false, bool obj = false) =>
        Int(type | (obj ? 1 << 8 : 0) | (attr ? 1 << 9 : 0) | (tag ? 1 << 10 : 0));

    private void Int(int value)
    {
        if (_ascii)
        {
            Raw(value == NaInteger ? "NA\n" : value.ToString(CultureInfo.InvariantCulture) + "\n");
            return;
        }
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(b, value);
        _out.Write(b);
    }

    private void Double(double value)
    {
        if (_ascii)
        {
            Raw(double.IsNaN(value) ? (BitConverter.DoubleToInt64Bits(value) & 0xFFFFFFFF) == 1954 ? "NA\n" : "NaN\n" : value.ToString("G17", CultureInfo.InvariantCulture) + "\n");
            return;
        }
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(b, value);
        _out.Write(b);
    }

    private void Raw(string text) => _out.Write(Encoding.ASCII.GetBytes(text));
}
