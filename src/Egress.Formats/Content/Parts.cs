namespace Egress.Formats.Content;

/// <summary>
/// A piece of an export as the readers find it. <see cref="Path"/> is its provenance: where in the
/// export it lies, e.g. <c>results.zip/tables.xlsx#Hidden</c> or <c>report.ipynb#cell12/output0</c>.
/// </summary>
public abstract record Part(string Path)
{
    /// <summary>Layers above it (archives, encodings), set by the <see cref="Unpacker"/>: 0 for the export itself.</summary>
    public int Depth { get; init; }
}

/// <summary>Bytes to read as a file of their own, sniffed again by content: an archive entry, a decoded run, bytes after an image's end.</summary>
public sealed record EmbeddedFile(string Path, ContentSource Source) : Part(Path);

/// <summary>Text to scan as it is (its layout sniffed: delimited, space-aligned or free text): a CSV, a log, a PDF page's text.</summary>
public sealed record TextPart(string Path, ContentSource Source) : Part(Path)
{
    /// <summary>The visible text of a figure (axis tick labels, legends, titles): scanned for IDs and records, never read as a table.</summary>
    public bool FigureText { get; init; }
}

/// <summary>
/// A table a reader understood (a sheet, an array of JSON objects, an HTML table): cells as text in
/// full precision. Rows are streamed, so a large sheet is not held in memory.
/// </summary>
public sealed record TablePart(string Path, IReadOnlyList<string>? Header, IEnumerable<IReadOnlyList<string>> Rows) : Part(Path)
{
    /// <summary>How the table's rows are numbered where it came from (a sheet's first row, 1-based).</summary>
    public int FirstRowNumber { get; init; } = 1;
    /// <summary>What a row is called in locations: "row" for sheets and tables, "record" for JSON.</summary>
    public string RowNoun { get; init; } = "row";
    /// <summary>True for a worksheet: cells are named A1-style (column k is letter k, rows as <see cref="FirstRowNumber"/> counts them).</summary>
    public bool SpreadsheetCells { get; init; }
    /// <summary>Set when the rows are a plot's marks read back to data coordinates (an SVG scatter): matched as points, not as records.</summary>
    public PlotMarks? Plot { get; init; }
}

/// <summary>
/// What a table of plot points came from: how many marks the figure drew, and whether both axes were fitted to their
/// tick labels (when not, the rows are page pixels, kept only so that a person hears of many individual points).
/// </summary>
public sealed record PlotMarks(long Marks, bool AxesRecovered);

/// <summary>Content that could not be inspected (unknown binary, a payload no decoder explains): never released.</summary>
public sealed record OpaquePart(string Path, long Bytes, string Reason) : Part(Path);

/// <summary>Encrypted or password-protected content: cannot be inspected.</summary>
public sealed record EncryptedPart(string Path, long Bytes, string Format) : Part(Path);

/// <summary>A file individual-level by its nature (genotypes, medical images, per-participant files): never leaves.</summary>
public sealed record IndividualLevelPart(string Path, string Format, long Bytes, string Reason) : Part(Path);

/// <summary>A picture: its pixels hold no numbers that can be checked. Valid structure and no hidden payload make it a clean plot.</summary>
public sealed record ImagePart(string Path, string Format, long Bytes, bool Clean) : Part(Path);

/// <summary>
/// A font (embedded in an HTML report): glyphs hold no checkable numbers. <see cref="KnownAs"/> names a
/// known public font with these exact bytes; otherwise a person looks at it.
/// </summary>
public sealed record FontPart(string Path, string Format, long Bytes, string? KnownAs) : Part(Path);

/// <summary>What a reader noticed that the report must say: a name that escapes its folder, a truncated or corrupt file, a limit reached.</summary>
public sealed record Notice(string Path, NoticeKind Kind, string Message) : Part(Path);

public enum NoticeKind
{
    /// <summary>An archive entry name that would escape its folder (../, absolute path, drive letter).</summary>
    PathTraversal,
    /// <summary>The content ends early or is malformed: what follows the damage was not inspected.</summary>
    Corrupt,
    /// <summary>A limit (depth, entries, expansion, in-memory size, nesting) stopped the unpacking.</summary>
    LimitReached,
    /// <summary>A format recognised but not (fully) readable here, e.g. an unsupported compression.</summary>
    Unsupported,
}
