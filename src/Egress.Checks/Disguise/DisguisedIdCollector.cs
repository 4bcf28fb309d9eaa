using Egress.Formats;

namespace Egress.Checks.Disguise;

/// <summary>
/// Collects, from every text and table part of one export, the tokens an ID could hide in — any run of letters and
/// digits with the separators inside it (`UKB1234567`, `123-4567`, `1.234.567`, `12d687`), wherever it sits: glued to
/// quotes, brackets, colons or other tokens — and pairs of short numbers side by side on a line (an ID split across
/// two columns). Tokens are grouped by shape, so a column of disguised IDs stays together even in free text, and
/// groups pool across parts (a zip of many tiny files). Bounded: tokens per group, groups, bytes read fully per part.
/// </summary>
public sealed class DisguisedIdCollector
{
    public const int MaxTokenChars = 32;
    public const int MaxGroups = 256;
    public const int MaxTokensPerGroup = 4096;
    /// <summary>
    /// Bytes of each part read in full; past them <see cref="SampledBytes"/> at the start of each block are (1 in 128 of a
    /// 4 MiB block), so a long file costs little more (a group holds 4,096 tokens: a table's column fills its group
    /// within its first megabyte or two; past the head, the windows add more).
    /// </summary>
    public const long FullyReadBytes = 1L << 20;
    public const int SampledBytes = 32 << 10;

    private readonly Dictionary<string, TokenGroup> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TokenGroup>.AlternateLookup<ReadOnlySpan<char>> _byShape;
    // Most shapes are a few characters ("97", "93.91", "A3"): packed into one number, looked up without hashing a string.
    private readonly Dictionary<ulong, TokenGroup> _byPackedShape = [];
    private TokenGroup? _loose;
    private readonly TokenGroup?[] _digits = new TokenGroup?[MaxTokenChars + 1];
    private readonly TokenGroup?[,] _splits = new TokenGroup?[MaxTokenChars + 1, MaxTokenChars + 1];

    public DisguisedIdCollector() => _byShape = _groups.GetAlternateLookup<ReadOnlySpan<char>>();

    public IReadOnlyCollection<TokenGroup> Groups => _groups.Values;

    /// <summary>An observer of one part's blocks, adding to this export's groups.</summary>
    public IBlockObserver Observe(string location) => new PartBlocks(this, location);

    /// <summary>Tokens of another collector appended to this one's groups, each up to its cap.</summary>
    private void Merge(DisguisedIdCollector other, string location)
    {
        foreach (var (name, group) in other._groups)
        {
            if (GroupOf(name) is not { } target) continue;
            foreach (var token in group.Tokens)
            {
                if (target.Full) break;
                target.Add(token, location);
            }
        }
    }

    /// <summary>
    /// Tokenises each block of one part where a scan worker takes it (the head of the part in full, a window of each later
    /// block), into a collector of its own, and merges those into the owner in block order: the groups come out the same
    /// whichever worker finished first.
    /// </summary>
    private sealed class PartBlocks(DisguisedIdCollector owner, string location) : IBlockObserver
    {
        private readonly Dictionary<int, DisguisedIdCollector> _pending = [];
        private int _next;

        public void Observe(TextBlock block, long firstLine)
        {
            var bytes = block.Span;
            var window = block.Offset < FullyReadBytes ? (int)Math.Min(bytes.Length, FullyReadBytes - block.Offset) : Math.Min(bytes.Length, SampledBytes);
            var local = new DisguisedIdCollector();
            var tokenizer = new PartTokenizer(local, location);
            tokenizer.Feed(bytes[..WindowEnd(bytes, window)]);
            tokenizer.Complete();
            lock (owner)
            {
                _pending[block.Index] = local;
                while (_pending.Remove(_next, out var ready))
                {
                    owner.Merge(ready, location);
                    _next++;
                }
            }
        }

