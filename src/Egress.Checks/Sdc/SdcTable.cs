using System.Text.RegularExpressions;
using Egress.Checks.Tables;
using Egress.Core;

namespace Egress.Checks.Sdc;

/// <summary>A cell that holds a count of people.</summary>
public readonly record struct CountCell(int Row, int Column, CellValue Value, Statistic Statistic);

/// <summary>A group size a header states ("Female (N=1,234)").</summary>
public readonly record struct HeaderCount(int Column, long Count);

/// <summary>
/// The facts about a table's cells that the disclosure rules share: each cell's value, the cells that
/// count people, which rows and columns are totals, whether the counts were rounded (declared by the
/// policy, a note in the file or the table's own header — never guessed from the counts) and the group
/// size behind each statistic.
/// </summary>
public sealed partial class SdcTable
{
    private static readonly Regex HeaderN = HeaderNPattern();
    [GeneratedRegex(@"\bn\s*=\s*([\d,]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderNPattern();
    private static readonly HashSet<string> TotalWords = ["total", "totals", "all", "sum", "overall", "grandtotal", "alltotal", "margin", "combined"];
    private static readonly HashSet<string> GroupSizeNames =
        ["n", "count", "nobs", "obs", "freq", "frequency", "total", "ntotal", "number", "nnonmissing", "ncomplete", "complete", "samplesize",
         "size", "groupsize", "participants", "nparticipants", "patients", "npatients", "people", "subjects", "observations", "counts"];

    /// <param name="declaredRounding">The base a note elsewhere in the table's file declares its counts rounded to, or null.</param>
    public SdcTable(TableModel table, SdcPolicy policy, string id = "", int? declaredRounding = null)
    {
        Id = id;
        Table = table;
        Policy = policy;
        Values = table.Values ?? table.Rows.Select(r => r.Select(CellValue.Parse).ToArray()).ToArray();
        TotalRows = Enumerable.Range(0, table.RowCount).Select(r => IsTotal(table.RowLabel(r))).ToArray();
        TotalColumns = table.Columns.Select(c => c.Index >= table.LabelColumns && IsTotal(LastWord(c.Name))).ToArray();
        var counts = new List<CountCell>();
        for (var r = 0; r < table.RowCount; r++)
            for (var c = table.LabelColumns; c < table.ColumnCount; c++)
            {
                var s = table.StatisticOf(r, c);
                // Counts guessed from whole numbers are counts only where they made the table a frequency table
                // (a model's 0/1 indicator, a correlation matrix's diagonal of ones are not).
                var guessed = table.Columns[c].Inferred && (r >= table.RowStatistics.Count || table.RowStatistics[r] == Statistic.Unknown);
                if (guessed && table.Kind != TableKind.Frequency) continue;
                // A total beside sums is the sum of sums, a magnitude: its size is not a number of people.
                if (table.Kind == TableKind.Magnitude && TotalColumns[c] && StatisticNames.Compact(table.Columns[c].Name.ToLowerInvariant()) != "n") continue;
                if (s.IsCount() && Values[r][c].Kind != CellKind.Empty) counts.Add(new CountCell(r, c, Values[r][c], s));
            }
        Counts = counts;
        HeaderCounts = table.Columns.Skip(table.LabelColumns)
            .Select(c => (c.Index, Match: HeaderN.Match(c.Name)))
            .Where(x => x.Match.Success && long.TryParse(x.Match.Groups[1].Value.Replace(",", ""), out _))
            .Select(x => new HeaderCount(x.Index, long.Parse(x.Match.Groups[1].Value.Replace(",", ""))))
            .ToList();
        RoundingBase = policy.RoundedTo ?? declaredRounding
            ?? RoundingDeclaration.In(string.Join('\n', table.HeaderRows.Select(r => string.Join(' ', r)).Append(string.Join(' ', table.Header))), policy.RoundingBases);
        FindGroupSizes();
        CategoryColumns = Enumerable.Range(table.LabelColumns, table.ColumnCount - table.LabelColumns)
            .Where(c => !TotalColumns[c] && table.Columns[c].Statistic == Statistic.Count && IsCategory(table.Columns[c]))
            .ToList();
    }

    /// <summary>The table's id in the check report (findings carry it).</summary>
    public string Id { get; }
    public TableModel Table { get; }
    /// <summary>Per-cell contributions the TRE computed for the table's file (a sidecar), when one was given.</summary>
    public ContributionSidecar? Evidence { get; init; }
    /// <summary>ACRO's verified results for the table's file, when they were submitted with it.</summary>
    public AcroEvidence? Acro { get; init; }
    public SdcPolicy Policy { get; }
    public CellValue[][] Values { get; }
    public IReadOnlyList<CountCell> Counts { get; }
    public IReadOnlyList<HeaderCount> HeaderCounts { get; }
    public bool[] TotalRows { get; }
    public bool[] TotalColumns { get; }
    /// <summary>Count columns that are categories (not totals): two or more make a cross-tabulation.</summary>
    public IReadOnlyList<int> CategoryColumns { get; }
    /// <summary>The base every count was declared rounded to, or null.</summary>
    public int? RoundingBase { get; }

    public int Threshold => Policy.MinimumCellCount.Threshold;

    private readonly Dictionary<string, object> _cache = [];

    /// <summary>A fact worked out once per table and shared by the rules that need it.</summary>
    public T Cached<T>(string key, Func<T> compute) where T : class
    {
        if (_cache.TryGetValue(key, out var value)) return (T)value;
        var computed = compute();
        _cache[key] = computed;
        return computed;
    }

    /// <summary>A count the researcher rounded (the table is rounded and the count a multiple of the base): not a failure.</summary>
    public bool IsRounded(CellValue v) => RoundingBase is { } b && v.IsNumber && v.IsWhole && v.Number % b == 0;

    /// <summary>The data cells holding a number whose statistic is one of <paramref name="which"/>, row by row.</summary>
    public IEnumerable<(int Row, int Column, Statistic Statistic)> NumericStatisticCells(Func<Statistic, bool> which)
    {
        for (var r = 0; r < Table.RowCount; r++)
            for (var c = Table.LabelColumns; c < Table.ColumnCount; c++)
            {
                var s = Table.StatisticOf(r, c);
                if (which(s) && Values[r][c].IsNumber) yield return (r, c, s);
            }
    }

    /// <summary>A whole count of 1 to threshold − 1, not rounded.</summary>
    public bool IsSmallCount(CellValue v) => v.IsCountLike && v.Number >= 1 && v.Number < Threshold && !IsRounded(v);

    /// <summary>
    /// The number of people a statistic cell describes: its row's count (N, n, count…), or the count row
    /// of a describe()-style table, or its column header's "(N=…)"; null when the table does not say.
    /// </summary>
    public CellValue? GroupSize(int row, int column)
    {
        if (_countRow is { } r) return Values[r][column];
        if (_groupSizeColumn is { } c && Values[row][c].Kind != CellKind.Empty) return Values[row][c];
        foreach (var h in HeaderCounts)
            if (h.Column == column) return new CellValue(CellKind.Number, h.Count, true, 0, false);
        return null;
    }

    /// <summary>Where the group size of a statistic cell is written (for the report).</summary>
    public string? GroupSizeLocation(int row, int column)
    {
        if (_countRow is { } r) return Table.Locate(r, column);
        if (_groupSizeColumn is { } c && Values[row][c].Kind != CellKind.Empty) return Table.Locate(row, c);
        return HeaderCounts.Any(h => h.Column == column) ? $"{Table.Locator.Whole}: header of column {column + 1} '{Table.Header[column]}'" : null;
    }

    private int? _countRow;
    private int? _groupSizeColumn;

    /// <summary>The row (describe()-style) or column that states each group's size.</summary>
    private void FindGroupSizes()
    {
        for (var r = 0; r < Table.RowCount; r++)
            if (r < Table.RowStatistics.Count && Table.RowStatistics[r] == Statistic.Count
                && GroupSizeNames.Contains(StatisticNames.Compact(Table.RowLabel(r).ToLowerInvariant())))
            {
                _countRow = r;
                return;
            }
        foreach (var c in Table.Columns)
            if (c.Index >= Table.LabelColumns && c.Statistic == Statistic.Count && GroupSizeNames.Contains(StatisticNames.Compact(LastWord(c.Name).ToLowerInvariant())))
            {
                _groupSizeColumn = c.Index;
                return;
            }
    }

    private static readonly HashSet<string> MeasureWords =
        ["n", "count", "counts", "freq", "frequency", "number", "no", "num", "obs", "observations", "events", "event", "exclude", "excluded",
         "included", "include", "missing", "nonmissing", "unique", "risk", "atrisk", "censor", "censored", "total", "all", "eligible", "denominator",
         "numerator", "population", "pop", "records", "deaths", "outcome", "outcomes", "step", "remaining", "lost"];

    /// <summary>
    /// A count column that is one category of a cross-tabulation: named by its category ("Female", "1",
    /// "n_female", "Male n"), not a measure of its own (n, n_exclude, n_events, n_missing).
    /// </summary>
    private static bool IsCategory(TableColumn column)
    {
        if (column.Inferred) return true;
        var words = column.Name.ToLowerInvariant().Split([' ', '_', '.', '-', '(', ')'], StringSplitOptions.RemoveEmptyEntries);
        var rest = words.Where(w => !MeasureWords.Contains(w) && w != "of" && w != "%").ToList();
        return rest.Count > 0 && words.Length > rest.Count;
    }

    private static string LastWord(string name)
    {
        var words = name.Split([' ', '_', '.'], StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 0 ? name : words[^1];
    }

    private static bool IsTotal(string label)
    {
        var compact = StatisticNames.Compact(label.ToLowerInvariant());
        return TotalWords.Contains(compact) || compact.StartsWith("total", StringComparison.Ordinal) && compact.Length <= 12;
    }
}
