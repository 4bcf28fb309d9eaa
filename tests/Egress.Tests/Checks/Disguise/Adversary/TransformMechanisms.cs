using System.Globalization;
using System.Text;

namespace Egress.Tests.Checks.Disguise.Adversary;

/// <summary>A table disguise that uses what the adversary holds of the whole extract (its columns' means and sds, for z-scores).</summary>
public interface ICohortInformed
{
    AdversaryCohort? Cohort { set; }
}

/// <summary>
/// Column-wise transforms of an extract slice: which columns are measurements (decimals) or dates, a column's moments over
/// the whole extract, and a table rebuilt with some columns mapped, renamed or dropped.
/// </summary>
public static class ColumnTransforming
{
    /// <summary>UKB field id of an extract column ("21002-0.0" → "21002").</summary>
    public static string FieldId(string column) => column.Split('-')[0];

    public static bool IsMeasurement(LeakTable table, int c) =>
        Share(table, c, v => v.Contains('.') && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) > 0.5;

    public static bool IsDate(LeakTable table, int c) => Share(table, c, v => DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) > 0.5;

    private static double Share(LeakTable table, int c, Func<string, bool> test)
    {
        var cells = table.Rows.Select(r => r[c]).Where(v => v.Length > 0).ToList();
        return cells.Count == 0 ? 0 : cells.Count(test) / (double)cells.Count;
    }

    /// <summary>
    /// The table with each column through <paramref name="plan"/>: a new name and cell map, or null to keep it as it is.
    /// Measurement columns left as dispensed are dropped when <paramref name="dropOtherMeasurements"/>: what is measured is the
    /// transform, not the values left beside it (columns another disguise made are kept).
    /// </summary>
    public static LeakTable Map(LeakTable table, Func<int, (string Name, Func<string, string> Cell)?> plan, bool dropOtherMeasurements = true)
    {
        var columns = new List<(string Name, Func<string, string> Cell, int Source)>();
        for (var c = 0; c < table.Header.Length; c++)
        {
            if (plan(c) is { } p) columns.Add((p.Name, v => v.Length == 0 ? "" : p.Cell(v), c));
            else if (!(dropOtherMeasurements && IsDispensed(table.Header[c]) && IsMeasurement(table, c))) columns.Add((table.Header[c], v => v, c));
        }
        return new LeakTable([.. columns.Select(x => x.Name)], table.Rows.Select(r => columns.Select(x => x.Cell(r[x.Source])).ToArray()).ToList());
    }

    /// <summary>A column still named as the extract names it (FIELD-INSTANCE.ARRAY): not made by another disguise.</summary>
    public static bool IsDispensed(string header) => System.Text.RegularExpressions.Regex.IsMatch(header, @"^\d+-\d+\.\d+$");

    /// <summary>Mean and sd of a column over the whole extract (what someone holding it computes to standardise).</summary>
    public static (double Mean, double Sd) Moments(AdversaryCohort cohort, string column)
    {
        var c = cohort.Column(column);
        var values = cohort.Rows.Select(r => double.TryParse(r[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).Where(double.IsFinite).ToList();
        var mean = values.Average();
        return (mean, Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)));
    }

    public static double Parse(string v) => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The usual non-SI unit of a UKB field, as (header suffix, value map, decimals written).</summary>
    public static (string Unit, Func<double, double> Convert, int Decimals)? UsUnit(string fieldId) => fieldId switch
    {
        "21002" => ("lb", x => x * 2.20462, 1),
        "50" => ("in", x => x / 2.54, 2),
        "30690" or "30760" or "30780" => ("mg_dl", x => x * 38.67, 1),
        "30870" => ("mg_dl", x => x * 88.57, 1),
        "30740" => ("mg_dl", x => x * 18.016, 1),
        "30750" => ("pct", x => 0.09148 * x + 2.152, 3),
        "30700" => ("mg_dl", x => x / 88.42, 3),
        "30670" => ("bun_mg_dl", x => x * 2.8, 2),
        "30600" => ("g_dl", x => x / 10, 4),
        "30020" => ("g_l", x => x * 10, 2),
        _ => null,
    };
}

/// <summary>Every measurement with a usual non-SI unit converted to it (lb, in, mg/dL, HbA1c %, g/dL); other measurements dropped.</summary>
public sealed class UsUnits : ITableDisguise
{
    public string Name => "US units (lb, in, mg/dL, %)";
    public string Item => "2 transformed columns";
    public LeakTable Apply(LeakTable table, Random random) => ColumnTransforming.Map(table, c =>
        ColumnTransforming.UsUnit(ColumnTransforming.FieldId(table.Header[c])) is { } us && ColumnTransforming.IsMeasurement(table, c)
            ? ($"{table.Header[c]}_{us.Unit}", v => Cells.F(us.Convert(ColumnTransforming.Parse(v)), us.Decimals))
            : null);
}

