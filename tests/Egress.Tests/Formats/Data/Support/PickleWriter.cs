using System.Globalization;
using System.Text;

namespace Egress.Tests.Formats.Data.Support;

/// <summary>
/// Writes pickle opcodes (protocol 4/5, as Python 3 writes them), one method per construct, and builds
/// with them what pandas and numpy pickle: a DataFrame (block manager, blocks, Index/RangeIndex) with
/// float64 blocks through <c>_frombuffer</c> (protocol 5) or <c>_reconstruct</c>, object blocks as lists.
/// </summary>
public sealed class PickleWriter
{
    private readonly MemoryStream _s = new();

    public PickleWriter(int protocol = 4)
    {
        _s.WriteByte(0x80);
        _s.WriteByte((byte)protocol);
    }

    public PickleWriter Op(char op) { _s.WriteByte((byte)op); return this; }
    public PickleWriter Op(byte op) { _s.WriteByte(op); return this; }
    public PickleWriter Mark() => Op('(');

    public PickleWriter Str(string s)
    {
        var b = Encoding.UTF8.GetBytes(s);
        if (b.Length < 256) { Op(0x8C); _s.WriteByte((byte)b.Length); }
        else { Op('X'); _s.Write(BitConverter.GetBytes(b.Length)); }
        _s.Write(b);
        return this;
    }

    public PickleWriter Int(long v)
    {
        if (v is >= 0 and < 256) { Op('K'); _s.WriteByte((byte)v); }
        else if (v is >= int.MinValue and <= int.MaxValue) { Op('J'); _s.Write(BitConverter.GetBytes((int)v)); }
        else { Op(0x8A); _s.WriteByte(8); _s.Write(BitConverter.GetBytes(v)); }
        return this;
    }

    public PickleWriter Float(double v)
    {
        Op('G');
        var b = BitConverter.GetBytes(v);
        Array.Reverse(b);
        _s.Write(b);
        return this;
    }

    public PickleWriter None() => Op('N');
    public PickleWriter Bool(bool v) => Op(v ? (byte)0x88 : (byte)0x89);

    public PickleWriter Bytes(byte[] b)
    {
        if (b.Length < 256) { Op('C'); _s.WriteByte((byte)b.Length); }
        else { Op('B'); _s.Write(BitConverter.GetBytes(b.Length)); }
        _s.Write(b);
        return this;
    }

    /// <summary>A cell: a number when it reads as one, None when empty, else a string.</summary>
    public PickleWriter Cell(string cell) =>
        cell.Length == 0 ? None()
        : long.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? Int(l)
        : double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? Float(d)
        : Str(cell);

    public PickleWriter Global(string module, string name) => Str(module).Str(name).Op(0x93);
    public PickleWriter Memoize() => Op(0x94);
    public PickleWriter Tuple(params Action<PickleWriter>[] items)
    {
        Mark();
        foreach (var i in items) i(this);
        return Op('t');
    }

    public PickleWriter List(IEnumerable<Action<PickleWriter>> items)
    {
        Op(']').Mark();
        foreach (var i in items) i(this);
        return Op('e');
    }

    public PickleWriter Dict(params (string Key, Action<PickleWriter> Value)[] entries)
    {
        Op('}').Mark();
        foreach (var (k, v) in entries) { Str(k); v(this); }
        return Op('u');
    }

    public PickleWriter Reduce() => Op('R');
    public PickleWriter NewObj() => Op(0x81);
    public PickleWriter Build() => Op('b');
    public byte[] Stop()
    {
        Op('.');
        return _s.ToArray();
    }

    /// <summary>A numpy dtype: dtype(typestr, False, True) with state (3, order, None, None, None, -1, -1, 0).</summary>
    public PickleWriter Dtype(string typestr, string order = "<") =>
        Global("numpy", "dtype").Tuple(w => w.Str(typestr), w => w.Bool(false), w => w.Bool(true)).Reduce()
            .Tuple(w => w.Int(3), w => w.Str(order), w => w.None(), w => w.None(), w => w.None(), w => w.Int(-1), w => w.Int(-1), w => w.Int(0)).Build();

