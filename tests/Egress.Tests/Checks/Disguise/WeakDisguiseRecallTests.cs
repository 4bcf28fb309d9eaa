using System.Text.Json;
using Egress.Checks;
using Egress.Checks.Disguise.Transforms;
using Egress.Core;
using Egress.Tests.Checks.Disguise.Adversary;
using Egress.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Egress.Tests.Checks.Disguise;

/// <summary>
/// Recall on the weakest disguises: dates written as day numbers, Excel serials or decimal years beside integers and codes
/// (no measurement left), and every measurement through a free scale and offset. The rows are matched through their exact
/// values (integers, codes, days), and those matches anchor the fit of the scaled columns; simulated rows disguised the same
/// ways match nobody.
/// </summary>
[Collection("indexed-cohort")]
public class WeakDisguiseRecallTests(IndexedCohort cohort, ITestOutputHelper output)
{
    private AdversaryCohort Adversary()
    {
        var (header, rows) = cohort.Extract("A");
        return new AdversaryCohort(header, rows);
    }

    private (CheckReport Report, LeakTable Table) CheckLeak(ITableDisguise disguise, int size, int seed)
    {
        var random = new Random(seed);
        var table = new DropIdColumn().Apply(Adversary().Slice(size, random), random);
        table = disguise.Apply(table, random);
        var path = cohort.NewFile("leak.csv");
        File.WriteAllText(path, PlainCsv.Csv(table));
        return (cohort.Check(path), table);
    }

    public static TheoryData<string> DateForms() => ["days since 1970", "Excel serial", "decimal year"];

    [Theory]
    [MemberData(nameof(DateForms))]
    public void Dates_as_numbers_beside_integers_and_codes_are_found(string form)
    {
        ITableDisguise disguise = form switch
        {
            "days since 1970" => new DatesAsDaysSince1970(),
            "Excel serial" => new DatesAsExcelSerial(),
            _ => new DatesAsDecimalYears(),
        };
        var (report, _) = CheckLeak(disguise, 100, 100);
        var transformed = report.Findings.Where(f => f.Evidence.ContainsKey(TransformedRecordRule.EvidenceKey)).ToList();
        output.WriteLine($"{form}: {report.Verdict}, {report.Participants} found; {string.Join(" | ", transformed.Select(f => f.Message))}");
        Assert.Equal(Verdict.Block, report.Verdict);
        // Measured: 15-20 of 100 (the rows hold a year and month of birth, an assessment date and centre, an age and a few codes:
        // written as dispensed, 39 of them are past the bar).
        Assert.True(report.Participants >= 12, $"{report.Participants}");
        var key = form switch { "days since 1970" => "days since 1970", "Excel serial" => "Excel serial", _ => "decimal year" };
        Assert.Contains(transformed.SelectMany(f => (string[])f.Evidence[TransformedRecordRule.EvidenceKey]), u => u.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public void A_free_scale_and_offset_is_fitted_to_the_rows_matched_beside_it()
    {
        var (report, table) = CheckLeak(new ScaledAndShifted(), 1000, 1000);
        var transformed = report.Findings.Where(f => f.Evidence.ContainsKey(TransformedRecordRule.EvidenceKey)).ToList();
        output.WriteLine($"{report.Verdict}, {report.Participants} found; {string.Join(" | ", transformed.Select(f => f.Message))}");
        Assert.Equal(Verdict.Block, report.Verdict);
        // Measured: 183 through the columns left as written before the fit, about 400 with it.
        Assert.True(report.Participants >= 250, $"{report.Participants}");
        var undone = transformed.SelectMany(f => (string[])f.Evidence[TransformedRecordRule.EvidenceKey]).ToList();
        Assert.Contains(undone, u => u.Contains("matched rows) of field ", StringComparison.Ordinal));
        // No cell of the leak in what the findings say (the bits are the engine's own numbers).
        var said = string.Join("\n", transformed.Select(f => f.Message + " " + JsonSerializer.Serialize(f.Evidence.Where(kv => !kv.Key.EndsWith("Bits", StringComparison.Ordinal)).ToDictionary())));
        foreach (var cell in table.Rows.SelectMany(r => r).Where(v => v.Length >= 6 && v.Contains('.')).Distinct().Take(3000))
            Assert.DoesNotContain(cell, said);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Simulated_rows_disguised_the_same_ways_match_nobody(int seed)
    {
        var file = new SimulatedDayNumbersAndScaledMeasurements().Make(Adversary(), new Random(seed)).Single();
        var path = cohort.NewFile(file.Name);
        File.WriteAllBytes(path, file.Content);
        var report = cohort.Check(path);
        output.WriteLine($"seed {seed}: {report.Verdict} ({string.Join(",", report.Findings.Select(f => f.Rule).Distinct())})");
        Assert.DoesNotContain(report.Findings, f => f.Rule == ParticipantRecordDetector.Rule);
        Assert.NotEqual(Verdict.Block, report.Verdict);
    }
}
