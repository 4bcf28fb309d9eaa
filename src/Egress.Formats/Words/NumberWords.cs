namespace Egress.Formats.Words;

/// <summary>What an English word is to a number written in words.</summary>
public enum NumberWordKind : byte
{
    None,
    /// <summary>zero … nine (and "oh" inside a number).</summary>
    Unit,
    /// <summary>ten … nineteen.</summary>
    Teen,
    /// <summary>twenty … ninety.</summary>
    Tens,
    /// <summary>hundred, thousand, million, billion.</summary>
    Multiplier,
    /// <summary>first … ninetieth, hundredth, thousandth: ends the number.</summary>
    Ordinal,
    Point,
    /// <summary>"and" between number words.</summary>
    And,
    /// <summary>minus, negative: before a number.</summary>
    Minus,
    /// <summary>"oh" (a zero inside a spoken number only).</summary>
    Oh,
}

public readonly record struct NumberWord(NumberWordKind Kind, long Value);

/// <summary>
/// The English number words, looked up without allocating: a word of 2–11 ASCII letters is folded to lower case,
/// hashed, and compared with the entries of its slot (open addressing, a tenth full). Most words of prose are refused by their length or hash.
/// </summary>
public static class NumberWords
{
    private const int Slots = 1024;
    private static readonly byte[]?[] Words = new byte[Slots][];
    private static readonly NumberWord[] Meanings = new NumberWord[Slots];

    static NumberWords()
    {
        string[] units = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
        string[] teens = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
        string[] tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
        string[] unitOrdinals = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"];
        string[] teenOrdinals = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth"];
        string[] tensOrdinals = ["twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth"];
        for (var i = 0; i < 10; i++)
        {
            Add(units[i], NumberWordKind.Unit, i);
            Add(teens[i], NumberWordKind.Teen, 10 + i);
            Add(unitOrdinals[i], NumberWordKind.Ordinal, i);
            Add(teenOrdinals[i], NumberWordKind.Ordinal, 10 + i);
        }
        for (var i = 0; i < 8; i++)
        {
            Add(tens[i], NumberWordKind.Tens, 20 + 10 * i);
            Add(tensOrdinals[i], NumberWordKind.Ordinal, 20 + 10 * i);
        }
        Add("fourty", NumberWordKind.Tens, 40);
        Add("hundred", NumberWordKind.Multiplier, 100);
        Add("thousand", NumberWordKind.Multiplier, 1_000);
        Add("million", NumberWordKind.Multiplier, 1_000_000);
        Add("billion", NumberWordKind.Multiplier, 1_000_000_000);
        Add("hundredth", NumberWordKind.Ordinal, 100);
        Add("thousandth", NumberWordKind.Ordinal, 1_000);
        Add("point", NumberWordKind.Point, 0);
        Add("dot", NumberWordKind.Point, 0);
        Add("and", NumberWordKind.And, 0);
        Add("minus", NumberWordKind.Minus, 0);
        Add("negative", NumberWordKind.Minus, 0);
        Add("oh", NumberWordKind.Oh, 0);
    }

    private static void Add(string word, NumberWordKind kind, long value)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(word);
        var slot = Slot(bytes);
        while (Words[slot] is not null) slot = (slot + 1) & (Slots - 1);
        Words[slot] = bytes;
        Meanings[slot] = new NumberWord(kind, value);
    }

    /// <summary>The meaning of <paramref name="word"/> (ASCII letters, any case), or a word of kind None.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static NumberWord Lookup(ReadOnlySpan<byte> word)
    {
        if (word.Length is < 2 or > 11) return default;
        for (var slot = Slot(word); Words[slot] is { } known; slot = (slot + 1) & (Slots - 1))
            if (Same(word, known)) return Meanings[slot];
        return default;
    }

    private static bool Same(ReadOnlySpan<byte> word, byte[] known)
    {
        if (known.Length != word.Length) return false;
        for (var i = 0; i < word.Length; i++)
            if ((word[i] | 0x20) != known[i]) return false;
        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int Slot(ReadOnlySpan<byte> word)
    {
        // FNV-1a over the case-folded letters, with the length.
        var h = 2166136261u ^ (uint)word.Length;
        foreach (var b in word) h = (h ^ (uint)(b | 0x20)) * 16777619u;
        return (int)((h ^ (h >> 15)) & (Slots - 1));
    }
}
