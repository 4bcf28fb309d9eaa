namespace Egress.Checks.Tables;

/// <summary>
/// Rows of text cells as a source laid them out, before Egress decides which are header rows and which
/// columns are labels: what the readers of tables and text hand to <see cref="TableBuilder"/>.
/// </summary>
public sealed class Grid
{
    /// <summary>Rows of cells (ragged: sized by <see cref="TableBuilder"/>).</summary>
    public List<string[]> Rows { get; } = [];
    /// <summary>Per row, its number in the locator's terms (a line of the text, a row of the sheet).</summary>
    public List<long> Numbers { get; } = [];
    /// <summary>Header rows the source states (an HTML thead, JSON keys, a sniffed CSV header); more may be found above the data.</summary>
    public List<string[]> Header { get; } = [];
    /// <summary>Numbers of the stated header rows, for locating header cells.</summary>
    public List<long> HeaderNumbers { get; } = [];
    /// <summary>True when the source says whether it has a header (then no header rows are guessed from the top rows).</summary>
    public bool HeaderKnown { get; init; }
    public required string Layout { get; init; }
    /// <summary>A title or group label printed above the table ("$Female", "sex=Female").</summary>
    public string? Title { get; set; }
    /// <summary>What a console parser already knows: this is a model's coefficient table, with these fit facts.</summary>
    public ModelFacts? Model { get; set; }
    /// <summary>A kind the parser recognised from the output's shape (e.g. Stata's tabulate is a frequency table).</summary>
    public TableKind? KindHint { get; set; }
    /// <summary>True when the layout sets the first column apart as the rows' labels (Stata's stub, left of its bar).</summary>
    public bool StubColumn { get; init; }
    /// <summary>Per row, a statistic the layout gives it (Stata's row-percentage lines under the frequencies).</summary>
    public Dictionary<int, Statistic> RowStatistics { get; } = [];

    public void Add(string[] cells, long number)
    {
        Rows.Add(cells);
        Numbers.Add(number);
    }
}
