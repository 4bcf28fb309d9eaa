using Egress.Core;
using Egress.Tests.Checks.Disguise.Adversary;
using Egress.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Egress.Tests.Checks.Disguise;

/// <summary>
/// Leaks whose dates, numbers and ICD-10 codes are written another way (month names, m/d/y, SAS date9, words, grouping,
/// scientific notation, strings in JSON, the dot) are blocked with their participants found, at 10 and 200 participants;
/// legitimate outputs written those ways are not blocked.
/// </summary>
[Collection("indexed-cohort")]
public class WrittenFormTests(IndexedCohort cohort, ITestOutputHelper output)
{
    public static TheoryData<string> Mechanisms() =>
    [
        nameof(DatesWithMonthNames), nameof(SasDate9), nameof(MonthFirstDates), nameof(Icd10WithDot), nameof(NumbersInWords),
        nameof(ScientificNotation), nameof(DecimalCommaGrouping), nameof(JsonNumbersAsStrings), nameof(ProseWithValuesInWords),
    ];

    private static object Mechanism(string name) =>
        Activator.CreateInstance(typeof(WrittenForms).Assembly.GetType($"{typeof(WrittenForms).Namespace}.{name}")!)!;

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public void Leaks_written_another_way_are_blocked_with_their_participants(string name)
    {
        var run = new AdversaryRun(cohort);
        var mechanism = Mechanism(name);
        foreach (var size in new[] { 10, 200 })
        {
            var scenario = mechanism is ILeakWriter writer
                ? new LeakScenario([], writer, null, size, size)
                : new LeakScenario([(ITableDisguise)mechanism], new PlainCsv(), null, size, size);
            var result = run.Run(scenario);
            output.WriteLine($"{name,-28} {size,4}: {result.Verdict}, {result.Found} of {result.True} ({result.Rules})");
            Assert.Equal(Verdict.Block, result.Verdict);
            Assert.True(result.Found >= result.True * 0.9, $"{name} at {size}: {result.Found} of {result.True} found ({result.Rules})");
        }
    }

    /// <summary>
    /// The mechanism alone, where nothing else in the row could find the participant: only the written-form columns
    /// and too few plain ones to make a record without them. The rows that are records as dispensed (two dates or a
    /// handful of codes and a few integers are few people's record) are found as many when disguised.
    /// </summary>
    [Theory]
    [InlineData(nameof(DatesWithMonthNames))]
    [InlineData(nameof(SasDate9))]
    [InlineData(nameof(MonthFirstDates))]
    [InlineData(nameof(Icd10WithDot))]
    public void The_written_form_itself_is_matched(string name)
    {
        var (header, rows) = cohort.Extract(AdversaryRun.Project);
        var adversary = new AdversaryCohort(header, rows);
        var disguise = (ITableDisguise)Mechanism(name);
        var kept = Enumerable.Range(1, header.Length - 1).Where(c => Kept(name, header, rows, c)).ToList();
        LeakTable Only(bool blank) => new(kept.Select(c => header[c]).ToArray(),
            rows.Skip(500).Take(200).Select(r => kept.Select(c => blank && Disguised(name, r[c]) ? "" : r[c]).ToArray()).ToList());
        var random = new Random(7);
        var plain = run(Only(blank: false));
        var disguised = run(disguise.Apply(Only(blank: false), random));
        var without = run(Only(blank: true));
        output.WriteLine($"{name}: {plain} found as dispensed, {disguised} with the column(s) disguised, {without} with them blank");
        Assert.True(plain > without, $"{name}: the test table needs the column(s) to find anyone");
        Assert.True(disguised >= plain * 0.8 && disguised > without, $"{name}: {disguised} found disguised, {plain} as dispensed, {without} without");

        int run(LeakTable t) => new AdversaryRun(cohort).CheckRequest(new PlainCsv().Write(t, random)).Found;
    }

    /// <summary>The disguised columns, and four integer columns that alone make no record.</summary>
    private static bool Kept(string name, string[] header, List<string[]> rows, int c)
    {
        var sample = rows.Take(200).Select(r => r[c]).ToList();
        if (sample.Any(v => Disguised(name, v))) return true;
        return c is >= 1 and <= 3 || header[c].StartsWith("21003", StringComparison.Ordinal) || header[c].StartsWith("4080", StringComparison.Ordinal);
    }

    private static bool Disguised(string name, string v) => name == nameof(Icd10WithDot)
        ? v.Length is 4 or 5 && char.IsAsciiLetterUpper(v[0]) && v.Skip(1).All(char.IsAsciiDigit)
        : WrittenForms.Date(v) is not null;

    [Theory]
    [InlineData(nameof(ProseReportWithWordsAndDates))]
    [InlineData(nameof(Icd10ReferenceTable))]
    [InlineData(nameof(BigNumbersWithSeparators))]
    public void Look_alikes_are_not_blocked(string name)
    {
        var run = new AdversaryRun(cohort);
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var result = run.Run((ILookAlike)Mechanism(name), seed);
            output.WriteLine($"{name} seed {seed}: {result.Verdict} ({result.Rules})");
            Assert.NotEqual(Verdict.Block, result.Verdict);
        }
    }
}
