namespace Egress.Cohort;

/// <summary>
/// The master cohort held column-wise as integers (fixed-point values scaled by 10^decimals, dates as
/// day numbers, ICD-10 codes as indices). Integers keep formatting exact and the whole 500k cohort in
/// ~110 MB, which lets extracts be written in their own (pseudonym) order by random access.
/// Row <c>p</c> is participant <c>p</c>, the p-th master row.
/// </summary>
public sealed class ParticipantTable
{
    /// <summary>Stored value of an empty cell.</summary>
    public const int Missing = int.MinValue;

    private readonly int[][] columns;

    public ParticipantTable(int participants)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(participants);
        Count = participants;
        columns = new int[FieldCatalogue.Columns.Count][];
        for (int c = 0; c < columns.Length; c++)
            columns[c] = new int[participants];
    }

    public int Count { get; }

    /// <summary>Raw stored values of one column (see <see cref="CellKind"/> for the encoding).</summary>
    public int[] Column(int column) => columns[column];

    internal void Set(int column, int participant, int value) => columns[column][participant] = value;

    public int Raw(int column, int participant) => columns[column][participant];

    public bool IsMissing(int column, int participant) => columns[column][participant] == Missing;

    /// <summary>The numeric value of a cell (fixed-point unscaled; dates as day numbers; codes as indices), or null if empty.</summary>
    public double? Value(int column, int participant)
    {
        int raw = columns[column][participant];
        if (raw == Missing) return null;
        var col = FieldCatalogue.Columns[column];
        return col.Kind == CellKind.Fixed ? raw / CellFormatter.Pow10(col.Decimals) : raw;
    }

    /// <summary>The cell exactly as written to CSV ("" when missing).</summary>
    public string Text(int column, int participant) =>
        CellFormatter.ToText(FieldCatalogue.Columns[column], columns[column][participant]);
}
