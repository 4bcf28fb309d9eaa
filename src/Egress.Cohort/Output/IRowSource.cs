using Egress.Cohort.Fingerprinting;

namespace Egress.Cohort.Output;

/// <summary>Rows that can be formatted independently of each other (so blocks can be formatted in parallel).</summary>
internal interface IRowSource
{
    int RowCount { get; }
    /// <summary>Upper bound on one formatted row, newline included.</summary>
    int MaxRowBytes { get; }
    /// <summary>Writes row <paramref name="row"/> including its trailing '\n'; returns the bytes written.</summary>
    int FormatRow(int row, Span<byte> destination);
}

/// <summary>Rows of eid + chosen table columns: the master (participants in order) or a project extract.</summary>
internal sealed class TableRowSource : IRowSource
{
    private readonly ParticipantTable table;
    private readonly int[] eids;
    private readonly int[]? participants;
    private readonly CohortColumn[] columns;
    private readonly int[][] data;
    private readonly ExtractFingerprint? fingerprint;

    /// <param name="participants">Participant of each row, or null when row r is participant r.</param>
    /// <param name="fingerprint">Marks the measurements of a fingerprinted project's extract; null writes them as they are.</param>
    public TableRowSource(ParticipantTable table, int[] eids, int[]? participants, int[] columnIndices, ExtractFingerprint? fingerprint = null)
    {
        this.table = table;
        this.eids = eids;
        this.participants = participants;
        this.fingerprint = fingerprint;
        columns = columnIndices.Select(c => FieldCatalogue.Columns[c]).ToArray();
        data = columnIndices.Select(table.Column).ToArray();
        MaxRowBytes = 11 + columns.Sum(c => CellFormatter.MaxBytes(c) + 1) + 1;
    }

    public int RowCount => eids.Length;
    public int MaxRowBytes { get; }

    public int FormatRow(int row, Span<byte> destination)
    {
        int participant = participants is null ? row : participants[row];
        int pos = CellFormatter.WriteInteger(eids[row], destination);
        for (int c = 0; c < columns.Length; c++)
        {
            destination[pos++] = (byte)',';
            pos += fingerprint is null
                ? CellFormatter.Write(columns[c], data[c][participant], destination[pos..])
                : fingerprint.Write(columns[c], participant, data[c][participant], destination[pos..]);
        }
        destination[pos++] = (byte)'\n';
        return pos;
    }

    public IEnumerable<string[]> TextRows()
    {
        for (int row = 0; row < RowCount; row++)
        {
            int participant = participants is null ? row : participants[row];
            var cells = new string[columns.Length + 1];
            cells[0] = eids[row].ToString(System.Globalization.CultureInfo.InvariantCulture);
            for (int c = 0; c < columns.Length; c++)
                cells[c + 1] = fingerprint is null
                    ? table.Text(columns[c].Index, participant)
                    : fingerprint.Text(columns[c], participant, data[c][participant]);
            yield return cells;
        }
    }
}

/// <summary>master_eid,project_eid pairs.</summary>
internal sealed class LinkageRowSource(int[] masterEids, int[] projectEids) : IRowSource
{
    public int RowCount => masterEids.Length;
    public int MaxRowBytes => 24;

    public int FormatRow(int row, Span<byte> destination)
    {
        int pos = CellFormatter.WriteInteger(masterEids[row], destination);
        destination[pos++] = (byte)',';
        pos += CellFormatter.WriteInteger(projectEids[row], destination[pos..]);
        destination[pos++] = (byte)'\n';
        return pos;
    }
}
