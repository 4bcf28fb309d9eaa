using System.Text;
using Egress.Formats.Content;

namespace Egress.Formats.Data.R;

/// <summary>
/// Reads R's serialization (saveRDS, save) into <see cref="RObject"/>s, versions 2 and 3. The SEXP tree
/// is walked with an explicit stack of frames, never by recursion, and is bounded by the nesting
/// limit; pairlists are read cell after cell in one frame, so a long pairlist is not deep. Byte code
/// and unknown ALTREP classes are not read here (NotSupportedException: reported as unsupported).
/// </summary>
public sealed class RUnserializer(RInput input, UnpackContext context)
{
    private const int NilSxp = 0, SymSxp = 1, ListSxp = 2, CloSxp = 3, EnvSxp = 4, PromSxp = 5, LangSxp = 6, SpecialSxp = 7, BuiltinSxp = 8,
        CharSxp = 9, LglSxp = 10, IntSxp = 13, RealSxp = 14, CplxSxp = 15, StrSxp = 16, DotSxp = 17, VecSxp = 19, ExprSxp = 20,
        BcodeSxp = 21, ExtptrSxp = 22, WeakrefSxp = 23, RawSxp = 24, S4Sxp = 25,
        RefSxp = 255, NilValueSxp = 254, GlobalEnvSxp = 253, UnboundValueSxp = 252, MissingArgSxp = 251, BaseNamespaceSxp = 250,
        NamespaceSxp = 249, PackageSxp = 248, PersistSxp = 247, EmptyEnvSxp = 242, BaseEnvSxp = 241, AttrLangSxp = 240,
        AttrListSxp = 239, AltrepSxp = 238;

    private readonly List<RObject> _references = [];
    private long _items;

    /// <summary>Reads the header (format version 2 or 3 and the versions of R that wrote it).</summary>
    public void ReadHeader()
    {
        var version = input.Int();
        if (version is not (2 or 3)) throw new InvalidDataException($"R serialization version {version} is not known");
        input.Int();
        input.Int();
        if (version == 3)
        {
            var length = input.Int();
            if (length is < 0 or > 1024) throw new InvalidDataException("a malformed native encoding in R data");
            input.StringBytes(length);
        }
    }

    public RObject ReadItem()
    {
        var stack = new Stack<Frame>();
        while (true)
        {
            if ((++_items & 4095) == 0) context.ThrowIfCancelled();
            var flags = input.Int();
            var type = flags & 0xFF;
            RObject? result;
            if (stack.TryPeek(out var top) && top is PairFrame { AtCdr: true } pairs && (IsPairType(type) || type is NilValueSxp or NilSxp))
            {
                if (IsPairType(type))
                {
                    pairs.StartCell(flags);
                    continue;
                }
                stack.Pop();
                result = pairs.Result();
            }
            else
            {
                result = Begin(flags, stack);
                if (result is null)
                {
                    if (stack.Count > context.Limits.MaxNesting)
                        throw new InputLimitException($"R data nested more than {context.Limits.MaxNesting} levels deep");
                    continue;
                }
            }
            while (true)
            {
                if (stack.Count == 0) return result;
                var frame = stack.Peek();
                frame.Accept(result);
                if (!frame.Done) break;
                stack.Pop();
                result = frame.Result();
            }
        }
    }

    private static bool IsPairType(int type) => type is ListSxp or LangSxp or CloSxp or PromSxp or DotSxp or AttrLangSxp or AttrListSxp;

