using System.Globalization;
using System.Text;

namespace Egress.Tests.Checks.Disguise.Adversary;

/// <summary>Values written another way: dates in words and other orders, numbers in words, grouped, in scientific notation, ICD-10 with the dot.</summary>
public static class WrittenForms
{
    private static readonly string[] Units = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
    private static readonly string[] Tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    public static readonly string[] MonthNames = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames[..12];

    /// <summary>An ISO date cell (YYYY-MM-DD), or null.</summary>
    public static DateOnly? Date(string cell) =>
        cell.Length == 10 && DateOnly.TryParseExact(cell, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>A cell that is a number as the extract writes it (optional minus, digits, optional decimals).</summary>
    public static bool IsNumber(string cell) => cell.Length > 0 && cell.Length < 20 && (cell[0] == '-' || char.IsAsciiDigit(cell[0]))
        && cell.Skip(1).All(c => char.IsAsciiDigit(c) || c == '.') && double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    public static LeakTable MapCells(LeakTable table, Func<string, int, string> map) =>
        new(table.Header, table.Rows.Select(r => r.Select(map).ToArray()).ToList());

    /// <summary>"171.7" → "one hundred and seventy-one point seven" (British "and"; digits after the point one by one).</summary>
    public static string Words(string number, Random random)
    {
        var negative = number.StartsWith('-');
        var parts = number.TrimStart('-').Split('.');
        var whole = long.Parse(parts[0], CultureInfo.InvariantCulture);
        var text = new StringBuilder(negative ? (random.Next(2) == 0 ? "minus " : "negative ") : "");
        text.Append(Integer(whole, random.Next(2) == 0));
        if (parts.Length > 1 && parts[1].Length > 0)
            text.Append(" point ").Append(string.Join(' ', parts[1].Select(c => Units[c - '0'])));
        return text.ToString();
    }

    private static string Integer(long n, bool hyphen)
    {
        if (n < 20) return Units[n];
        if (n < 100) return Tens[n / 10] + (n % 10 == 0 ? "" : (hyphen ? "-" : " ") + Units[n % 10]);
        if (n < 1000) return Units[n / 100] + " hundred" + (n % 100 == 0 ? "" : " and " + Integer(n % 100, hyphen));
        if (n < 1_000_000)
            return Integer(n / 1000, hyphen) + " thousand" + (n % 1000 == 0 ? "" : (n % 1000 < 100 ? " and " : " ") + Integer(n % 1000, hyphen));
        return Integer(n / 1_000_000, hyphen) + " million" + (n % 1_000_000 == 0 ? "" : " " + Integer(n % 1_000_000, hyphen));
    }

    /// <summary>Quoted for CSV when it holds a comma.</summary>
    public static string Csv(string cell) => cell.Contains(',') ? "\"" + cell + "\"" : cell;
}

/// <summary>Every date written with its month's name, each column in one of the common forms (SAS's date9 among them).</summary>
public sealed class DatesWithMonthNames : ITableDisguise
{
    public string Name => "dates with month names";
    public string Item => "3 dates in any form";
    public LeakTable Apply(LeakTable table, Random random)
    {
        var forms = new Func<DateOnly, string>[]
        {
            d => $"{d.Day} {WrittenForms.MonthNames[d.Month - 1][..3]} {d.Year}",
            d => $"{d.Day:D2}-{WrittenForms.MonthNames[d.Month - 1][..3]}-{d.Year}",
            d => WrittenForms.Csv($"{WrittenForms.MonthNames[d.Month - 1][..3]} {d.Day}, {d.Year}"),
            d => $"{WrittenForms.MonthNames[d.Month - 1]} {d.Day} {d.Year}",
            d => $"{d.Day}{(d.Day % 10 == 1 && d.Day != 11 ? "st" : d.Day % 10 == 2 && d.Day != 12 ? "nd" : d.Day % 10 == 3 && d.Day != 13 ? "rd" : "th")} {WrittenForms.MonthNames[d.Month - 1]} {d.Year}",
        };
        var byColumn = table.Header.Select(_ => forms[random.Next(forms.Length)]).ToArray();
        return WrittenForms.MapCells(table, (v, c) => WrittenForms.Date(v) is { } d ? byColumn[c](d) : v);
    }
}

/// <summary>Dates as SAS writes them with the DATE9. format (14NOV2006), and DATETIME for one column in two.</summary>
public sealed class SasDate9 : ITableDisguise
{
    public string Name => "dates as SAS date9 (14NOV2006)";
    public string Item => "3 dates in any form";
    public LeakTable Apply(LeakTable table, Random random) => WrittenForms.MapCells(table, (v, c) =>
        WrittenForms.Date(v) is { } d ? $"{d.Day:D2}{WrittenForms.MonthNames[d.Month - 1][..3].ToUpperInvariant()}{d.Year}{(c % 2 == 0 ? ":00:00:00" : "")}" : v);
}

/// <summary>Dates month first (US), with or without leading zeros: 11/14/2006, 5/6/2008.</summary>
public sealed class MonthFirstDates : ITableDisguise
{
    public string Name => "dates month first (m/d/y)";
    public string Item => "3 dates in any form";
    public LeakTable Apply(LeakTable table, Random random)
    {
        var padded = random.Next(2) == 0;
        return WrittenForms.MapCells(table, (v, _) => WrittenForms.Date(v) is { } d ? (padded ? $"{d.Month:D2}/{d.Day:D2}/{d.Year}" : $"{d.Month}/{d.Day}/{d.Year}") : v);
    }
}

/// <summary>ICD-10 codes written with their dot (E11.9), as most tools but UK Biobank write them.</summary>
public sealed class Icd10WithDot : ITableDisguise
{
    public string Name => "ICD-10 codes with the dot";
    public string Item => "3 dates in any form";
    public LeakTable Apply(LeakTable table, Random random) => WrittenForms.MapCells(table, (v, _) =>
        v.Length is 4 or 5 && char.IsAsciiLetterUpper(v[0]) && v.Skip(1).All(char.IsAsciiDigit) ? v[..3] + "." + v[3..] : v);
}

/// <summary>Every number in words: "one hundred and seventy-one point seven".</summary>
public sealed class NumbersInWords : ITableDisguise
{
    public string Name => "numbers in words";
    public string Item => "4 numbers in any form";
    public LeakTable Apply(LeakTable table, Random random) => WrittenForms.MapCells(table, (v, _) => WrittenForms.IsNumber(v) ? WrittenForms.Words(v, random) : v);
}

/// <summary>Every decimal in scientific notation, in one of the ways packages print it (1.717e+02, 1.717E2, 171.7e0).</summary>
public sealed class ScientificNotation : ITableDisguise
{
    public string Name => "scientific notation";
    public string Item => "4 numbers in any form";
    public LeakTable Apply(LeakTable table, Random random)
    {
        var form = random.Next(3);
        return WrittenForms.MapCells(table, (v, _) =>
        {
            if (!WrittenForms.IsNumber(v) || !v.Contains('.')) return v;
            var negative = v.StartsWith('-');
            var digits = v.TrimStart('-').Replace(".", "");
            var point = v.TrimStart('-').IndexOf('.');
            var lead = digits.TakeWhile(c => c == '0').Count();
            if (lead == digits.Length) return v;
            var mantissa = digits[lead..];
            var exponent = point - lead - 1;
            var m = mantissa.Length > 1 ? mantissa[0] + "." + mantissa[1..] : mantissa;
            var sign = negative ? "-" : "";
            return form switch
            {
                0 => $"{sign}{m}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):D2}",
                1 => $"{sign}{m}E{exponent}",
                _ => $"{sign}{v.TrimStart('-')}e0",
            };
        });
    }
}

/// <summary>Decimal comma and grouped thousands, as a European locale writes them (1.234,567; 71,4), the cells quoted.</summary>
public sealed class DecimalCommaGrouping : ITableDisguise
{
    public string Name => "decimal comma, grouped thousands";
    public string Item => "4 numbers in any form";
    public LeakTable Apply(LeakTable table, Random random)
    {
        var grouping = new[] { ".", " ", "'", "\u202F" }[random.Next(4)];
        return WrittenForms.MapCells(table, (v, _) =>
        {
            if (!WrittenForms.IsNumber(v) || !v.Contains('.')) return v;
            var negative = v.StartsWith('-');
            var parts = v.TrimStart('-').Split('.');
            var whole = long.Parse(parts[0], CultureInfo.InvariantCulture).ToString("#,0", CultureInfo.InvariantCulture).Replace(",", grouping);
            return "\"" + (negative ? "-" : "") + whole + "," + parts[1] + "\"";
        });
    }
}

/// <summary>The table as JSON records whose numbers are strings ("171.7"), as some exporters and hand-made JSON write them.</summary>
public sealed class JsonNumbersAsStrings : ILeakWriter
{
    public string Name => "JSON records, numbers as strings";
    public string Item => "4 numbers in any form";
    public IReadOnlyList<LeakFile> Write(LeakTable table, Random random)
    {
        var text = new StringBuilder("[\n");
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            text.Append("  {");
            text.Append(string.Join(", ", table.Header.Select((h, c) => $"\"{h.Replace("\"", "")}\": \"{row[c].Trim('"')}\"")));
            text.Append(r + 1 < table.Rows.Count ? "},\n" : "}\n");
        }
        return [new LeakFile("records.json", Encoding.UTF8.GetBytes(text.Append("]\n").ToString()))];
    }
}

/// <summary>
/// Each participant as a sentence of prose, every number in words and every date written out: "Participant 3 was seen on
/// the 14th of November 2006; their standing height was one hundred and seventy-one point seven, …".
/// </summary>
public sealed class ProseWithValuesInWords : ILeakWriter
{
    public string Name => "prose, values in words";
    public string Item => "4 numbers in any form";
    public IReadOnlyList<LeakFile> Write(LeakTable table, Random random)
    {
        var text = new StringBuilder("Case notes\n\n");
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            var clauses = new List<string>();
            for (var c = 0; c < table.Header.Length; c++)
            {
                var v = row[c].Trim('"');
                if (v.Length == 0) continue;
                var name = table.Header[c].ToLowerInvariant();
                if (WrittenForms.Date(v) is { } d) clauses.Add($"{name} was {d.Day} {WrittenForms.MonthNames[d.Month - 1]} {d.Year}");
                else if (WrittenForms.IsNumber(v)) clauses.Add($"{name} was {WrittenForms.Words(v, random)}");
                else clauses.Add($"{name} was {v}");
            }
            text.Append($"The next person: {string.Join("; ", clauses)}.\n\n");
        }
        return [new LeakFile("notes.txt", Encoding.UTF8.GetBytes(text.ToString()))];
    }
}