/// <summary>Every measurement standardised with the extract's mean and sd, 4 decimals.</summary>
public sealed class ZScoredMeasurements : ITableDisguise, ICohortInformed
{
    public AdversaryCohort? Cohort { private get; set; }
    public string Name => "z-scores of every measurement";
    public string Item => "2 transformed columns";
    public LeakTable Apply(LeakTable table, Random random) => ColumnTransforming.Map(table, c =>
    {
        // Columns the extract holds as dispensed (not ones another disguise has made).
        if (!ColumnTransforming.IsMeasurement(table, c) || Cohort is null || Cohort.Column(table.Header[c]) < 0) return null;
        var (mean, sd) = ColumnTransforming.Moments(Cohort, table.Header[c]);
        return ($"z_{table.Header[c]}", v => Cells.F((ColumnTransforming.Parse(v) - mean) / sd, 4));
    });
}

/// <summary>Every positive measurement as its natural or base-10 logarithm (one base per leak), 5 decimals.</summary>
public sealed class LoggedMeasurements : ITableDisguise
{
    public string Name => "log of every measurement";
    public string Item => "2 transformed columns";
    public LeakTable Apply(LeakTable table, Random random)
    {
        var ten = random.Next(2) == 0;
        return ColumnTransforming.Map(table, c => !ColumnTransforming.IsMeasurement(table, c) ? null :
            ($"{(ten ? "log10" : "ln")}_{table.Header[c]}", v => ColumnTransforming.Parse(v) is > 0 and var x ? Cells.F(ten ? Math.Log10(x) : Math.Log(x), 5) : ""));
    }
}

/// <summary>Every measurement scaled by a power of ten (one per column), written to the same precision.</summary>
public sealed class PowerOfTenScaled : ITableDisguise
{
    public string Name => "×10^k of every measurement";
    public string Item => "2 transformed columns";
    public LeakTable Apply(LeakTable table, Random random) => ColumnTransforming.Map(table, c =>
    {
        if (!ColumnTransforming.IsMeasurement(table, c)) return null;
        var k = new[] { -3, -2, -1, 1, 2, 3 }[random.Next(6)];
        return ($"{table.Header[c]}_x1e{k}", v => Cells.F(ColumnTransforming.Parse(v) * Math.Pow(10, k), Math.Max(0, Cells.Decimals(v) - k)));
    });
}

/// <summary>Every measurement through its own scale and offset (a·x + b, a in [0.5, 4], b in [−100, 100]), 4 decimals.</summary>
public sealed class ScaledAndShifted : ITableDisguise
{
    public string Name => "scale and offset of every measurement";
    public string Item => "2 transformed columns";
    public LeakTable Apply(LeakTable table, Random random) => ColumnTransforming.Map(table, c =>
    {
        if (!ColumnTransforming.IsMeasurement(table, c)) return null;
        var (a, b) = (0.5 + 3.5 * random.NextDouble(), random.NextDouble() * 200 - 100);
        return ($"v{c}", v => Cells.F(a * ColumnTransforming.Parse(v) + b, 4));
    });
}

/// <summary>Dates written as numbers, measurements dropped (so the dates and the other columns are what identifies).</summary>
public abstract class NumericDateDisguise : ITableDisguise
{
    public abstract string Name { get; }
    public string Item => "3 dates in any form";
    protected abstract string Write(DateOnly date);
    public LeakTable Apply(LeakTable table, Random random) => ColumnTransforming.Map(table, c => !ColumnTransforming.IsDate(table, c) ? null :
        ($"{table.Header[c]}_n", v => DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? Write(d) : v));
}

public sealed class DatesAsDaysSince1970 : NumericDateDisguise
{
    public override string Name => "dates as days since 1970";
    protected override string Write(DateOnly date) => (date.DayNumber - new DateOnly(1970, 1, 1).DayNumber).ToString(CultureInfo.InvariantCulture);
}

public sealed class DatesAsExcelSerial : NumericDateDisguise
{
    public override string Name => "dates as Excel serial numbers";
    protected override string Write(DateOnly date) => (date.DayNumber - new DateOnly(1899, 12, 30).DayNumber).ToString(CultureInfo.InvariantCulture);
}

public sealed class DatesAsDecimalYears : NumericDateDisguise
{
    public override string Name => "dates as decimal years";
    protected override string Write(DateOnly date) => Cells.F(date.Year + (date.DayOfYear - 1) / (DateTime.IsLeapYear(date.Year) ? 366.0 : 365.0), 3);
}