    /// <summary>Reads an item's body: a finished object, or null when a frame was pushed to collect its children.</summary>
    private RObject? Begin(int flags, Stack<Frame> stack)
    {
        var type = flags & 0xFF;
        var hasAttributes = (flags & (1 << 9)) != 0;
        switch (type)
        {
            case NilValueSxp or NilSxp: return RNull.Value;
            case EmptyEnvSxp: return new RMarker("empty environment");
            case BaseEnvSxp: return new RMarker("base environment");
            case GlobalEnvSxp: return new RMarker("global environment");
            case UnboundValueSxp: return new RMarker("unbound value");
            case MissingArgSxp: return new RMarker("missing argument");
            case BaseNamespaceSxp: return new RMarker("base namespace");
            case RefSxp:
            {
                var index = flags >> 8;
                if (index == 0) index = input.Int();
                if (index < 1 || index > _references.Count) throw new InvalidDataException("an R reference to an object not read");
                return _references[index - 1];
            }
            case PersistSxp or NamespaceSxp or PackageSxp:
            {
                var names = StringVector();
                var marker = new RMarker(type == PersistSxp ? "persistent" : "namespace") { Attributes = [("name", new RStrings(names))] };
                _references.Add(marker);
                return marker;
            }
            case SymSxp:
            {
                var symbol = new RSymbol(CharsItem() ?? "NA");
                _references.Add(symbol);
                return symbol;
            }
            case EnvSxp:
            {
                input.Int(); // locked
                var env = new REnvironment();
                _references.Add(env);
                stack.Push(new ChildrenFrame(4, c =>
                {
                    env.Enclosure = c[0];
                    env.Frame = c[1];
                    env.HashTable = c[2];
                    env.Attributes = AttributesOf(c[3]);
                    return env;
                }));
                return null;
            }
            case ListSxp or LangSxp or CloSxp or PromSxp or DotSxp or AttrLangSxp or AttrListSxp:
            {
                var frame = new PairFrame();
                frame.StartCell(flags);
                stack.Push(frame);
                return null;
            }
            case AltrepSxp:
                stack.Push(new ChildrenFrame(3, c => Altrep(c[0], c[1], c[2])));
                return null;
            case BcodeSxp:
                throw new NotSupportedException("R byte code is not read here");
            case ExtptrSxp:
            {
                var pointer = new RMarker("external pointer");
                _references.Add(pointer);
                stack.Push(new ChildrenFrame(hasAttributes ? 3 : 2, c =>
                {
                    pointer.Attributes = [("protected", c[0]), ("tag", c[1]), .. hasAttributes ? AttributesOf(c[2]) : []];
                    return pointer;
                }));
                return null;
            }
            case WeakrefSxp:
            {
                var weak = new RMarker("weak reference");
                _references.Add(weak);
                return WithAttributes(weak, hasAttributes, stack);
            }
            case SpecialSxp or BuiltinSxp:
            {
                var length = input.Int();
                if (length < 0 || length > input.Remaining) throw new InvalidDataException("a malformed R primitive");
                input.StringBytes(length);
                return WithAttributes(new RMarker("primitive"), hasAttributes, stack);
            }
            case CharSxp:
                return new RChars(CharsBody(flags));
            case LglSxp or IntSxp:
            {
                var n = Length();
                input.Expect(n, 4);
                var values = new int[n];
                for (var i = 0; i < n; i++) values[i] = input.Int();
                return WithAttributes(new RInts(values, type == LglSxp), hasAttributes, stack);
            }
            case RealSxp:
            {
                var n = Length();
                input.Expect(n, 8);
                var values = new double[n];
                for (var i = 0; i < n; i++) values[i] = input.Double();
                return WithAttributes(new RDoubles(values), hasAttributes, stack);
            }
            case CplxSxp:
            {
                var n = Length();
                input.Expect(n, 16);
                var values = new double[2L * n];
                for (var i = 0; i < values.Length; i++) values[i] = input.Double();
                return WithAttributes(new RComplex(values), hasAttributes, stack);
            }
            case StrSxp:
            {
                var n = Length();
                input.Expect(n, 8);
                var values = new string?[n];
                for (var i = 0; i < n; i++)
                {
                    var element = input.Int();
                    if ((element & 0xFF) != CharSxp) throw new InvalidDataException("an element of an R character vector is not a string");
                    values[i] = CharsBody(element);
                }
                return WithAttributes(new RStrings(values), hasAttributes, stack);
            }
            case VecSxp or ExprSxp:
            {
                var n = Length();
                input.Expect(n, 4);
                var list = new RList(new RObject[n]);
                if (n == 0 && !hasAttributes) return list;
                stack.Push(new ListFrame(list, hasAttributes));
                return null;
            }
            case RawSxp:
            {
                var n = Length();
                input.Expect(n, 1);
                return WithAttributes(new RRaw(input.Bytes(n)), hasAttributes, stack);
            }
            case S4Sxp:
                return WithAttributes(new RMarker("S4 object"), hasAttributes, stack);
            default:
                throw new InvalidDataException($"unknown R object type {type}");
        }
    }

