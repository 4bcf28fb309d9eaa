namespace Egress.Core;

/// <summary>The answer for one checked file.</summary>
public sealed record CheckReport
{
    public required string File { get; init; }
    public required string Project { get; init; }
    public required Verdict Verdict { get; init; }
    /// <summary>Distinct participants (project, pseudonym) whose IDs or records were found.</summary>
    public required int Participants { get; init; }
    public required IReadOnlyList<Finding> Findings { get; init; }
    public required long Bytes { get; init; }
    public required long ElapsedMs { get; init; }
    /// <summary>What the file was read as, e.g. "delimited text (',' 41 columns, header)".</summary>
    public string Format { get; init; } = "";
    /// <summary>Every part of the export that was inspected (or found uninspectable), with its provenance path.</summary>
    public IReadOnlyList<InspectedPart> Parts { get; init; } = [];
    /// <summary>True when the input could not be read at all (missing, I/O error, corrupt compression).</summary>
    public bool Unreadable { get; init; }
    /// <summary>Every table read for statistical disclosure control, whether or not a rule failed on it.</summary>
    public IReadOnlyList<AssessedTable> Tables { get; init; } = [];
}

/// <summary>One part of an export: where it lies (e.g. "out.zip/t.xlsx#Sheet2"), what it was read as, and its size.</summary>
public sealed record InspectedPart(string Path, string Format, long Bytes);

/// <summary>
/// A table the disclosure rules looked at: its id (findings about it carry it as evidence "tableId"),
/// the part it lies in, its kind and layout, where it is, its column names and (for aggregate tables)
/// its row labels — what a results file needs to show the table's cells.
/// </summary>
public sealed record AssessedTable(string Id, string Source, string Kind, string Layout, string Location, IReadOnlyList<string> Columns,
    IReadOnlyList<string> RowLabels, int LabelColumns)
{
    /// <summary>Per row (as <see cref="RowLabels"/>), the source line it was read from (1-based); empty for worksheets and tables not read line by line.</summary>
    public IReadOnlyList<long> RowLines { get; init; } = [];
    /// <summary>A model's residual degrees of freedom as its output states them; null when it does not (or the table is no model).</summary>
    public double? ResidualDf { get; init; }
}
