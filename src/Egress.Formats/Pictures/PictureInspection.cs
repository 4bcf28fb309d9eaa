using System.Text;
using Egress.Formats.Content;

namespace Egress.Formats.Pictures;

/// <summary>
/// What a picture's walk found that decides whether it is a clean plot: damage (structure broken) and
/// anything beyond a picture (payload in private blocks, bytes after the end, long text). At the end
/// it yields one notice for the damage and the picture itself, clean only when neither was found.
/// </summary>
internal sealed class PictureInspection(string path, string format)
{
    /// <summary>Metadata text longer than this is more than a caption or a program's name.</summary>
    public const int ShortTextChars = 1024;
    /// <summary>XMP packets are verbose XML even when they say little.</summary>
    public const int ShortXmpChars = 64 * 1024;
    /// <summary>EXIF prints every tag as "Name: value"; a camera's few dozen tags stay under this.</summary>
    public const int ShortExifChars = 4 * 1024;
    /// <summary>All metadata text of one picture together.</summary>
    public const int TotalTextChars = 96 * 1024;

    private readonly List<string> _damage = [];
    private readonly List<string> _beyondPicture = [];
    private readonly Dictionary<string, int> _fragments = new(StringComparer.Ordinal);
    private long _textChars;

    public string Path { get; } = path;
    public string Format { get; } = format;
    public bool IsClean => _damage.Count == 0 && _beyondPicture.Count == 0;
    public IReadOnlyList<string> Damage => _damage;
    public IReadOnlyList<string> BeyondPicture => _beyondPicture;

    public void Damaged(string what) => _damage.Add(what);

    /// <summary>Content that is not part of the picture (a payload, trailing bytes, long text): it is inspected, but the picture is not clean.</summary>
    public void Beyond(string what) => _beyondPicture.Add(what);

    /// <summary>A unique provenance path for a fragment (a second "tEXt:Comment" becomes "tEXt:Comment(2)").</summary>
    public string PathOf(string fragment)
    {
        var n = _fragments[fragment] = _fragments.GetValueOrDefault(fragment) + 1;
        return n == 1 ? $"{Path}#{fragment}" : $"{Path}#{fragment}({n})";
    }

    /// <summary>Metadata text as a part to scan; text longer than short metadata makes the picture not clean.</summary>
    public TextPart Text(string fragment, string text, int allowance = ShortTextChars)
    {
        _textChars += text.Length;
        if (text.Length > allowance)
            Beyond($"{fragment} holds {text.Length:N0} characters of text");
        else if (_textChars > TotalTextChars && _textChars - text.Length <= TotalTextChars)
            Beyond($"its metadata holds more than {TotalTextChars:N0} characters of text");
        return new TextPart(PathOf(fragment), new MemorySource(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Bytes with no meaning for the picture: read again as a file of their own.</summary>
    public EmbeddedFile Payload(string fragment, ReadOnlyMemory<byte> bytes, string why)
    {
        Beyond(why);
        return new EmbeddedFile(PathOf(fragment), new MemorySource(bytes));
    }

    /// <summary>A payload (<paramref name="why"/> says what makes it one), or a picture within the picture (a thumbnail) when null.</summary>
    public EmbeddedFile Embedded(string fragment, ReadOnlyMemory<byte> bytes, string? why) =>
        why is null ? new EmbeddedFile(PathOf(fragment), new MemorySource(bytes)) : Payload(fragment, bytes, why);

    /// <summary>The notice for the damage (if any) and the picture.</summary>
    public IEnumerable<Part> Close(long bytes)
    {
        if (_damage.Count > 0)
            yield return new Notice(Path, NoticeKind.Corrupt,
                $"{Format} structure is damaged: {string.Join("; ", _damage.Take(5))}{(_damage.Count > 5 ? $" (and {_damage.Count - 5} more)" : "")}");
        yield return new ImagePart(Path, Format, bytes, IsClean);
    }

    /// <summary>Bytes after a picture's end: nothing when they are all zero padding, which carries no information.</summary>
    public static bool IsPadding(ReadOnlySpan<byte> trailing) => trailing.IndexOfAnyExcept((byte)0) < 0;
}