        /// <summary>The window's end moved to the end of its line (or, on a very long line, back to the end of a token).</summary>
        private static int WindowEnd(ReadOnlySpan<byte> bytes, int window)
        {
            if (window >= bytes.Length) return bytes.Length;
            var nl = bytes[window..Math.Min(bytes.Length, window + (64 << 10))].IndexOf((byte)'\n');
            if (nl >= 0) return window + nl;
            while (window > 0 && (char.IsAsciiLetterOrDigit((char)bytes[window - 1]) || bytes[window - 1] is (byte)'-' or (byte)'.' or (byte)'_')) window--;
            return window;
        }
    }

    /// <summary>Adds a token to its shape's group; allocates only for a token that is kept.</summary>
    internal void Add(ReadOnlySpan<char> shape, ReadOnlySpan<char> token, string location)
    {
        if (GroupOf(shape) is { Full: false } group) group.Add(token.ToString(), location);
    }

    /// <summary>The group of two numbers of these lengths side by side (2 to 12 digits each, as the tokenizer pairs them).</summary>
    internal TokenGroup? SplitGroup(int left, int right)
    {
        ref var group = ref _splits[left, right];
        if (group is null)
        {
            Span<char> shape = stackalloc char[16];
            shape.TryWrite(System.Globalization.CultureInfo.InvariantCulture, $"split {left}+{right}", out var written);
            group = GroupOf(shape[..written]);
        }
        return group;
    }

    /// <summary>The group of numbers of <paramref name="length"/> digits alone (shape "9" and the length).</summary>
    internal TokenGroup? DigitGroup(int length)
    {
        ref var group = ref _digits[length];
        if (group is null)
        {
            Span<char> shape = stackalloc char[4];
            shape[0] = '9';
            length.TryFormat(shape[1..], out var written, default, System.Globalization.CultureInfo.InvariantCulture);
            group = GroupOf(shape[..(1 + written)]);
        }
        return group;
    }

    /// <summary>The loose group (letters and digits of any length), or null once it is full: the commonest add, made cheap.</summary>
    internal TokenGroup? OpenLoose()
    {
        _loose ??= GroupOf(TokenShape.Loose);
        return _loose is { Full: false } ? _loose : null;
    }

    private TokenGroup? GroupOf(ReadOnlySpan<char> shape)
    {
        TokenGroup? group;
        if (shape.Length <= 7)
        {
            var key = Pack(shape);
            if (_byPackedShape.TryGetValue(key, out group)) return group;
            group = Create(shape);
            if (group is not null) _byPackedShape[key] = group;
            return group;
        }
        return _byShape.TryGetValue(shape, out group) ? group : Create(shape);
    }

    private TokenGroup? Create(ReadOnlySpan<char> shape)
    {
        if (_byShape.TryGetValue(shape, out var group)) return group;
        if (_groups.Count >= MaxGroups) return null;
        var name = shape.ToString();
        return _groups[name] = new TokenGroup(name);
    }

    /// <summary>Up to 7 ASCII characters as one number, with the length in the top bits.</summary>
    private static ulong Pack(ReadOnlySpan<char> shape)
    {
        ulong key = 0;
        foreach (var c in shape) key = key << 8 | (byte)c;
        return key | (ulong)shape.Length << 60;
    }

    /// <summary>Splits bytes into tokens, fed in order (a token cut between two feeds is carried).</summary>
    private sealed class PartTokenizer(DisguisedIdCollector owner, string location)
    {
        private readonly char[] _token = new char[MaxTokenChars];
        private int _length;
        private bool _tooLong;
        // What the token holds besides digits: most tokens of a table are plain numbers, handled without their shape written.
        private bool _letters;
        private bool _separators;
        // The last token on this line, and whether only one delimiter has come since (for split IDs).
        private readonly char[] _previous = new char[MaxTokenChars];
        private int _previousLength;
        private int _gapChars;
        private bool _completed;

