using Egress.Formats.Content;

namespace Egress.Checks;

/// <summary>
/// Provenance of a run decoded from a part: the byte offset in a text part (<c>notes.txt#base64@1234</c>),
/// the row in a table (<c>tables.xlsx#Sheet1#base64@row12</c>), so a checker can find it.
/// </summary>
internal sealed class DecodedRunNames(Part part)
{
    public string PathOf(string encoding, long offset, long line) => part is TablePart table
        ? $"{part.Path}#{encoding}@{table.RowNoun}{line - 1 + table.FirstRowNumber}"
        : $"{part.Path}#{encoding}@{offset}";
}
