namespace Egress.Formats.Data.Pickle;

// What a pickle's opcodes build, as plain data: nothing is imported or called. Python's None is null;
// bool, long, BigInteger, double, string and byte[] are the scalars; the rest are these nodes.

/// <summary>A list (mutable: APPEND adds to it after it was memoised).</summary>
internal sealed class PyList
{
    public List<object?> Items { get; } = [];
}

internal sealed class PyTuple(object?[] items)
{
    public object?[] Items { get; } = items;
}

/// <summary>A dict, a set or a frozenset (a set's entries have null values).</summary>
internal sealed class PyDict(bool isSet = false)
{
    public bool IsSet { get; } = isSet;
    public List<KeyValuePair<object?, object?>> Entries { get; } = [];
}

/// <summary>A name the pickle would import (GLOBAL, STACK_GLOBAL, INST): recorded, never resolved.</summary>
internal sealed record PyGlobal(string Module, string Name)
{
    public bool Is(string moduleStart, string name) => Name == name && Module.StartsWith(moduleStart, StringComparison.Ordinal);
}

/// <summary>
/// An object the pickle would build by calling something (REDUCE, NEWOBJ, INST, OBJ) and then set the
/// state of (BUILD), with the call's arguments and state kept as data.
/// </summary>
internal sealed class PyObject(object? callable, object? args)
{
    public object? Callable { get; } = callable;
    public object? Args { get; } = args;
    public object? State { get; set; }
    /// <summary>Items appended or set on an object that is not a plain list or dict (a subclass).</summary>
    public List<object?> Extra { get; } = [];

    public PyGlobal? Class => Callable as PyGlobal;

    /// <summary>The class an object made by copyreg's reconstructor or __newobj__ stands for.</summary>
    public PyGlobal? MadeOf =>
        Class is { Name: "_reconstructor" or "__newobj__" or "__newobj_ex__" } && Args is PyTuple { Items: [PyGlobal cls, ..] } ? cls : Class;
}

/// <summary>A persistent ID (PERSID, BINPERSID): a reference to something outside the pickle.</summary>
internal sealed class PyPersistent(object? id)
{
    public object? Id { get; } = id;
}
