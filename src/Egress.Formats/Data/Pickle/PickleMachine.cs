using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Egress.Formats.Data.Pickle;

/// <summary>
/// Runs a pickle's opcodes (protocols 0–5) on a stack of plain values without unpickling: names the
/// pickle would import are recorded (<see cref="PyGlobal"/>), calls become <see cref="PyObject"/>s
/// holding their arguments, and nothing is imported, called or resolved. Every value that was ever
/// pushed and dropped (POP, leftovers, the memo) is kept as a root too, so nothing in the file goes unread.
/// Extension codes and out-of-band buffers refer to things outside the file: unsupported.
/// </summary>
internal sealed class PickleMachine(ReadOnlyMemory<byte> data, Content.UnpackContext context)
{
    /// <summary>LONG1/LONG4 integers wider than this are not numbers a table holds.</summary>
    private const int MaxIntegerBytes = 64;

    private static readonly object Mark = new();
    private readonly List<object?> _stack = [];
    private readonly Dictionary<long, object?> _memo = [];
    private int _at;

    /// <summary>Values popped or left over: read as well as the results.</summary>
    public List<object?> Dropped { get; } = [];

    public bool AtEnd => _at >= data.Length;

    public IEnumerable<object?> Memo => _memo.Values;

    /// <summary>What a pickle that broke off had on its stack.</summary>
    public IEnumerable<object?> Unfinished => _stack.Where(v => v != Mark);