        public void Feed(ReadOnlySpan<byte> data)
        {
            foreach (var b in data)
            {
                var c = (char)b;
                if (char.IsAsciiDigit(c) || char.IsAsciiLetter(c))
                {
                    if (_length < MaxTokenChars) _token[_length++] = c;
                    else _tooLong = true;
                    if (c > '9') _letters = true;
                    continue;
                }
                // A separator inside a token stays in it ("123-4567", "1.234.567"); at its end it is dropped with the rest.
                if (c is '-' or '.' or '_' && _length > 0 && char.IsAsciiLetterOrDigit(_token[_length - 1]))
                {
                    if (_length < MaxTokenChars) _token[_length++] = c;
                    else _tooLong = true;
                    _separators = true;
                    continue;
                }
                if (_length > 0) EndToken();
                if (c is '\n' or '\r') _previousLength = 0;
                else _gapChars++;
            }
        }

        public void Complete()
        {
            if (_completed) return;
            _completed = true;
            EndToken();
        }

        private void EndToken()
        {
            var length = _length;
            _length = 0;
            while (length > 0 && !char.IsAsciiLetterOrDigit(_token[length - 1])) length--;
            var tooLong = _tooLong;
            var letters = _letters;
            var separators = _separators;
            _tooLong = _letters = _separators = false;
            if (length == 0) return;
            if (tooLong || length < 2) { _previousLength = 0; _gapChars = 0; return; }
            var token = _token.AsSpan(0, length);
            if (!letters && !separators) AddDigits(token);
            else
            {
                Span<char> shape = stackalloc char[TokenShape.MaxShapeChars];
                var n = TokenShape.Write(token, shape);
                if (n > 0) owner.Add(shape[..n], token, location);
                if (!separators)
                {
                    if (n > 0) AddLoose(token);
                }
                else
                {
                    // Each piece of a compound token on its own as well: "id_f5c12" holds a hexadecimal ID behind a prefix.
                    var start = 0;
                    for (var i = 0; i <= token.Length; i++)
                    {
                        if (i < token.Length && token[i] is not ('-' or '.' or '_')) continue;
                        var piece = token[start..i];
                        start = i + 1;
                        if (piece.Length < 3) continue;
                        if (!piece.ContainsAnyExceptInRange('0', '9'))
                        {
                            AddDigits(piece);
                            continue;
                        }
                        var m = TokenShape.Write(piece, shape);
                        if (m == 0) continue;
                        owner.Add(shape[..m], piece, location);
                        AddLoose(piece);
                    }
                }
            }
            // Two numbers side by side with a delimiter or two between them may be one ID cut in two.
            var previous = _previous.AsSpan(0, _previousLength);
            if (_gapChars is >= 1 and <= 3 && IsDigits(previous) && IsDigits(token))
            {
                Span<char> pair = stackalloc char[2 * MaxTokenChars + 1];
                previous.CopyTo(pair);
                pair[previous.Length] = '|';
                token.CopyTo(pair[(previous.Length + 1)..]);
                if (owner.SplitGroup(previous.Length, token.Length) is { Full: false } split)
                    split.Add(pair[..(previous.Length + 1 + token.Length)].ToString(), location);
            }
            token.CopyTo(_previous);
            _previousLength = length;
            _gapChars = 0;
        }

        /// <summary>
        /// Letters and digits of any length together too (a token with a shape): hex or base 36 of IDs of one length are 4 to
        /// 6 characters, some without a letter, so their shapes differ while the disguise is one.
        /// </summary>
        /// <summary>A number of digits alone: its group by length (shape "9n"), and the loose group.</summary>
        private void AddDigits(ReadOnlySpan<char> digits)
        {
            if (digits.Length < 3) return;
            if (owner.DigitGroup(digits.Length) is { Full: false } group) group.Add(digits.ToString(), location);
            AddLoose(digits);
        }

        private void AddLoose(ReadOnlySpan<char> token)
        {
            if (token.Length <= 12 && owner.OpenLoose() is { } loose) loose.Add(token.ToString(), location);
        }

        private static bool IsDigits(ReadOnlySpan<char> s) => s.Length is >= 2 and <= 12 && !s.ContainsAnyExceptInRange('0', '9');
    }
}

/// <summary>Tokens of one shape, from whichever parts they came.</summary>
public sealed class TokenGroup(string shape)
{
    public string Shape { get; } = shape;
    public List<string> Tokens { get; } = [];
    public List<string> Locations { get; } = [];
    private readonly HashSet<string> _seenLocations = [];

