using Egress.Index;

namespace Egress.Checks.Disguise.Transforms;

/// <summary>
/// A date field written as a number: days since 1970-01-01 (R, Unix), since 1960-01-01 (SAS, Stata), Excel serial days
/// (1900 and 1904 systems), seconds or milliseconds since 1970, or a decimal year (2006.87). Inverted to days since
/// 1970-01-01, the unit of a date field's statistics.
/// </summary>
internal sealed class NumericDates : ITransformFamily
{
    private static readonly string[] DayHints = ["days", "day", "date", "dt", "serial", "excel", "epoch", "unix", "since"];
    private static readonly string[] YearHints = ["year", "yr", "years", "decimal", "date", "dt"];

    private static readonly (string Name, double DaysTo1970, double Unit, string[] Hints)[] Epochs =
    [
        ("days since 1970-01-01", 0, 1, DayHints),
        ("days since 1960-01-01 (SAS, Stata)", 3653, 1, DayHints),
        ("Excel serial day (1900 system)", 25569, 1, DayHints),
        ("Excel serial day (1904 system)", 24107, 1, DayHints),
        ("seconds since 1970-01-01", 0, 86400, DayHints),
        ("milliseconds since 1970-01-01", 0, 86_400_000, DayHints),
    ];

    public IEnumerable<TransformHypothesis> For(ColumnSample column, FieldStat field)
    {
        if (!field.IsDate) yield break;
        foreach (var (name, offset, unit, hints) in Epochs)
            yield return new TransformHypothesis(name, field, y => y / unit - offset, (_, decimals) => 0.5 * Math.Pow(10, -decimals) / unit, column.Hints(hints));
        // A decimal year's fraction is the day of the year over its length, counted from 0, ½ or 1: one day either way.
        yield return new TransformHypothesis("decimal year", field, DecimalYearToDays,
            (y, decimals) => 0.5 * Math.Pow(10, -decimals) * 366 + 1, column.Hints(YearHints));
    }

    private static double DecimalYearToDays(double y)
    {
        if (!(y > 1800 && y < 2200)) return double.NaN;
        var year = (int)Math.Floor(y);
        var start = new DateOnly(year, 1, 1).DayNumber - new DateOnly(1970, 1, 1).DayNumber;
        return start + (y - year) * (DateTime.IsLeapYear(year) ? 366 : 365);
    }
}