    private static RObject? WithAttributes(RObject target, bool hasAttributes, Stack<Frame> stack)
    {
        if (!hasAttributes) return target;
        stack.Push(new ChildrenFrame(1, c =>
        {
            target.Attributes = AttributesOf(c[0]);
            return target;
        }));
        return null;
    }

    private static List<(string?, RObject)> AttributesOf(RObject pairs) => pairs is RPairs p ? p.Items : [];

    private int Length()
    {
        var n = input.Int();
        if (n >= 0) return n;
        if (n != -1) throw new InvalidDataException("a negative R vector length");
        var upper = (long)input.Int();
        var lower = (uint)input.Int();
        var length = (upper << 32) + lower;
        if (length < 0 || length > int.MaxValue) throw new InputLimitException($"an R vector of {length:N0} elements is too long to read here");
        return (int)length;
    }

    private string?[] StringVector()
    {
        if (input.Int() != 0) throw new InvalidDataException("a malformed R string vector");
        var n = input.Int();
        input.Expect(n, 8);
        var values = new string?[n];
        for (var i = 0; i < n; i++) values[i] = CharsItem();
        return values;
    }

    private string? CharsItem()
    {
        var flags = input.Int();
        if ((flags & 0xFF) != CharSxp) throw new InvalidDataException("an R symbol or name that is not a string");
        return CharsBody(flags);
    }

    /// <summary>A CHARSXP's length and bytes: -1 is NA_character_; the levels say Latin-1 or UTF-8.</summary>
    private string? CharsBody(int flags)
    {
        var length = input.Int();
        if (length == -1) return null;
        if (length < 0 || length > input.Remaining) throw new InvalidDataException("an R string longer than what is left of the data");
        var bytes = input.StringBytes(length);
        var latin1 = ((flags >> 12) & (1 << 2)) != 0;
        return (latin1 ? Encoding.Latin1 : Encoding.UTF8).GetString(bytes);
    }

    /// <summary>Compact sequences, wrappers and deferred strings, expanded; other ALTREP classes are not read.</summary>
    private RObject Altrep(RObject info, RObject state, RObject attributes)
    {
        var name = info is RPairs { Items.Count: > 0 } p && p.Items[0].Value is RSymbol s ? s.Name : "?";
        RObject value;
        switch (name)
        {
            case "compact_intseq" or "compact_realseq" when state is RDoubles { Values.Length: 3 } seq:
            {
                var n = seq.Values[0];
                var each = name == "compact_intseq" ? 4 : 8;
                if (!(n >= 0) || n * each > context.Limits.MaxInMemoryBytes)
                    throw new InputLimitException($"a compact R sequence of {n:N0} elements is more than a part may take in memory");
                context.CountExpanded((long)n * each);
                if (name == "compact_intseq")
                {
                    var ints = new int[(int)n];
                    for (var i = 0; i < ints.Length; i++) ints[i] = (int)(seq.Values[1] + i * seq.Values[2]);
                    value = new RInts(ints, false);
                }
                else
                {
                    var doubles = new double[(int)n];
                    for (var i = 0; i < doubles.Length; i++) doubles[i] = seq.Values[1] + i * seq.Values[2];
                    value = new RDoubles(doubles);
                }
                break;
            }
            case "wrap_integer" or "wrap_logical" or "wrap_real" or "wrap_complex" or "wrap_string" or "wrap_raw" or "wrap_list"
                when state is RList { Items.Length: >= 1 } wrapped:
                value = wrapped.Items[0];
                break;
            case "deferred_string" when state is RPairs { Items.Count: >= 1 } deferred:
                value = deferred.Items[0].Value switch
                {
                    RInts ints => new RStrings(ints.Values.Select(v => v == RVectors.NaInteger ? null : NumberText.Integer(v)).ToArray()),
                    RDoubles doubles => new RStrings(doubles.Values.Select(v => RVectors.IsNa(v) ? null : NumberText.Double(v)).ToArray()),
                    RStrings strings => strings,
                    _ => throw new NotSupportedException("an R deferred string of an unknown kind is not read here"),
                };
                break;
            default:
                throw new NotSupportedException($"R ALTREP class {name} is not read here");
        }
        var extra = AttributesOf(attributes);
        if (extra.Count > 0) value.Attributes = extra;
        return value;
    }

