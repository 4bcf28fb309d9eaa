namespace Egress.Tests.Checks.Disguise.Adversary;

/// <summary>Rows drawn column by column from the cohort's own values (every column but the eid): no row is anyone's.</summary>
internal static class SimulatedRows
{
    public static LeakTable Draw(AdversaryCohort cohort, Random random, int rows)
    {
        var columns = Enumerable.Range(1, cohort.Header.Length - 1).ToList();
        var table = Enumerable.Range(0, rows).Select(_ => columns.Select(c => cohort.Rows[random.Next(cohort.Rows.Count)][c]).ToArray()).ToList();
        return new LeakTable([.. columns.Select(c => cohort.Header[c])], table);
    }
}

/// <summary>
/// Simulated rows (each column from the cohort's marginals) with their dates as days since 1970 and every measurement through its
/// own scale and offset: the integers, codes and days beside the measurements are real values, the rows are no one's. The rows
/// matched through those anchor the scale-and-offset fit, so none may match by chance.
/// </summary>
public sealed class SimulatedDayNumbersAndScaledMeasurements : ILookAlike
{
    public string Name => "simulated rows, dates as day numbers, measurements scaled and shifted";
    public string Item => "3 dates in any form";
    public IReadOnlyList<LeakFile> Make(AdversaryCohort cohort, Random random)
    {
        var table = SimulatedRows.Draw(cohort, random, 300);
        table = new DatesAsDaysSince1970().Apply(table, random);
        table = new ScaledAndShifted().Apply(table, random);
        return [Simulated.Csv("simulated_days_scaled.csv", table)];
    }
}
