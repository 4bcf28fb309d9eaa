namespace Egress.Formats.Data.R;

/// <summary>An R object as read from a serialization: only what matters for finding data in it.</summary>
public abstract class RObject
{
    /// <summary>Attributes (names, class, levels, row.names, dim, …) in order; empty when none.</summary>
    public List<(string? Name, RObject Value)> Attributes { get; set; } = [];

    public RObject? Attribute(string name)
    {
        foreach (var (n, v) in Attributes)
            if (n == name) return v;
        return null;
    }

    public IReadOnlyList<string> Classes => Attribute("class") is RStrings s ? s.Values.Select(v => v ?? "").ToList() : [];

    public bool Inherits(string cls) => Classes.Contains(cls);

    /// <summary>The elements' names (the names attribute), when it is a character vector.</summary>
    public string?[]? Names => Attribute("names") is RStrings s ? s.Values : null;
}

public sealed class RNull : RObject
{
    public static readonly RNull Value = new();
}

/// <summary>Markers and objects without data (the global environment, a missing argument, an external pointer…).</summary>
public sealed class RMarker(string kind) : RObject
{
    public string Kind { get; } = kind;
}

public sealed class RSymbol(string name) : RObject
{
    public string Name { get; } = name;
}

/// <summary>A CHARSXP met as an item of its own (not inside a character vector).</summary>
public sealed class RChars(string? value) : RObject
{
    public string? Value { get; } = value;
}

public sealed class RDoubles(double[] values) : RObject
{
    public double[] Values { get; } = values;
}

public sealed class RInts(int[] values, bool logical) : RObject
{
    public int[] Values { get; } = values;
    public bool Logical { get; } = logical;
}

public sealed class RComplex(double[] parts) : RObject
{
    /// <summary>Real and imaginary parts, interleaved.</summary>
    public double[] Parts { get; } = parts;
}

public sealed class RStrings(string?[] values) : RObject
{
    /// <summary>Null for NA_character_.</summary>
    public string?[] Values { get; } = values;
}

public sealed class RRaw(byte[] bytes) : RObject
{
    public byte[] Bytes { get; } = bytes;
}

/// <summary>A generic vector (list) or expression vector.</summary>
public sealed class RList(RObject[] items) : RObject
{
    public RObject[] Items { get; } = items;
}

/// <summary>A pairlist or one of its relatives (call, closure, promise): its cells' tags and values, flattened.</summary>
public sealed class RPairs : RObject
{
    public List<(string? Tag, RObject Value)> Items { get; } = [];
}

public sealed class REnvironment : RObject
{
    public RObject Enclosure { get; set; } = RNull.Value;
    public RObject Frame { get; set; } = RNull.Value;
    public RObject HashTable { get; set; } = RNull.Value;
}

/// <summary>Constants of R's serialization.</summary>
public static class RVectors
{
    /// <summary>NA_real_: a NaN whose low word is 1954.</summary>
    public static readonly double NaReal = BitConverter.Int64BitsToDouble(0x7FF00000000007A2);

    public static bool IsNa(double d) => double.IsNaN(d) && (BitConverter.DoubleToInt64Bits(d) & 0xFFFFFFFF) == 1954;

    public const int NaInteger = int.MinValue;
}
