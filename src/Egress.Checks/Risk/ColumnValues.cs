using System.Globalization;

namespace Egress.Checks.Risk;

/// <summary>A column's non-missing sample values and what they look like, for recognising it by its values.</summary>
public sealed class ColumnValues
{
    private ColumnValues(List<string> values)
    {
        Values = values;
        Distinct = values.Distinct(StringComparer.OrdinalIgnoreCase).Count();
        foreach (var v in values)
        {
            if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) Numbers.Add(d);
        }
    }

    public List<string> Values { get; }
    public List<double> Numbers { get; } = [];
    public int Distinct { get; }
    public int Count => Values.Count;
    public bool AllNumeric => Count > 0 && Numbers.Count == Count;
    public bool AllIntegers => AllNumeric && Numbers.All(n => n == Math.Floor(n));

    public static ColumnValues Of(IReadOnlyList<IReadOnlyList<string>> rows, int column, int maxRows)
    {
        var values = new List<string>();
        for (var r = 0; r < rows.Count && r < maxRows; r++)
        {
            if (column >= rows[r].Count || KeyCell.IsMissing(rows[r][column])) continue;
            values.Add(rows[r][column].Trim());
        }
        return new ColumnValues(values);
    }

    /// <summary>Share of values for which <paramref name="test"/> holds.</summary>
    public double Share(Func<string, bool> test) => Count == 0 ? 0 : Values.Count(test) / (double)Count;

    public double NumberShare(Func<double, bool> test) => Count == 0 ? 0 : Numbers.Count(test) / (double)Count;

    /// <summary>A calendar date written ISO (`2008-05-21`) or day first (`21/05/2008`), with or without a zero time.</summary>
    public static DateOnly? Date(string value)
    {
        var text = value.Length > 10 && (value[10] == ' ' || value[10] == 'T') ? value[..10] : value;
        string[] formats = ["yyyy-MM-dd", "yyyy/MM/dd", "dd/MM/yyyy", "dd-MM-yyyy", "dd.MM.yyyy"];
        return DateOnly.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
    }
}