/// <summary>A methods section in prose: the study's dates and summary statistics, numbers in words.</summary>
public sealed class ProseReportWithWordsAndDates : ILookAlike
{
    public string Name => "prose report, numbers in words and dates";
    public string Item => "4 numbers in any form";
    public IReadOnlyList<LeakFile> Make(AdversaryCohort cohort, Random random)
    {
        var text = new StringBuilder("Methods\n\n");
        text.Append($"Participants were recruited between {random.Next(1, 28)} Nov 2006 and {random.Next(1, 28)} Oct 2010 at twenty-two assessment centres; ");
        text.Append("follow-up ran until the thirty-first of March two thousand and twenty-one.\n\n");
        for (var c = 1; c < cohort.Header.Length; c++)
        {
            var values = cohort.Rows.Select(r => r[c]).Where(WrittenForms.IsNumber).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
            if (values.Count < 100) continue;
            var mean = values.Average();
            var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
            text.Append($"The mean {cohort.Header[c].ToLowerInvariant()} was {WrittenForms.Words(Cells.F(mean, 1), random)} ");
            text.Append($"(standard deviation {WrittenForms.Words(Cells.F(sd, 2), random)}) in {WrittenForms.Words(values.Count.ToString(CultureInfo.InvariantCulture), random)} participants, ");
            text.Append($"first measured on {random.Next(1, 28)} {WrittenForms.MonthNames[random.Next(12)]} {2006 + random.Next(4)}.\n");
        }
        return [new LeakFile("methods.txt", Encoding.UTF8.GetBytes(text.ToString()))];
    }
}

