using System.Numerics;

namespace Egress.Formats.Data.Pickle;

/// <summary>
/// A numpy array as a pickle holds it, found without numpy: <c>_reconstruct</c> then a state of
/// (version, shape, dtype, Fortran order, data) — data as raw bytes, or as a list for object arrays —
/// or protocol 5's <c>_frombuffer(buffer, dtype, shape, order)</c>; and numpy scalars
/// (<c>scalar(dtype, bytes)</c>). Elements are read as text in storage order.
/// </summary>
internal sealed class PickledArray
{
    public required long[] Shape { get; init; }
    public bool Fortran { get; init; }
    public NpyDtype? Type { get; init; }
    public ReadOnlyMemory<byte> Bytes { get; init; }
    public IReadOnlyList<object?>? Objects { get; init; }
    /// <summary>The pickled value holding the elements (a list or bytes), so it is not read again as a value of its own.</summary>
    public object? DataNode { get; init; }
    /// <summary>Why the elements cannot be read (a structured dtype), or null.</summary>
    public string? Unsupported { get; init; }

    public long Count => Objects?.Count ?? (Type is null ? 0 : Bytes.Length / Type.Size);

    /// <summary>An element in storage order, as text; an object element that is not a scalar is null (walked on its own).</summary>
    public string? Element(long index)
    {
        if (Objects is not null) return PickleScalars.Text(Objects[(int)index]);
        return Type!.Format(Bytes.Span.Slice((int)(index * Type.Size), Type.Size));
    }

    public static PickledArray? From(object? node)
    {
        if (node is not PyObject o || o.Callable is not PyGlobal g || !g.Module.StartsWith("numpy", StringComparison.Ordinal)) return null;
        if (g.Name == "_reconstruct" && o.State is PyTuple { Items: var s } && s.Length is 4 or 5)
        {
            var items = s.Length == 5 ? s[1..] : s;
            return Make(items[0], items[1], items[2] is true, items[3]);
        }
        if (g.Name == "_frombuffer" && o.Args is PyTuple { Items: [var buffer, var dtype, var shape, var order] })
            return Make(shape, dtype, order is "F", buffer);
        if (g.Name == "scalar" && o.Args is PyTuple { Items: [var scalarType, byte[] bytes] })
            return Make(new PyTuple([]), scalarType, false, bytes);
        return null;
    }

    private static PickledArray Make(object? shapeNode, object? dtypeNode, bool fortran, object? data)
    {
        if (shapeNode is not PyTuple { Items: var dims } || dims.Any(d => d is not long { } n || n < 0))
            throw new InvalidDataException("a pickled numpy array with a malformed shape");
        var shape = dims.Select(d => (long)d!).ToArray();
        var count = 1L;
        foreach (var d in shape) count = d == 0 ? 0 : count > long.MaxValue / Math.Max(d, 1) ? long.MaxValue : count * d;
        var (type, unsupported) = Dtype(dtypeNode);
        if (unsupported is not null) return new PickledArray { Shape = shape, Unsupported = unsupported };
        if (data is PyList list)
        {
            if (list.Items.Count != count) throw new InvalidDataException("a pickled numpy object array whose size does not match its shape");
            return new PickledArray { Shape = shape, Fortran = fortran, Objects = list.Items, DataNode = list };
        }
        var bytes = data switch
        {
            byte[] b => b,
            // Python 2 pickles hold the data as a str: Latin-1 gives the bytes back.
            string text => System.Text.Encoding.Latin1.GetBytes(text),
            _ => throw new InvalidDataException("a pickled numpy array without its data"),
        };
        if (type!.IsObject) throw new InvalidDataException("a pickled numpy object array with raw data");
        if ((BigInteger)count * type.Size != bytes.Length) throw new InvalidDataException("a pickled numpy array whose data does not match its shape");
        return new PickledArray { Shape = shape, Fortran = fortran, Type = type, Bytes = bytes, DataNode = data };
    }

    private static string Unit(object? metadata) => metadata switch
    {
        PyTuple { Items: [byte[] b, ..] } => System.Text.Encoding.ASCII.GetString(b),
        PyTuple { Items: [string t, ..] } => t,
        PyTuple { Items: [PyTuple inner, ..] } => Unit(inner),
        _ => "",
    };

    /// <summary>A pickled dtype: <c>dtype(typestr, align, copy)</c> with a state of (version, byte order, subarray, names, fields, …, metadata).</summary>
    private static (NpyDtype?, string?) Dtype(object? node)
    {
        if (node is not PyObject { Callable: PyGlobal { Name: "dtype" } } d || d.Args is not PyTuple { Items: [string typestr, ..] })
            throw new InvalidDataException("a pickled numpy array without a dtype");
        var order = "<";
        var unit = "";
        if (d.State is PyTuple { Items: var s })
        {
            if (s.Length > 1 && s[1] is string o) order = o == ">" ? ">" : "<";
            if (s.Length > 4 && (s[3] is not null || s[4] is not null)) return (null, "a structured numpy array (fields) in a pickle is not read here");
            if (s.Length > 2 && s[2] is not null) return (null, "a numpy sub-array dtype in a pickle is not read here");
            // datetime64 and timedelta64 keep their unit in the metadata: (b'ns', 1, 1, 1).
            if (s.Length > 8) unit = Unit(s[^1]);
        }
        if (typestr.Length == 0) throw new InvalidDataException("a pickled numpy dtype without a type");
        var descr = order + typestr + (unit.Length > 0 && typestr[0] is 'M' or 'm' ? $"[{unit}]" : "");
        return (NpyDtype.Parse(descr), null);
    }
}
