using System.Text;
using Egress.Formats.Content;

namespace Egress.Tests.Formats.Encodings;

/// <summary>
/// A minimal table format for tests of the table path: "EGRESS-TEST-TABLE\n" then tab-separated lines,
/// the first a header. Until the document readers (JSON, XLSX) are on this branch, it yields table parts.
/// </summary>
public sealed class TestTableReader : IContentReader
{
    public const string Magic = "EGRESS-TEST-TABLE\n";

    public string Format => "test-table";

    public bool Recognizes(ReadOnlySpan<byte> head, ContentSource source) => head.StartsWith(Encoding.ASCII.GetBytes(Magic));

    public IEnumerable<Part> Read(ContentSource source, string path, UnpackContext context)
    {
        using var reader = new StreamReader(source.Open(), Encoding.UTF8);
        reader.ReadLine();
        var header = reader.ReadLine()?.Split('\t') ?? [];
        var rows = new List<IReadOnlyList<string>>();
        while (reader.ReadLine() is { } line) rows.Add(line.Split('\t'));
        yield return new TablePart(path + "#table", header, rows);
    }
}