/// <summary>Measurements drawn column by column from the cohort (no row is anyone's), in the columns' order and names.</summary>
internal static class Simulated
{
    public static LeakTable Measurements(AdversaryCohort cohort, Random random, int rows = 500)
    {
        var columns = Enumerable.Range(1, cohort.Header.Length - 1)
            .Where(c => cohort.Rows.Take(200).Count(r => r[c].Contains('.') && double.TryParse(r[c], CultureInfo.InvariantCulture, out _)) > 150).ToList();
        var table = Enumerable.Range(0, rows).Select(_ => columns.Select(c => cohort.Rows[random.Next(cohort.Rows.Count)][c]).ToArray()).ToList();
        return new LeakTable([.. columns.Select(c => cohort.Header[c])], table);
    }

    public static LeakFile Csv(string name, LeakTable table) => new(name, Encoding.UTF8.GetBytes(PlainCsv.Csv(table)));
}

/// <summary>Simulated measurements from the cohort's marginals, converted to US units: no one's record, must not be blocked.</summary>
public sealed class SimulatedInUsUnits : ILookAlike
{
    public string Name => "simulated measurements in US units";
    public string Item => "2 transformed columns";
    public IReadOnlyList<LeakFile> Make(AdversaryCohort cohort, Random random) =>
        [Simulated.Csv("simulated_us.csv", new UsUnits().Apply(Simulated.Measurements(cohort, random), random))];
}

/// <summary>Simulated measurements from the cohort's marginals, z-scored with the extract's moments.</summary>
public sealed class SimulatedZScores : ILookAlike
{
    public string Name => "simulated measurements as z-scores";
    public string Item => "2 transformed columns";
    public IReadOnlyList<LeakFile> Make(AdversaryCohort cohort, Random random) =>
        [Simulated.Csv("simulated_z.csv", new ZScoredMeasurements { Cohort = cohort }.Apply(Simulated.Measurements(cohort, random), random))];
}

/// <summary>Means, sds and quartiles of each measurement by group, in US units, many decimals.</summary>
public sealed class SummariesInUsUnits : ILookAlike
{
    public string Name => "summaries in US units";
    public string Item => "2 transformed columns";
    public IReadOnlyList<LeakFile> Make(AdversaryCohort cohort, Random random)
    {
        var text = new StringBuilder("variable,unit,group,n,mean,sd,p25,p50,p75\n");
        for (var c = 1; c < cohort.Header.Length; c++)
        {
            if (ColumnTransforming.UsUnit(ColumnTransforming.FieldId(cohort.Header[c])) is not { } us) continue;
            var unit = us.Unit;
            var values = cohort.Rows.Select(r => double.TryParse(r[c], CultureInfo.InvariantCulture, out var v) ? us.Convert(v) : double.NaN).Where(double.IsFinite).ToList();
            if (values.Count < 100) continue;
            for (var g = 0; g < 4; g++)
            {
                var part = values.Where((_, i) => i % 4 == g).Order().ToList();
                var mean = part.Average();
                var sd = Math.Sqrt(part.Sum(v => (v - mean) * (v - mean)) / (part.Count - 1));
                text.Append($"{cohort.Header[c]},{unit},g{g},{part.Count},{Cells.F(mean, 5)},{Cells.F(sd, 5)},{Cells.F(part[part.Count / 4], 5)},{Cells.F(part[part.Count / 2], 5)},{Cells.F(part[3 * part.Count / 4], 5)}\n");
            }
        }
        return [new LeakFile("summaries_us.csv", Encoding.UTF8.GetBytes(text.ToString()))];
    }
}

/// <summary>A reference table of unit conversions over each quantity's usual range (kg↔lb, cm↔in, mmol/L↔mg/dL, HbA1c).</summary>
public sealed class UnitConversionReference : ILookAlike
{
    public string Name => "reference table of unit conversions";
    public string Item => "2 transformed columns";
    public IReadOnlyList<LeakFile> Make(AdversaryCohort cohort, Random random)
    {
        var text = new StringBuilder("kg,lb,cm,in,chol_mmol_l,chol_mg_dl,tg_mmol_l,tg_mg_dl,glucose_mmol_l,glucose_mg_dl,hba1c_mmol_mol,hba1c_pct\n");
        for (var i = 0; i < 120; i++)
        {
            var kg = 40 + i * 0.9;
            var cm = 140 + i * 0.5;
            var mmol = 2 + i * 0.05;
            var tg = 0.3 + i * 0.04;
            var glucose = 3 + i * 0.07;
            var hba1c = 20 + i * 0.75;
            text.Append(string.Join(",", Cells.F(kg, 1), Cells.F(kg * 2.20462, 3), Cells.F(cm, 1), Cells.F(cm / 2.54, 3), Cells.F(mmol, 3), Cells.F(mmol * 38.67, 3),
                Cells.F(tg, 3), Cells.F(tg * 88.57, 3), Cells.F(glucose, 3), Cells.F(glucose * 18.016, 3), Cells.F(hba1c, 2), Cells.F(0.09148 * hba1c + 2.152, 4))).Append('\n');
        }
        return [new LeakFile("unit_conversions.csv", Encoding.UTF8.GetBytes(text.ToString()))];
    }
}