    /// <summary>A float64 array written as protocol 5 does: _frombuffer(bytes, dtype, shape, order).</summary>
    public PickleWriter FloatArray(double[] values, long[] shape, string order = "C")
    {
        var bytes = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++) BitConverter.TryWriteBytes(bytes.AsSpan(i * 8), values[i]);
        return Global("numpy.core.numeric", "_frombuffer").Tuple(w => w.Bytes(bytes), w => w.Dtype("f8"), w => Shape(w, shape), w => w.Str(order)).Reduce();
    }

    /// <summary>An array written as _reconstruct(ndarray, (0,), b'b') with state (1, shape, dtype, fortran, data); object arrays hold a list.</summary>
    public PickleWriter ReconstructedArray(long[] shape, string typestr, Action<PickleWriter> data) =>
        Global("numpy.core.multiarray", "_reconstruct").Tuple(w => w.Global("numpy", "ndarray"), w => w.Tuple(x => x.Int(0)), w => w.Bytes("b"u8.ToArray())).Reduce()
            .Tuple(w => w.Int(1), w => Shape(w, shape), w => w.Dtype(typestr, typestr == "O" ? "|" : "<"), w => w.Bool(false), data).Build();

    private static void Shape(PickleWriter w, long[] shape) => w.Tuple(shape.Select(d => (Action<PickleWriter>)(x => x.Int(d))).ToArray());

    /// <summary>A pandas DataFrame of the table: numeric columns in one float64 block, the others in one object block; a RangeIndex.</summary>
    public static byte[] DataFrame(SampleTable table, int protocol = 5)
    {
        var numeric = Enumerable.Range(0, table.Columns).Where(table.Numeric).ToArray();
        var text = Enumerable.Range(0, table.Columns).Where(c => !table.Numeric(c)).ToArray();
        var n = table.Rows.Count;
        var w = new PickleWriter(protocol);
        w.Global("pandas.core.frame", "DataFrame").Op(')').NewObj();
        w.Dict(
            ("_mgr", m =>
            {
                m.Global("pandas.core.internals.managers", "BlockManager").Op(')').NewObj();
                var blocks = new List<Action<PickleWriter>>();
                if (numeric.Length > 0)
                    blocks.Add(b => b.Dict(
                        ("values", v => v.FloatArray(numeric.SelectMany(c => Enumerable.Range(0, n).Select(r => table.Number(r, c))).ToArray(), [numeric.Length, n])),
                        ("mgr_locs", l => l.ReconstructedArray([numeric.Length], "i8", d => d.Bytes(numeric.SelectMany(c => BitConverter.GetBytes((long)c)).ToArray())))));
                if (text.Length > 0)
                    blocks.Add(b => b.Dict(
                        ("values", v => v.ReconstructedArray([text.Length, n], "O", d => d.List(text.SelectMany(c => Enumerable.Range(0, n).Select(r => (Action<PickleWriter>)(x => x.Cell(table.Rows[r][c]))))))),
                        ("mgr_locs", l => l.ReconstructedArray([text.Length], "i8", d => d.Bytes(text.SelectMany(c => BitConverter.GetBytes((long)c)).ToArray())))));
                Action<PickleWriter> columns = x => x.Global("pandas.core.indexes.base", "_new_Index")
                    .Tuple(y => y.Global("pandas.core.indexes.base", "Index"), y => y.Dict(("data", z => z.ReconstructedArray([table.Columns], "O", d => d.List(table.Header.Select(h => (Action<PickleWriter>)(q => q.Str(h)))))), ("name", z => z.None()))).Reduce();
                Action<PickleWriter> rows = x => x.Global("pandas.core.indexes.base", "_new_Index")
                    .Tuple(y => y.Global("pandas.core.indexes.range", "RangeIndex"), y => y.Dict(("name", z => z.None()), ("start", z => z.Int(0)), ("stop", z => z.Int(n)), ("step", z => z.Int(1)))).Reduce();
                m.Tuple(s => s.List([columns, rows]), s => s.List([]), s => s.List([]),
                    s => s.Dict(("0.14.1", e => e.Dict(("axes", a => a.List([columns, rows])), ("blocks", b => b.List(blocks)))))).Build();
            }),
            ("_typ", x => x.Str("dataframe")),
            ("_metadata", x => x.List([])),
            ("attrs", x => x.Op('}')));
        return w.Build().Stop();
    }
}
