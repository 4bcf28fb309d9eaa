using System.Text.RegularExpressions;

namespace Egress.Checks.Tables;

/// <summary>
/// Decides what kind of table a labelled table is, from the statistics its columns and rows hold:
/// coefficients with SEs, p-values or CIs make a model; numbers at risk, events or survival a
/// survival table; correlations (or a square matrix of them) a correlation table; SD, median,
/// percentiles, min or max summary statistics; means or sums with counts a magnitude table; counts and
/// percentages a frequency table. Many rows of attributes with no statistic and no count are row-level
/// data (one row per person).
/// </summary>
public static partial class TableClassifier
{
    /// <summary>Fewest rows before a table of attributes is taken for row-level data.</summary>
    public const int RowLevelMinRows = 20;

    private static readonly Regex UkbField = UkbFieldPattern();
    [GeneratedRegex(@"^\d+-\d+\.\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex UkbFieldPattern();
    private static readonly HashSet<string> IdentifierNames =
        ["id", "eid", "pid", "patientid", "participantid", "subjectid", "personid", "nhsnumber", "studyid", "recordid", "individualid", "iid", "fid"];

    public static TableKind Classify(TableModel table, List<CellValue[]> parsed, LabelledColumns labelled, TableKind? hint)
    {
        if (hint is { } h) return h;
        if (table.Model is not null) return TableKind.Model;
        var values = table.Columns.Skip(table.LabelColumns).ToList();
        bool Has(Statistic s) => values.Any(c => c.Statistic == s);
        bool Declared(Statistic s) => values.Any(c => c.Statistic == s && !labelled.Inferred[c.Index]);
        var rows = table.RowStatistics.Where(s => s != Statistic.Unknown).ToHashSet();

        var coefficient = Has(Statistic.Coefficient);
        if (coefficient && (Has(Statistic.StandardError) || Has(Statistic.PValue) || Has(Statistic.ConfidenceLimit) || Has(Statistic.TestStatistic))
            || Has(Statistic.StandardError) && Has(Statistic.PValue)
            || Has(Statistic.TestStatistic) && Has(Statistic.PValue))
            return TableKind.Model;
        // A coefficient table on its side (rows b, se, z, pvalue).
        if (rows.Contains(Statistic.Coefficient) && (rows.Contains(Statistic.StandardError) || rows.Contains(Statistic.PValue)))
            return TableKind.Model;
        if (Has(Statistic.AtRisk) || Has(Statistic.Censored) || Has(Statistic.Survival)
            || Has(Statistic.Time) && Has(Statistic.Events))
            return TableKind.Survival;
        if (Has(Statistic.Correlation) || IsCorrelationMatrix(table, parsed)) return TableKind.Correlation;

        static bool Distribution(Statistic s) => s is Statistic.StandardDeviation or Statistic.Median or Statistic.Percentile
            or Statistic.InterquartileRange or Statistic.Minimum or Statistic.Maximum or Statistic.Variance or Statistic.Range;
        var counts = values.Any(c => c.Statistic.IsCount()) || rows.Any(s => s.IsCount());
        if (values.Any(c => Distribution(c.Statistic)) || rows.Any(Distribution)) return counts && !rows.Any(Distribution) && rows.Contains(Statistic.Count)
            ? TableKind.Frequency : TableKind.SummaryStatistics;
        if (Has(Statistic.Sum)) return TableKind.Magnitude;
        if (Has(Statistic.Mean) || rows.Contains(Statistic.Mean))
            return rows.Contains(Statistic.Count) ? TableKind.Frequency : counts ? TableKind.Magnitude : TableKind.SummaryStatistics;

        if (IsRowLevel(table, parsed, labelled)) return TableKind.RowLevel;
        if (Declared(Statistic.Count) || Declared(Statistic.Percentage) || Declared(Statistic.Events) || rows.Contains(Statistic.Count))
            return TableKind.Frequency;
        // Counts only inferred from whole numbers: a frequency table when rows are labelled or columns named
        // by categories, and nothing else in it is a statistic.
        if (Has(Statistic.Count) && values.All(c => c.Statistic is Statistic.Count or Statistic.Unknown or Statistic.Index or Statistic.Time
                or Statistic.Percentage or Statistic.Proportion)
            && (table.LabelColumns > 0 && table.Columns.Take(table.LabelColumns).Any(c => c.Statistic == Statistic.Label)
                || table.HeaderRows.Count > 0 && values.Where(c => c.Statistic == Statistic.Count).All(c => !double.TryParse(c.Name, out _) || table.LabelColumns > 0)))
            return TableKind.Frequency;
        return TableKind.Unknown;
    }

    /// <summary>
    /// Values in [-1, 1] (or empty, a triangle) where the row labelled like a column holds 1 for it: a
    /// correlation matrix, whole or one block of a wrapped print.
    /// </summary>
    private static bool IsCorrelationMatrix(TableModel table, List<CellValue[]> parsed)
    {
        var first = table.LabelColumns;
        if (table.ColumnCount - first < 2 || table.RowCount < 2 || first == 0) return false;
        for (var r = 0; r < table.RowCount; r++)
            for (var c = first; c < table.ColumnCount; c++)
            {
                var v = parsed[r][c];
                if (v.Kind == CellKind.Empty) continue;
                if (!v.IsNumber || Math.Abs(v.Number) > 1) return false;
            }
        var diagonal = 0;
        for (var c = first; c < table.ColumnCount; c++)
        {
            var row = Enumerable.Range(0, table.RowCount).FirstOrDefault(r => table.RowLabel(r) == table.Header[c], -1);
            if (row < 0) continue;
            if (parsed[row][c] is not { IsNumber: true, Number: 1 }) return false;
            diagonal++;
        }
        return diagonal >= 2;
    }

    /// <summary>
    /// Rows of people: enough rows, no statistic named anywhere, and either an identifier column, UK
    /// Biobank field columns, or repeating attribute values (labels that do not name each row once).
    /// </summary>
    private static bool IsRowLevel(TableModel table, List<CellValue[]> parsed, LabelledColumns labelled)
    {
        if (table.RowCount < RowLevelMinRows) return false;
        var columns = table.Columns;
        if (columns.Any(c => !labelled.Inferred[c.Index] && c.Statistic is not (Statistic.Unknown or Statistic.Label or Statistic.Index)))
            return false;
        // "n (%)" cells and "(N=…)" group sizes are an aggregate table's.
        if (table.Header.Any(h => h.Contains("n=", StringComparison.OrdinalIgnoreCase) && h.Any(char.IsAsciiDigit))) return false;
        var composite = parsed.Sum(r => r.Count(v => v.Composite));
        if (composite * 4 >= parsed.Sum(r => r.Count(v => v.IsNumber))) return false;
        var names = table.Header.Select(n => StatisticNames.Compact(n.ToLowerInvariant())).ToList();
        if (names.Any(IdentifierNames.Contains) || names.Any(n => n.EndsWith("eid", StringComparison.Ordinal))) return true;
        if (table.Header.Count(n => UkbField.IsMatch(n.Trim())) >= 2) return true;

        var attributes = Enumerable.Range(0, table.ColumnCount)
            .Where(c => columns[c].Statistic != Statistic.Index && parsed.Any(r => r[c].Kind != CellKind.Empty)).ToList();
        if (attributes.Count < 2) return false;
        var labels = Enumerable.Range(0, table.LabelColumns).Where(c => columns[c].Statistic == Statistic.Label).ToList();
        // Categories label each row of an aggregate table once; people share their attribute values.
        if (labels.Count > 0)
        {
            var keys = table.Rows.Select(r => string.Join('\u001f', labels.Select(c => r[c]))).ToList();
            if (keys.Distinct().Count() == table.RowCount) return false;
            // A long aggregate table lists each group in one run of rows (by time, by a second category);
            // people's rows interleave their attribute values.
            var runs = 1 + Enumerable.Range(1, keys.Count - 1).Count(r => keys[r] != keys[r - 1]);
            return runs > keys.Distinct().Count();
        }
        var categorical = attributes.Where(c => table.Rows.Select(r => r[c]).Distinct().Count() <= Math.Max(2, table.RowCount / 5)).ToList();
        return categorical.Count > 0;
    }
}