    public bool Full => Tokens.Count >= DisguisedIdCollector.MaxTokensPerGroup;

    internal void Add(string token, string location)
    {
        if (Full) return;
        Tokens.Add(token);
        if (_seenLocations.Count < 64 && _seenLocations.Add(location)) Locations.Add(location);
    }
}

/// <summary>
/// A token's shape: runs of digits by length, runs of letters by case (and length up to 4, so a fixed prefix keeps
/// its group), separators as written. Letters and digits mixed without separators (hexadecimal, base 36, a prefix
/// glued on) are one loose shape by length; short single-case words by case and length (hex and base 36 can be letters alone).
/// </summary>
public static class TokenShape
{
    public const int MaxShapeChars = 3 * DisguisedIdCollector.MaxTokenChars + 8;
    /// <summary>The group of every token of letters and digits alone, whatever its length.</summary>
    public const string Loose = "alnum";

    public static string? Of(string token)
    {
        Span<char> shape = stackalloc char[MaxShapeChars];
        var n = Write(token, shape);
        return n > 0 ? shape[..n].ToString() : null;
    }

    /// <summary>Writes the shape of <paramref name="token"/>; 0 when it has none.</summary>
    public static int Write(ReadOnlySpan<char> token, Span<char> shape)
    {
        var digits = 0;
        var letters = 0;
        var separators = 0;
        foreach (var c in token)
        {
            if (char.IsAsciiDigit(c)) digits++;
            else if (char.IsAsciiLetter(c)) letters++;
            else separators++;
        }
        var at = 0;
        // Hexadecimal and base 36 of an ID can be letters alone ("fbefe"): short single-case words get a shape too.
        if (digits == 0 && separators == 0 && token.Length is >= 3 and <= 8)
        {
            var upper = char.IsAsciiLetterUpper(token[0]);
            foreach (var c in token)
                if (char.IsAsciiLetterUpper(c) != upper) return 0;
            shape[at++] = upper ? 'A' : 'a';
            token.Length.TryFormat(shape[at..], out var lw, default, System.Globalization.CultureInfo.InvariantCulture);
            return at + lw;
        }
        if (digits < 3 && !(digits > 0 && letters > 0 && token.Length <= 12)) return 0;
        if (letters > 0 && separators == 0 && token.Length <= 12)
        {
            "alnum ".AsSpan().CopyTo(shape);
            at = 6;
            token.Length.TryFormat(shape[at..], out var w, default, System.Globalization.CultureInfo.InvariantCulture);
            return at + w;
        }
        var i = 0;
        while (i < token.Length)
        {
            var c = token[i];
            var j = i;
            if (char.IsAsciiDigit(c))
            {
                while (j < token.Length && char.IsAsciiDigit(token[j])) j++;
                shape[at++] = '9';
                (j - i).TryFormat(shape[at..], out var w, default, System.Globalization.CultureInfo.InvariantCulture);
                at += w;
            }
            else if (char.IsAsciiLetter(c))
            {
                var upper = char.IsAsciiLetterUpper(c);
                while (j < token.Length && char.IsAsciiLetter(token[j]) && char.IsAsciiLetterUpper(token[j]) == upper) j++;
                shape[at++] = upper ? 'A' : 'a';
                shape[at++] = j - i <= 4 ? (char)('0' + j - i) : '+';
            }
            else
            {
                j++;
                shape[at++] = c;
            }
            i = j;
        }
        return at;
    }

    /// <summary>The shape in words for a finding (no token's characters).</summary>
    public static string Describe(string shape) => shape switch
    {
        Loose => "of letters and digits, up to 12 characters",
        _ when shape.StartsWith("alnum ", StringComparison.Ordinal) => $"letters and digits mixed, {shape[6..]} characters",
        _ when shape.StartsWith("split ", StringComparison.Ordinal) => $"two numbers side by side ({shape[6..]} digits)",
        _ => $"shaped {shape} (9n: n digits, A/a: capitals/small letters)",
    };
}
