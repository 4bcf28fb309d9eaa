namespace Egress.Checks.Tables;

/// <summary>What a table is, in the words an output checker uses; the kind decides which disclosure rules apply.</summary>
public enum TableKind
{
    /// <summary>Not recognised as any kind below: no rule is applied to its cells.</summary>
    Unknown,
    /// <summary>Counts of people, possibly cross-tabulated, with totals and percentages.</summary>
    Frequency,
    /// <summary>Sums or means of a magnitude, with the counts behind them.</summary>
    Magnitude,
    /// <summary>Descriptive statistics: mean, SD, median, IQR, percentiles, min, max, N.</summary>
    SummaryStatistics,
    /// <summary>Regression or other model output: coefficients, SEs, test statistics, p-values, CIs.</summary>
    Model,
    /// <summary>Survival and life tables: time, numbers at risk, events, censorings, survival.</summary>
    Survival,
    /// <summary>A correlation matrix or a list of correlations.</summary>
    Correlation,
    /// <summary>One row per person: many rows of attributes and no count column (microdata).</summary>
    RowLevel,
}

/// <summary>The statistic a column (or a row, or a cell) holds.</summary>
public enum Statistic
{
    Unknown,
    /// <summary>Row labels: categories, terms, variable names.</summary>
    Label,
    /// <summary>A running number (1, 2, 3 …): a row index, not a statistic.</summary>
    Index,
    Count,
    Percentage,
    Proportion,
    Mean,
    StandardDeviation,
    StandardError,
    Variance,
    Median,
    Percentile,
    InterquartileRange,
    Minimum,
    Maximum,
    Range,
    Sum,
    Coefficient,
    TestStatistic,
    PValue,
    ConfidenceLimit,
    DegreesOfFreedom,
    Time,
    /// <summary>Number at risk (a count).</summary>
    AtRisk,
    /// <summary>Number of events (a count).</summary>
    Events,
    /// <summary>Number censored (a count).</summary>
    Censored,
    Survival,
    Correlation,
    Rate,
    /// <summary>A number that counts no people: distinct values, columns, rows of a data set.</summary>
    Other,
}

public static class Statistics
{
    /// <summary>Statistics that count people: subject to the minimum cell count.</summary>
    public static bool IsCount(this Statistic s) => s is Statistic.Count or Statistic.AtRisk or Statistic.Events or Statistic.Censored;

    /// <summary>Statistics computed from the values of the people in a group (they describe that group).</summary>
    public static bool DescribesGroup(this Statistic s) => s is Statistic.Mean or Statistic.StandardDeviation or Statistic.Variance
        or Statistic.Median or Statistic.Percentile or Statistic.InterquartileRange or Statistic.Minimum or Statistic.Maximum
        or Statistic.Range or Statistic.Sum;

    /// <summary>A single person's value when printed (the extremes of a group).</summary>
    public static bool IsExtreme(this Statistic s) => s is Statistic.Minimum or Statistic.Maximum or Statistic.Range;

    public static string Describe(this Statistic s) => s switch
    {
        Statistic.StandardDeviation => "SD",
        Statistic.StandardError => "SE",
        Statistic.InterquartileRange => "IQR",
        Statistic.PValue => "p-value",
        Statistic.ConfidenceLimit => "confidence limit",
        Statistic.DegreesOfFreedom => "degrees of freedom",
        Statistic.AtRisk => "number at risk",
        Statistic.Events => "number of events",
        Statistic.Censored => "number censored",
        Statistic.TestStatistic => "test statistic",
        _ => s.ToString().ToLowerInvariant(),
    };
}

/// <summary>
/// One column: its name (header levels joined), the statistic it holds, and whether that statistic was
/// inferred from the values (whole numbers taken for counts) rather than named by the header.
/// </summary>
public sealed record TableColumn(int Index, string Name, Statistic Statistic, bool Inferred = false);

/// <summary>
/// What a model output says about its fit: the residual degrees of freedom, the observations (and
/// events) behind it, the parameters estimated, and the line that states them (0 when none does).
/// </summary>
public sealed record ModelFacts(string Software, double? ResidualDf, long? Observations, int? Parameters, long? Events = null, long FactsLine = 0);

/// <summary>
/// A table as Egress understands it, whatever it came from (a sheet, an HTML or Markdown table, JSON
/// records, a CSV, a console print): header (one or two levels), data rows of text cells, which leading
/// columns are row labels, the statistic each column holds, and what kind of table it is. Cells are
/// as written (full precision); <see cref="Locator"/> names any cell the way its source does
/// (<c>book.xlsx#Sheet1!C7</c>, <c>line 7, column 3 'n'</c>).
/// </summary>
public sealed class TableModel
{
    /// <summary>The part the table came from (its provenance path), or the file name when it is the file itself.</summary>
    public required string Source { get; init; }
    /// <summary>How the table was written, e.g. "delimited text", "R summary(lm)", "worksheet".</summary>
    public required string Layout { get; init; }
    /// <summary>Header rows as written, top level first (empty when the table has no header).</summary>
    public IReadOnlyList<IReadOnlyList<string>> HeaderRows { get; init; } = [];
    /// <summary>One name per column: the header levels joined ("Female n"), or "column k" when there is none.</summary>
    public required IReadOnlyList<string> Header { get; init; }
    /// <summary>Data rows, each with exactly <see cref="Header"/>.Count cells.</summary>
    public required IReadOnlyList<IReadOnlyList<string>> Rows { get; init; }
    /// <summary>Leading columns that label the rows (categories, terms); the rest hold values.</summary>
    public int LabelColumns { get; init; }
    public required IReadOnlyList<TableColumn> Columns { get; init; }
    /// <summary>Per row, a statistic that overrides its columns' (a row of percentages under a row of counts, a "Mean" row), or Unknown.</summary>
    public IReadOnlyList<Statistic> RowStatistics { get; init; } = [];
    public required TableKind Kind { get; init; }
    /// <summary>Fit facts when <see cref="Kind"/> is <see cref="TableKind.Model"/> and the output states them.</summary>
    public ModelFacts? Model { get; init; }
    public required CellLocator Locator { get; init; }

    /// <summary>The cells as read by <see cref="CellValue.Parse"/>, kept from building the table so the rules do not read them again.</summary>
    internal CellValue[][]? Values { get; init; }

    public int RowCount => Rows.Count;
    public int ColumnCount => Header.Count;

    /// <summary>The statistic of one cell: its row's when the row overrides, else its column's.</summary>
    public Statistic StatisticOf(int row, int column)
    {
        if (column < LabelColumns) return Statistic.Label;
        if (row < RowStatistics.Count && RowStatistics[row] != Statistic.Unknown) return RowStatistics[row];
        return Columns[column].Statistic;
    }

    /// <summary>A row's label: its label cells joined, or its number when it has none.</summary>
    public string RowLabel(int row)
    {
        var cells = Rows[row];
        var parts = new List<string>(LabelColumns);
        for (var c = 0; c < LabelColumns && c < cells.Count; c++)
            if (Columns[c].Statistic != Statistic.Index && !string.IsNullOrWhiteSpace(cells[c])) parts.Add(cells[c].Trim());
        return parts.Count == 0 ? $"row {row + 1}" : string.Join(" / ", parts);
    }

    /// <summary>Where a cell lies, in its source's own terms.</summary>
    public string Locate(int row, int column) => Locator.Cell(row, column, Header[column]);
}