    private abstract class Frame
    {
        public bool Done { get; protected set; }
        public abstract void Accept(RObject child);
        public abstract RObject Result();
    }

    /// <summary>An object that needs a fixed number of child items, then is built from them.</summary>
    private sealed class ChildrenFrame(int count, Func<RObject[], RObject> build) : Frame
    {
        private readonly RObject[] _children = new RObject[count];
        private int _filled;

        public override void Accept(RObject child)
        {
            _children[_filled++] = child;
            Done = _filled == _children.Length;
        }

        public override RObject Result() => build(_children);
    }

    /// <summary>A list's elements, then its attributes.</summary>
    private sealed class ListFrame : Frame
    {
        private readonly RList _list;
        private readonly bool _hasAttributes;
        private int _filled;

        public ListFrame(RList list, bool hasAttributes)
        {
            _list = list;
            _hasAttributes = hasAttributes;
        }

        public override void Accept(RObject child)
        {
            if (_filled < _list.Items.Length) _list.Items[_filled++] = child;
            else
            {
                _list.Attributes = AttributesOf(child);
                Done = true;
                return;
            }
            Done = _filled == _list.Items.Length && !_hasAttributes;
        }

        public override RObject Result() => _list;
    }

    /// <summary>
    /// A pairlist read cell by cell: each cell's attributes (first cell only kept), tag and value; the
    /// next cell continues in the same frame, NIL ends it, anything else is a dotted tail.
    /// </summary>
    private sealed class PairFrame : Frame
    {
        private readonly RPairs _pairs = new();
        private bool _first = true;
        private bool _hasTag;
        private int _stage; // 0 attributes, 1 tag, 2 value, 3 next cell
        private string? _tag;

        public bool AtCdr => _stage == 3;

        public void StartCell(int flags)
        {
            var hasAttributes = (flags & (1 << 9)) != 0;
            _hasTag = (flags & (1 << 10)) != 0;
            _tag = null;
            _stage = hasAttributes ? 0 : _hasTag ? 1 : 2;
        }

        public override void Accept(RObject child)
        {
            switch (_stage)
            {
                case 0:
                    if (_first) _pairs.Attributes = AttributesOf(child);
                    _stage = _hasTag ? 1 : 2;
                    break;
                case 1:
                    // A closure's "tag" is its environment: kept as a value, as it may hold data.
                    if (child is RSymbol symbol) _tag = symbol.Name;
                    else _pairs.Items.Add((null, child));
                    _stage = 2;
                    break;
                case 2:
                    _pairs.Items.Add((_tag, child));
                    _first = false;
                    _stage = 3;
                    break;
                default:
                    _pairs.Items.Add((null, child));
                    Done = true;
                    break;
            }
        }

        public override RObject Result() => _pairs;
    }
}
