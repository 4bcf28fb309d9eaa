using System.Text;
using Egress.Formats.Content;

namespace Egress.Formats.Documents;

/// <summary>
/// Text a reader gathers from a document (visible text, loose values) to hand over as one text part.
/// Bounded by the in-memory cap: past it, <see cref="InputLimitException"/>.
/// </summary>
internal sealed class TextCollector(UnpackContext context)
{
    private readonly StringBuilder _text = new();
    private readonly long _maxChars = context.Limits.MaxInMemoryBytes / 2;
    private long _held;

    public int Length => _text.Length;
    public bool IsEmpty => _text.Length == 0;
    public bool EndsLine => _text.Length == 0 || _text[^1] == '\n';

    public TextCollector Append(ReadOnlySpan<char> text)
    {
        Take(text.Length);
        _text.Append(text);
        return this;
    }

    public TextCollector Append(char c)
    {
        Take(1);
        _text.Append(c);
        return this;
    }

    /// <summary>Ends the current line unless it is already ended.</summary>
    public void EndLine()
    {
        if (!EndsLine) Append('\n');
    }

    /// <summary>Appends a line of its own.</summary>
    public void Line(ReadOnlySpan<char> text)
    {
        EndLine();
        Append(text);
        Append('\n');
    }

    /// <summary>Counts characters held elsewhere (a table's cells) against the same cap.</summary>
    public void Reserve(int chars) => Take(chars);

    private void Take(int chars)
    {
        _held += chars;
        if (_held > _maxChars)
            throw new InputLimitException($"the text gathered from a document exceeds the {context.Limits.MaxInMemoryBytes:N0} bytes a part may take in memory");
    }

    public MemorySource ToSource() => new(Encoding.UTF8.GetBytes(_text.ToString()));

}