/// <summary>A reference table of ICD-10 codes (with and without the dot) and their descriptions: no one's diagnoses.</summary>
public sealed class Icd10ReferenceTable : ILookAlike
{
    public string Name => "ICD-10 reference table";
    public string Item => "3 dates in any form";
    public IReadOnlyList<LeakFile> Make(AdversaryCohort cohort, Random random)
    {
        var text = new StringBuilder("code,code_no_dot,chapter,description\n");
        for (var letter = 'A'; letter <= 'Z'; letter++)
            for (var n = 0; n < 100; n += 1 + random.Next(3))
                for (var sub = 0; sub < 10; sub += 1 + random.Next(4))
                    text.Append($"{letter}{n:D2}.{sub},{letter}{n:D2}{sub},{letter - 'A' + 1},condition {letter}{n:D2} subtype {sub}\n");
        return [new LeakFile("icd10_reference.csv", Encoding.UTF8.GetBytes(text.ToString()))];
    }
}

/// <summary>Large counts and totals with grouping separators (population by region and year), and rates in scientific notation.</summary>
public sealed class BigNumbersWithSeparators : ILookAlike
{
    public string Name => "big numbers with separators, scientific notation";
    public string Item => "4 numbers in any form";
    public IReadOnlyList<LeakFile> Make(AdversaryCohort cohort, Random random)
    {
        var text = new StringBuilder("region,year,population,deaths,rate_per_person,total_cost\n");
        foreach (var region in new[] { "North East", "North West", "Yorkshire", "East Midlands", "West Midlands", "East", "London", "South East", "South West", "Wales", "Scotland" })
            for (var year = 2006; year <= 2021; year++)
            {
                var population = 1_000_000 + random.Next(8_000_000);
                var deaths = population / 100 + random.Next(5000);
                text.Append($"{region},{year},\"{population.ToString("#,0", CultureInfo.InvariantCulture)}\",\"{deaths:#,0}\",{(double)deaths / population:0.####e+00},");
                text.Append($"\"{(population * 123.45).ToString("#,0.00", CultureInfo.InvariantCulture).Replace(",", " ")}\"\n");
            }
        return [new LeakFile("population.csv", Encoding.UTF8.GetBytes(text.ToString()))];
    }
}
