using System.Text;
using Egress.Formats.Content;

namespace Egress.Formats.Containers;

/// <summary>
/// An archive's entry names (and entry comments) as one text part, one per line: a name is text the exporter chose
/// (`out/1234567.txt`, a folder per participant), and empty entries or folders have no content part to carry it.
/// </summary>
public sealed class EntryNameListing
{
    private readonly StringBuilder _text = new();
    private int _count;

    public void Add(string name)
    {
        if (string.IsNullOrEmpty(name)) return;
        _text.Append(name.Replace('\n', ' ').Replace('\r', ' ')).Append('\n');
        _count++;
    }

    /// <summary>The listing as a part of the archive, or null when it has no names.</summary>
    public TextPart? Part(string archivePath) =>
        _count == 0 ? null : new TextPart(archivePath + "#entry-names", new MemorySource(Encoding.UTF8.GetBytes(_text.ToString())));
}