    /// <summary>Runs one pickle up to its STOP and gives its result.</summary>
    public object? Run()
    {
        _stack.Clear();
        var steps = 0;
        while (true)
        {
            if ((++steps & 4095) == 0) context.ThrowIfCancelled();
            var op = U8();
            switch (op)
            {
                case 0x80: // PROTO
                    if (U8() > 5) throw new NotSupportedException("a pickle protocol newer than 5");
                    break;
                case 0x95: _ = U64(); break; // FRAME: a length hint only
                case (byte)'.': // STOP
                {
                    var result = Pop();
                    foreach (var left in _stack) if (left != Mark) Dropped.Add(left);
                    return result;
                }
                case (byte)'(': Push(Mark); break;
                case (byte)'0': Dropped.Add(Pop()); break;
                case (byte)'1': Dropped.AddRange(PopToMark()); break;
                case (byte)'2': Push(Top()); break;
                case (byte)'N': Push(null); break;
                case 0x88: Push(true); break;
                case 0x89: Push(false); break;
                case (byte)'I': Push(IntLine(Line())); break;
                case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break;
                case (byte)'K': Push((long)U8()); break;
                case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break;
                case (byte)'L': Push(Integer(BigInteger.Parse(Line().TrimEnd('L'), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))); break;
                case 0x8A: Push(Long(U8())); break;
                case 0x8B: Push(Long(Length32())); break;
                case (byte)'F': Push(double.Parse(Line(), NumberStyles.Float, CultureInfo.InvariantCulture)); break;
                case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break;
                case (byte)'S': Push(PythonEscapes.Quoted(Line())); break;
                case (byte)'T': Push(Text(Take(Length32()))); break;
                case (byte)'U': Push(Text(Take(U8()))); break;
                case (byte)'V': Push(PythonEscapes.RawUnicode(LineBytes())); break;
                case (byte)'X': Push(Encoding.UTF8.GetString(Take(Length32()))); break;
                case 0x8C: Push(Encoding.UTF8.GetString(Take(U8()))); break;
                case 0x8D: Push(Encoding.UTF8.GetString(Take(Length64()))); break;
                case (byte)'B': Push(Take(Length32()).ToArray()); break;
                case (byte)'C': Push(Take(U8()).ToArray()); break;
                case 0x8E: case 0x96: Push(Take(Length64()).ToArray()); break;
                case 0x97: case 0x98: throw new NotSupportedException("a pickle with out-of-band buffers (their data is outside the file)");
                case 0x82: case 0x83: case 0x84: throw new NotSupportedException("a pickle using the extension registry (codes that name classes outside the file)");
                case (byte)']': Push(new PyList()); break;
                case (byte)'l': { var list = new PyList(); list.Items.AddRange(PopToMark()); Push(list); break; }
                case (byte)'a': { var item = Pop(); Append(Top(), [item]); break; }
                case (byte)'e': { var items = PopToMark(); Append(Top(), items); break; }
                case (byte)')': Push(new PyTuple([])); break;
                case (byte)'t': Push(new PyTuple([.. PopToMark()])); break;
                case 0x85: Push(new PyTuple([Pop()])); break;
                case 0x86: { var b = Pop(); var a = Pop(); Push(new PyTuple([a, b])); break; }
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); Push(new PyTuple([a, b, c])); break; }
                case (byte)'}': Push(new PyDict()); break;
                case (byte)'d': { var dict = new PyDict(); SetItems(dict, PopToMark()); Push(dict); break; }
                case (byte)'s': { var v = Pop(); var k = Pop(); SetItems(Top(), [k, v]); break; }
                case (byte)'u': { var items = PopToMark(); SetItems(Top(), items); break; }
                case 0x8F: Push(new PyDict(isSet: true)); break;
                case 0x90: { var items = PopToMark(); AddToSet(Top(), items); break; }
                case 0x91: { var set = new PyDict(isSet: true); AddToSet(set, PopToMark()); Push(set); break; }
                case (byte)'p': _memo[MemoKey(Line())] = Top(); break;
                case (byte)'q': _memo[U8()] = Top(); break;
                case (byte)'r': _memo[BinaryPrimitives.ReadUInt32LittleEndian(Take(4))] = Top(); break;
                case 0x94: _memo[_memo.Count] = Top(); break;
                case (byte)'g': Push(Recall(MemoKey(Line()))); break;
                case (byte)'h': Push(Recall(U8())); break;
                case (byte)'j': Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))); break;
                case (byte)'c': { var module = Line(); Push(new PyGlobal(module, Line())); break; }
                case 0x93: { var name = Pop(); var module = Pop(); Push(new PyGlobal(module as string ?? "?", name as string ?? "?")); break; }
                case (byte)'R': { var args = Pop(); var callable = Pop(); Push(new PyObject(callable, args)); break; }
                case 0x81: { var args = Pop(); var cls = Pop(); Push(new PyObject(cls, args)); break; }
                case 0x92: { var kwargs = Pop(); var args = Pop(); var cls = Pop(); Push(new PyObject(cls, new PyTuple([args, kwargs]))); break; }
                case (byte)'i': { var module = Line(); var name = Line(); Push(new PyObject(new PyGlobal(module, name), new PyTuple([.. PopToMark()]))); break; }
                case (byte)'o': { var items = PopToMark(); if (items.Count == 0) throw new InvalidDataException("a pickle OBJ without a class"); Push(new PyObject(items[0], new PyTuple([.. items.Skip(1)]))); break; }
                case (byte)'b': { var state = Pop(); Build(Top(), state); break; }
                case (byte)'P': Push(new PyPersistent(Line())); break;
                case (byte)'Q': Push(new PyPersistent(Pop())); break;
                default: throw new InvalidDataException($"an unknown pickle opcode 0x{op:X2} at byte {_at - 1:N0}");
            }
        }
    }

    private void Push(object? value)
    {
        if (_stack.Count >= 1 << 24) throw new InputLimitException("a pickle stack deeper than 16,777,216 values");
        _stack.Add(value);
    }

    private object? Pop()
    {
        if (_stack.Count == 0 || _stack[^1] == Mark) throw new InvalidDataException("a pickle pops from an empty stack");
        var v = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return v;
    }

    private object? Top() => _stack.Count == 0 || _stack[^1] == Mark ? throw new InvalidDataException("a pickle reads an empty stack") : _stack[^1];

    private List<object?> PopToMark()
    {
        var mark = _stack.LastIndexOf(Mark);
        if (mark < 0) throw new InvalidDataException("a pickle without the mark it pops to");
        var items = _stack.GetRange(mark + 1, _stack.Count - mark - 1);
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    private object? Recall(long key) => _memo.TryGetValue(key, out var v) ? v : throw new InvalidDataException($"a pickle recalls memo {key}, which was never stored");

    private static long MemoKey(string line) =>
        long.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var k) ? k : throw new InvalidDataException("a malformed pickle memo key");

    private static void Append(object? target, List<object?> items)
    {
        if (target is PyList list) list.Items.AddRange(items);
        else if (target is PyObject o) o.Extra.AddRange(items);
        else throw new InvalidDataException("a pickle appends to something that is not a list");
    }

    private static void SetItems(object? target, List<object?> items)
    {
        if (items.Count % 2 != 0) throw new InvalidDataException("a pickle sets a key without a value");
        for (var i = 0; i < items.Count; i += 2)
        {
            if (target is PyDict dict) dict.Entries.Add(new(items[i], items[i + 1]));
            else if (target is PyObject o) o.Extra.Add(new PyTuple([items[i], items[i + 1]]));
            else throw new InvalidDataException("a pickle sets an item on something that is not a dict");
        }
    }

    private static void AddToSet(object? target, List<object?> items)
    {
        if (target is not PyDict { IsSet: true } set) throw new InvalidDataException("a pickle adds items to something that is not a set");
        foreach (var item in items) set.Entries.Add(new(item, null));
    }

    private void Build(object? target, object? state)
    {
        if (target is PyObject o)
        {
            if (o.State is not null) o.Extra.Add(o.State);
            o.State = state;
        }
        else Dropped.Add(state);
    }

    private static object IntLine(string line) => line switch
    {
        "00" => false,
        "01" => true,
        _ => Integer(BigInteger.Parse(line, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
    };

    private object Long(int bytes)
    {
        if (bytes > MaxIntegerBytes) throw new NotSupportedException($"a pickled integer of {bytes:N0} bytes");
        return Integer(new BigInteger(Take(bytes), isUnsigned: false, isBigEndian: false));
    }

    private static object Integer(BigInteger v) => v >= long.MinValue && v <= long.MaxValue ? (long)v : v;

    /// <summary>Python 2 strings are bytes: UTF-8 when they are, Latin-1 otherwise.</summary>
    private static string Text(ReadOnlySpan<byte> b) => System.Text.Unicode.Utf8.IsValid(b) ? Encoding.UTF8.GetString(b) : Encoding.Latin1.GetString(b);

    private int U8() => Take(1)[0];

    private ulong U64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    private int Length32()
    {
        var n = BinaryPrimitives.ReadInt32LittleEndian(Take(4));
        return n < 0 ? throw new InvalidDataException("a negative pickle length") : n;
    }

    private int Length64()
    {
        var n = U64();
        return n > int.MaxValue ? throw new EndOfStreamException() : (int)n;
    }

    private ReadOnlySpan<byte> Take(int n)
    {
        if (n > data.Length - _at) throw new EndOfStreamException();
        var span = data.Span.Slice(_at, n);
        _at += n;
        return span;
    }

    private ReadOnlySpan<byte> LineBytes()
    {
        var rest = data.Span[_at..];
        var end = rest.IndexOf((byte)'\n');
        if (end < 0) throw new EndOfStreamException();
        _at += end + 1;
        return rest[..end];
    }

    private string Line() => Encoding.Latin1.GetString(LineBytes()).TrimEnd('\r');
}
