using System.Globalization;

namespace Egress.Formats.Pdf;

/// <summary>A PDF object as parsed: numbers, names, strings, arrays, dictionaries, references, streams, keywords.</summary>
public abstract class PdfObject;

public sealed class PdfNumber(double value) : PdfObject
{
    public double Value { get; } = value;
    public int Int => Value is >= int.MinValue and <= int.MaxValue ? (int)Value : 0;
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

public sealed class PdfName(string value) : PdfObject
{
    public string Value { get; } = value;
    public override string ToString() => "/" + Value;
}

public sealed class PdfString(byte[] bytes) : PdfObject
{
    public byte[] Bytes { get; } = bytes;
}

public sealed class PdfArray(List<PdfObject> items) : PdfObject
{
    public List<PdfObject> Items { get; } = items;
}

public sealed class PdfDictionary(Dictionary<string, PdfObject> entries) : PdfObject
{
    public Dictionary<string, PdfObject> Entries { get; } = entries;
    public PdfObject? this[string key] => Entries.GetValueOrDefault(key);
    public string? NameOf(string key) => (Entries.GetValueOrDefault(key) as PdfName)?.Value;
}

public sealed class PdfReference(int number, int generation) : PdfObject
{
    public int Number { get; } = number;
    public int Generation { get; } = generation;
}

/// <summary>true, false, null, and operators in content streams.</summary>
public sealed class PdfKeyword(string value) : PdfObject
{
    public static readonly PdfKeyword Null = new("null");
    public string Value { get; } = value;
}

/// <summary>A stream: its dictionary and its raw (still encoded) bytes.</summary>
public sealed class PdfStream(PdfDictionary dictionary, ReadOnlyMemory<byte> raw) : PdfObject
{
    public PdfDictionary Dictionary { get; } = dictionary;
    public ReadOnlyMemory<byte> Raw { get; set; } = raw;
}
