using Egress.Checks.Risk;
using Egress.Core;

namespace Egress.Checks.Disguise;

/// <summary>
/// Microdata without quasi-identifiers: many rows of full-precision measurements — each column continuous (its values
/// mostly distinct), no column naming a statistic, no label column that would make the rows a table's cells — are
/// one person per row, whether or not they match anyone (another cohort's, simulated, or disguised past matching).
/// A person looks: review, never release. Aggregates name their statistics or their groups; measurements do not.
/// </summary>
public static class MicrodataRule
{
    public const string Rule = "row-level-measurements";
    public const int MinRows = 50;
    public const int MinMeasurementColumns = 3;
    /// <summary>Share of a column's cells that must be decimal numbers with 2 or more significant digits after the point.</summary>
    private const double MinDecimalShare = 0.8;
    /// <summary>Share of distinct values that makes a column continuous (a measurement, not a code or a grouped value).</summary>
    private const double MinDistinctShare = 0.5;

    public static Finding? For(MeasurementRows table, string location)
    {
        var rows = table.Rows;
        if (rows.Count < MinRows) return null;
        if (table.Header?.Any(h => HeaderNames.NamesStatistic(h)) == true) return null;
        var width = rows.Min(r => r.Length);
        var measurements = 0;
        for (var c = 0; c < width; c++)
        {
            var column = rows.Select(r => r[c]).ToList();
            // A text label column groups the rows: a long-format aggregate table, or a listing a checker reads anyway.
            if (column.Count(v => MeasurementRows.Decimal(v) is null && !double.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out _)) > column.Count / 2)
                return null;
            var decimals = column.Count(v => MeasurementRows.Decimal(v) is { Decimals: >= 2 });
            if (decimals < column.Count * MinDecimalShare) continue;
            if (column.Distinct(StringComparer.Ordinal).Count() < column.Count * MinDistinctShare) continue;
            measurements++;
        }
        if (measurements < MinMeasurementColumns) return null;
        var total = rows.Count + table.MoreRows;
        return new Finding
        {
            Rule = Rule,
            Severity = Severity.Review,
            Location = location,
            Message = $"{total:N0} rows of {measurements} full-precision measurement columns with no statistic or group column: this reads as " +
                      "one row per person (microdata), even though no participant's record was matched",
            Evidence = new Dictionary<string, object> { ["rows"] = total, ["measurementColumns"] = measurements },
            Guidance = "Per-person measurements do not leave the environment, whoever they describe. Export summaries instead " +
                       "(means, SDs, quantiles of groups of at least 10), or say in the request what these rows are.",
        };
    }
}
