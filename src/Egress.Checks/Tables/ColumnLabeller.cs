using System.Text.RegularExpressions;

namespace Egress.Checks.Tables;

/// <summary>The columns of a table with their statistics, the label columns, and rows that carry their own statistic.</summary>
public sealed partial class LabelledColumns
{
    public required int LabelColumns { get; init; }
    public required List<TableColumn> Columns { get; init; }
    public required List<Statistic> RowStatistics { get; init; }
    /// <summary>Per column: the statistic was inferred from the values (whole numbers as counts), not named by the header.</summary>
    public required bool[] Inferred { get; init; }
    /// <summary>Per column: named by a single letter (t, z, p, b, r, f) that means a statistic only beside others.</summary>
    public required bool[] Weak { get; init; }
}

/// <summary>
/// Names the statistic of each column from its header (see <see cref="StatisticNames"/>) and, where
/// the header says nothing, from its values: running numbers are an index, whole non-negative numbers
/// (and "n (%)" cells) counts. Leading columns of text, codes or running numbers are row labels. Rows
/// labelled with a statistic ("Age, mean (SD)", "median [IQR]", or a describe()-style column of
/// count/mean/std/min/max) carry it over their columns.
/// </summary>
public static partial class ColumnLabeller
{
    private static readonly Regex MeanSd = MeanSdPattern();
    [GeneratedRegex(@"mean\s*(\(|±|\+/-|,)\s*(sd|s\.d\.|std)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MeanSdPattern();
    private static readonly Regex MedianIqr = MedianIqrPattern();
    [GeneratedRegex(@"median\s*[\[(]\s*(iqr|q1|p25|25|lq|range|min)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MedianIqrPattern();
    private static readonly Regex CountPercent = CountPercentPattern();
    [GeneratedRegex(@"\bn\s*\(\s*%\s*\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CountPercentPattern();
    private static readonly HashSet<string> WeakNames = ["b", "f", "r", "t", "z", "p", "or", "st", "lo", "hi", "ll", "ul"];

    private const int MaxRowsNamingStatistics = 2000;

    public static LabelledColumns Label(List<string> names, List<string[]> header, List<string[]> data, List<CellValue[]> parsed, Dictionary<int, Statistic> givenRowStatistics, bool stubColumn = false)
    {
        var width = names.Count;
        var declared = new Statistic[width];
        var weak = new bool[width];
        for (var c = 0; c < width; c++)
        {
            var bottom = header.Count > 0 ? header[^1][c] : "";
            declared[c] = StatisticNames.Of(bottom);
            if (declared[c] == Statistic.Unknown) declared[c] = StatisticNames.Of(names[c]);
            var compact = StatisticNames.Compact((bottom.Length > 0 ? bottom : names[c]).ToLowerInvariant());
            weak[c] = WeakNames.Contains(compact);
        }
        // Q1 … Q5 over columns (or rows) are quintiles, categories: only Q0–Q4 can be quartiles.
        if (Quintiles(names)) for (var c = 0; c < width; c++) if (IsQNumber(names[c])) declared[c] = Statistic.Unknown;
        // A single letter names a statistic only among others of a model's or test's columns (",F,M" are sexes).
        var strong = Enumerable.Range(0, width).Any(c => !weak[c] && declared[c] is Statistic.Coefficient or Statistic.StandardError
            or Statistic.PValue or Statistic.ConfidenceLimit or Statistic.TestStatistic or Statistic.DegreesOfFreedom or Statistic.Correlation);
        if (!strong && Enumerable.Range(0, width).Count(c => weak[c] && declared[c] != Statistic.Unknown) < 2)
            for (var c = 0; c < width; c++)
                if (weak[c]) declared[c] = Statistic.Unknown;
        var profiles = Enumerable.Range(0, width).Select(c => Profile.Of(parsed, c)).ToArray();

        // "Number of ICD-10 diagnoses" left of the count column names a variable: its values repeat down a long table.
        var lastCount = Array.FindLastIndex(declared, d => d == Statistic.Count);
        for (var c = 0; c < lastCount; c++)
            if (declared[c] == Statistic.Count && profiles[c].AllWhole && Repeats(parsed, c)
                && Enumerable.Range(0, c).All(k => declared[k] is Statistic.Unknown or Statistic.Label or Statistic.Index))
                declared[c] = Statistic.Label;
        // Leading label columns: text, named labels, row numbers (first column only: a run of counts
        // 12, 13, 14 elsewhere is still counts), and codes left of a named statistic.
        var firstNamedStatistic = Array.FindIndex(declared, s => s is not (Statistic.Unknown or Statistic.Label or Statistic.Index));
        var labels = 0;
        // pandas' to_csv and R's write.csv write the row index under an empty header: 0, 1, 2 (or 70, 71 after a filter).
        var unnamedIndex = width > 1 && header.Count > 0 && header[^1][0].Length == 0 && names[0].Length == 0
            && profiles[0] is { Numbers: > 0, AllWhole: true, NonNegative: true, Texts: 0 } && Ascending(parsed, 0, consecutive: false);
        // Stata's list and R's print of a list number their rows "1.", "2.": a listing's row numbers.
        var dotted = width > 1 && DottedRowNumbers(data, parsed, 0);
        for (var c = 0; c < width; c++)
        {
            var p = profiles[c];
            var isLabel = declared[c] is Statistic.Label or Statistic.Index || p.TextShare >= 0.5 && p.Texts > 0
                || c == 0 && (unnamedIndex || dotted || stubColumn)
                || (declared[c] == Statistic.Unknown && (p.TextShare >= 0.5 || p.Filled == 0 || (p.Sequential || p.RowNames) && c == 0
                    || c == 0 && p.Texts > 0
                    || (firstNamedStatistic > c && p.Numbers > 0 && p.AllWhole && Repeats(parsed, c))
                    || (c == 0 || c == 1 && unnamedIndex) && IsCodeStub(parsed, c, profiles)
                    || labels > 0 && IsLevelCodes(parsed, data, c, labels)));
            if (!isLabel) break;
            labels++;
        }
        // Keep at least one value column when the table holds numbers.
        // (A listing's row numbers are never that column: a Stata list of text cells has no values.)
        if (labels == width && profiles.Any(p => p.Numbers > 0)
            && Array.FindLastIndex(profiles, p => p.Numbers > 0 && p.TextShare < 0.5) is var numeric && !(numeric == 0 && (unnamedIndex || dotted)))
            labels = Math.Max(0, numeric);
        if (labels == width) labels = Math.Max(0, width - 1);

        // Rows of one group (same labels) for axes that restart in each group (time 1, 2, 3 … per group).
        var groups = parsed.Select((_, r) => string.Join('\u001f', Enumerable.Range(0, labels).Select(c => data[r][c]))).ToList();
        var statistics = new Statistic[width];
        var inferred = new bool[width];
        for (var c = 0; c < width; c++)
        {
            if (c < labels)
            {
                var p = profiles[c];
                statistics[c] = declared[c] == Statistic.Index || c == 0 && (unnamedIndex || dotted)
                    || c == 0 && declared[c] == Statistic.Unknown && (p.Sequential || p.RowNames) && p.Texts == 0
                    ? Statistic.Index : Statistic.Label;
                continue;
            }
            statistics[c] = declared[c];
            if (declared[c] is Statistic.Unknown or Statistic.Label)
            {
                var p = profiles[c];
                if (p.Numbers == 0 || p.TextShare >= 0.5) statistics[c] = Statistic.Unknown;
                else if (p.Progression || p.AllWhole && IsAxis(parsed, c, groups)) statistics[c] = Statistic.Time;
                else if (p.AllWhole && p.NonNegative) { statistics[c] = Statistic.Count; inferred[c] = true; }
                else statistics[c] = Statistic.Unknown;
            }
        }
        // R's addmargins() "Sum" beside counts: a margin (each row's counts add up to it) is a count too.
        for (var c = labels; c < width; c++)
        {
            if (statistics[c] != Statistic.Sum || !profiles[c].AllWhole) continue;
            var others = Enumerable.Range(labels, width - labels).Where(o => o != c && statistics[o] == Statistic.Count).ToList();
            var margin = others.Count >= 2 && parsed.All(r => !r[c].IsNumber || others.Any(o => !r[o].IsNumber)
                || Math.Abs(others.Sum(o => r[o].Number) - r[c].Number) < 0.5);
            if (margin) statistics[c] = Statistic.Count;
        }

        var labelColumns = Enumerable.Range(0, labels).Where(c => statistics[c] != Statistic.Index).ToList();
        var rowStatistics = RowStatistics(data, labelColumns, givenRowStatistics);
        return new LabelledColumns
        {
            LabelColumns = labels,
            Columns = Enumerable.Range(0, width).Select(c => new TableColumn(c, names[c], statistics[c], inferred[c])).ToList(),
            RowStatistics = rowStatistics,
            Inferred = inferred,
            Weak = weak,
        };
    }

    private static readonly Regex QNumber = QNumberPattern();
    [GeneratedRegex(@"(?:^|\s)q(\d)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QNumberPattern();

    /// <summary>"Q3", "Q5 (most deprived)": a Q and one digit leading the name.</summary>
    private static bool IsQNumber(string name) => QNumber.IsMatch(name);

    /// <summary>Names that run past Q4 ("Q5 (most deprived)") are quintiles (or other fifths): categories, not quartiles.</summary>
    private static bool Quintiles(IEnumerable<string> names) =>
        names.Select(n => QNumber.Match(n)).Any(m => m.Success && m.Groups[1].Value[0] >= '5');

    /// <summary>
    /// A column that climbs by one step within each group of rows and starts again in the next (a time
    /// axis of a long table: 1, 2, 3 for Never, then 1, 2, 3 for Current): an axis, not counts.
    /// </summary>
    private static bool IsAxis(List<CellValue[]> parsed, int column, List<string> groups)
    {
        double? previous = null;
        var steps = new List<double>();
        var runs = 0;
        for (var r = 0; r < parsed.Count; r++)
        {
            var v = parsed[r][column];
            if (!v.IsNumber || v.Composite) return false;
            if (r == 0 || groups[r] != groups[r - 1]) { runs++; previous = v.Number; continue; }
            var d = v.Number - previous!.Value;
            if (d <= 0) return false;
            steps.Add(d);
            previous = v.Number;
        }
        if (steps.Count == 0 || runs < 2 || parsed.Count < 2 * runs + 1) return false;
        // Even steps, give or take rounding (days of a year: 365, 365, 366).
        var typical = steps.Order().ElementAt(steps.Count / 2);
        return steps.All(d => Math.Abs(d - typical) <= Math.Max(1, 0.02 * typical));
    }

    /// <summary>
    /// The stub of a table keyed by a variable's codes: the first column (after an unnamed index) holds distinct
    /// consecutive whole numbers from 0 or 1 (Male: 0, 1; household size 1 … 5), or consecutive codes
    /// beside a text category ("2, 3, 4, 5, Other"), with numbers to its right to be the table's values.
    /// </summary>
    private static bool IsCodeStub(List<CellValue[]> parsed, int column, Profile[] profiles)
    {
        var p = profiles[column];
        if (p.Numbers < 2 || !p.AllWhole || !p.NonNegative || !Ascending(parsed, column, consecutive: true)) return false;
        var first = parsed.Select(r => r[column]).First(v => v.IsNumber);
        if (first.Composite || first.Number > 1 && p.Texts == 0) return false;
        return Enumerable.Range(column + 1, profiles.Length - column - 1).Any(c => profiles[c].Numbers > 0);
    }

    /// <summary>
    /// Level codes beside a variable's name (kids_cat4 0, 1, 2, 3; agegroup 1, 2, 4, 5, 6): small whole
    /// numbers climbing by one within each run of rows of one label and starting again in the next.
    /// </summary>
    private static bool IsLevelCodes(List<CellValue[]> parsed, List<string[]> data, int column, int labels)
    {
        string? key = null;
        double? previous = null;
        int runs = 0, steps = 0, numbers = 0;
        for (var r = 0; r < parsed.Count; r++)
        {
            var v = parsed[r][column];
            if (v.Kind is CellKind.Empty or CellKind.Missing) { key = null; continue; }
            if (!v.IsNumber || !v.IsWhole || v.Composite || v.Number < 0 || v.Number > 50) return false;
            numbers++;
            var k = string.Join('\u001f', Enumerable.Range(0, labels).Select(c => data[r][c]));
            if (k != key || previous is null) { key = k; runs++; previous = v.Number; continue; }
            if (v.Number != previous + 1) return false;
            steps++;
            previous = v.Number;
        }
        // Runs of several rows: one row per label says nothing about codes.
        return runs >= 2 && steps * 2 >= numbers && Repeats(parsed, column);
    }

    /// <summary>Every number of the column written with a trailing dot ("1.", "2.", "10."), climbing down the rows.</summary>
    private static bool DottedRowNumbers(List<string[]> data, List<CellValue[]> parsed, int column)
    {
        var numbers = 0;
        for (var r = 0; r < parsed.Count; r++)
        {
            if (!parsed[r][column].IsNumber) continue;
            if (!data[r][column].EndsWith('.') || data[r][column].Length < 2) return false;
            numbers++;
        }
        return numbers >= 2 && Ascending(parsed, column, consecutive: false);
    }

    /// <summary>The column's numbers climb down the rows (by exactly one when <paramref name="consecutive"/>), texts and missing values aside.</summary>
    private static bool Ascending(List<CellValue[]> parsed, int column, bool consecutive)
    {
        double? previous = null;
        foreach (var row in parsed)
        {
            var v = row[column];
            if (!v.IsNumber) continue;
            if (previous is { } q && (consecutive ? v.Number != q + 1 : v.Number <= q)) return false;
            previous = v.Number;
        }
        return previous is not null;
    }

    /// <summary>Values that repeat down the column: a variable's categories, not counts (which rarely coincide).</summary>
    private static bool Repeats(List<CellValue[]> parsed, int column)
    {
        var values = parsed.Select(r => r[column]).Where(v => v.IsNumber).Select(v => v.Number).ToList();
        return values.Count >= 4 && values.Distinct().Count() * 2 <= values.Count;
    }

    private static List<Statistic> RowStatistics(List<string[]> data, List<int> labels, Dictionary<int, Statistic> given)
    {
        var result = Enumerable.Repeat(Statistic.Unknown, data.Count).ToList();
        foreach (var (row, s) in given)
            if (row < result.Count) result[row] = s;
        // Statistics named by row labels belong to small tables (a describe(), a Table 1); a long table's labels are categories.
        if (labels.Count == 0 || data.Count > MaxRowsNamingStatistics) return result;
        string Label(int r) => string.Join(' ', labels.Select(c => data[r][c]).Where(x => x.Length > 0));

        // describe()-style: the labels are statistic names (count, mean, std, min, 25%, …).
        var named = new Dictionary<int, Statistic>();
        for (var r = 0; r < data.Count; r++)
        {
            var label = Label(r);
            // Q1 … Q5 label quintiles (deprivation) far more often than quartiles down a table's rows.
            if (label.Length == 0 || StatisticNames.Compact(label.ToLowerInvariant()).Length > 14 || IsQNumber(label)) continue;
            var s = StatisticNames.OfExact(label);
            if (s is Statistic.Count or Statistic.Mean or Statistic.StandardDeviation or Statistic.Median or Statistic.Percentile
                or Statistic.Minimum or Statistic.Maximum or Statistic.InterquartileRange or Statistic.Variance or Statistic.Sum
                or Statistic.StandardError or Statistic.Range)
                named[r] = s;
        }
        if (named.Values.Distinct().Count() >= 3 && named.Values.Any(s => s != Statistic.Count))
            foreach (var (row, s) in named)
                if (result[row] == Statistic.Unknown) result[row] = s;

        // Stata's matrix list of r(table): rows b, se, z, pvalue, ll, ul — a coefficient table on its side
        // (a base level's coefficient prints as 1, not a count).
        var model = new Dictionary<int, Statistic>();
        for (var r = 0; r < data.Count; r++)
        {
            var label = Label(r);
            if (label.Length == 0 || label.Length > 12) continue;
            var s = StatisticNames.OfExact(label);
            if (s is Statistic.Coefficient or Statistic.StandardError or Statistic.TestStatistic or Statistic.PValue or Statistic.ConfidenceLimit)
                model[r] = s;
        }
        if (model.Values.Contains(Statistic.Coefficient) && model.Values.Distinct().Count() >= 3)
            foreach (var (row, s) in model)
                if (result[row] == Statistic.Unknown) result[row] = s;

        // Table 1 rows: "Age (years), mean (SD)", "BMI, median [IQR]", "Smoking, n (%)".
        for (var r = 0; r < data.Count; r++)
        {
            if (result[r] != Statistic.Unknown) continue;
            var label = Label(r);
            if (StatisticNames.Of(label) == Statistic.Other) result[r] = Statistic.Other;
            else if (MeanSd.IsMatch(label)) result[r] = Statistic.Mean;
            else if (MedianIqr.IsMatch(label)) result[r] = Statistic.Median;
            else if (CountPercent.IsMatch(label)) result[r] = Statistic.Count;
        }
        return result;
    }

    /// <summary>What a column's data cells hold.</summary>
    internal readonly record struct Profile(int Filled, int Numbers, int Texts, bool AllWhole, bool NonNegative, bool Sequential, bool Progression, bool RowNames)
    {
        public double TextShare => Numbers + Texts == 0 ? 0 : (double)Texts / (Numbers + Texts);

        public static Profile Of(List<CellValue[]> parsed, int column)
        {
            int filled = 0, numbers = 0, texts = 0;
            bool whole = true, nonNegative = true, sequential = true, progression = true;
            double? previous = null, step = null;
            foreach (var row in parsed)
            {
                var v = row[column];
                if (v.Kind == CellKind.Empty) continue;
                filled++;
                if (v.Kind == CellKind.Text) { texts++; sequential = false; continue; }
                if (!v.IsNumber) { sequential = false; continue; }
                numbers++;
                if (!v.IsWhole) whole = false;
                if (v.Number < 0) nonNegative = false;
                if (v.Composite || previous is { } p && v.Number != p + 1) sequential = false;
                if (v.Composite) progression = false;
                else if (previous is { } q)
                {
                    var d = v.Number - q;
                    if (d <= 0 || step is { } st && d != st) progression = false;
                    step = d;
                }
                previous = v.Number;
            }
            // Running numbers need a few rows to tell them from three counts that happen to follow each other.
            // A time axis (0, 5, 10, 15, 20 …) climbs by one step: five rows of counts rarely do.
            // Printed row names: 1, 2, … n in every row.
            var rowNames = sequential && numbers == parsed.Count && whole && numbers > 0 && parsed[0][column].Number == 1;
            return new Profile(filled, numbers, texts, numbers > 0 && whole, nonNegative, sequential && numbers >= 3 && numbers == filled && whole,
                progression && numbers >= 5 && numbers == filled, rowNames);
        }
    }
}
