using System.Globalization;
using System.Text.RegularExpressions;
using Egress.Cohort;
using Xunit;

namespace Egress.Tests.Cohort;

/// <summary>The master file against docs/cohort-format.md: columns, cell formats, ranges, missingness.</summary>
[Collection(CohortCollection.Name)]
public sealed class CohortFormatTests(CohortFixture fixture)
{
    private readonly CsvTable master = fixture.Master;

    private static readonly string[] demographic = ["31-0.0", "34-0.0", "52-0.0", "53-0.0", "54-0.0", "21003-0.0", "21000-0.0"];
    private static readonly string[] biomarkers =
        ["30000", "30020", "30080", "30600", "30610", "30620", "30650", "30670", "30690", "30700", "30710", "30740", "30760", "30780", "30870"];

    /// <summary>Expected cell pattern per column, written from the spec (not from the catalogue).</summary>
    private static IEnumerable<(string Column, string Pattern)> ExpectedColumns()
    {
        yield return ("eid", @"[1-9]\d{6}");
        yield return ("31-0.0", "[01]");
        yield return ("34-0.0", @"19\d\d");
        yield return ("52-0.0", @"[1-9]|1[0-2]");
        yield return ("53-0.0", @"20(06|07|08|09|10)-\d\d-\d\d");
        yield return ("53-2.0", @"20(1[4-9]|20)-\d\d-\d\d");
        yield return ("54-0.0", @"1\d{4}");
        yield return ("21003-0.0", @"\d\d");
        yield return ("21000-0.0", @"-[13]|[1-6]|[1-4]00[1-4]");
        yield return ("189-0.0", @"-?\d{1,2}\.\d{5}");
        yield return ("50-0.0", @"\d{3}\.\d");
        yield return ("21002-0.0", @"\d{2,3}\.\d");
        yield return ("21001-0.0", @"\d{2}\.\d{4}");
        foreach (var c in new[] { "4080-0.0", "4080-0.1", "4079-0.0", "4079-0.1" }) yield return (c, @"\d{2,3}");
        foreach (var f in biomarkers) yield return ($"{f}-0.0", @"\d+\.\d{3}");
        yield return ("30750-0.0", @"\d+\.\d");
        yield return ("20116-0.0", "-3|0|1|2");
        yield return ("1558-0.0", "-3|[1-6]");
        yield return ("1160-0.0", @"-3|-1|[1-9]|1\d|2[0-3]");
        yield return ("738-0.0", "-3|-1|[1-5]");
        for (int a = 0; a < 10; a++) yield return ($"41270-0.{a}", @"[A-Z]\d{2,3}");
        for (int a = 1; a <= 10; a++) yield return ($"22009-0.{a}", @"-?\d+\.\d{4}");
    }

    [Fact]
    public void HeaderIsEidThenTheSpecifiedColumnsInOrder()
    {
        Assert.Equal(ExpectedColumns().Select(c => c.Column), master.Header);
        Assert.Equal(FieldCatalogue.MasterColumnNames, master.Header);
        Assert.Equal(CohortFixture.Participants, master.Rows.Count);
    }

    [Fact]
    public void EveryCellMatchesItsColumnFormatOrIsEmpty()
    {
        foreach (var (column, pattern) in ExpectedColumns())
        {
            var regex = new Regex($"^(?:{pattern})$", RegexOptions.CultureInvariant | RegexOptions.Compiled);
            bool mayBeEmpty = column != "eid" && !demographic.Contains(column);
            foreach (var cell in master.Cells(column))
            {
                bool ok = cell.Length == 0 ? mayBeEmpty : regex.IsMatch(cell);
                if (!ok) Assert.Fail($"{column}: '{cell}' does not match {pattern}{(mayBeEmpty ? " (or empty)" : "")}");
            }
        }
    }

    [Fact]
    public void TrailingZerosAreKept()
    {
        // With thousands of 3-decimal values, some must end in 0; they must still show 3 decimals.
        var cholesterol = master.Cells("30690-0.0").Where(c => c.Length > 0).ToList();
        Assert.Contains(cholesterol, c => c.EndsWith('0'));
        Assert.All(cholesterol, c => Assert.Equal(3, c.Length - c.IndexOf('.') - 1));
    }

    [Fact]
    public void EidsAreUniqueSevenDigitNumbers()
    {
        var eids = master.Cells("eid").Select(int.Parse).ToList();
        Assert.Equal(eids.Count, eids.Distinct().Count());
        Assert.All(eids, e => Assert.InRange(e, 1_000_000, 9_999_999));
    }

    [Fact]
    public void DemographicsAreInRangeAndConsistent()
    {
        var centres = ReadCoding("coding10_assessment_centre.tsv", fallback: [10003, 11001, 11002, 11003, 11004, 11005, 11006, 11007, 11008, 11009, 11010, 11011, 11012, 11013, 11014, 11016, 11017, 11018, 11020, 11021, 11022, 11023]);
        var ethnicities = ReadCoding("coding1001_ethnic_background.tsv", fallback: [-3, -1, 1, 2, 3, 4, 5, 6, 1001, 1002, 1003, 2001, 2002, 2003, 2004, 3001, 3002, 3003, 3004, 4001, 4002, 4003]);
        var first = new DateOnly(2006, 3, 13);
        var last = new DateOnly(2010, 10, 1);
        int year = master.Col("34-0.0"), month = master.Col("52-0.0"), visit = master.Col("53-0.0"), age = master.Col("21003-0.0");
        foreach (var row in master.Rows)
        {
            int birthYear = int.Parse(row[year]), birthMonth = int.Parse(row[month]);
            var date = DateOnly.ParseExact(row[visit], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            Assert.InRange(birthYear, 1937, 1970);
            Assert.InRange(date, first, last);
            Assert.Contains(int.Parse(row[master.Col("54-0.0")]), centres);
            Assert.Contains(int.Parse(row[master.Col("21000-0.0")]), ethnicities);

            // Completed years at the visit; in the birth month either value is possible.
            int years = date.Year - birthYear;
            int expectedLow = date.Month <= birthMonth ? years - 1 : years;
            int expectedHigh = date.Month < birthMonth ? years - 1 : years;
            Assert.InRange(int.Parse(row[age]), expectedLow, expectedHigh);
            Assert.InRange(int.Parse(row[age]), 37, 73);
        }
    }

    [Fact]
    public void ImagingVisitIsPresentForAboutTenPercentAndAfterBaseline()
    {
        var imaging = master.Cells("53-2.0").ToList();
        double present = imaging.Count(c => c.Length > 0) / (double)imaging.Count;
        Assert.InRange(present, 0.07, 0.13);
        Assert.All(imaging.Where(c => c.Length > 0), c => Assert.InRange(DateOnly.ParseExact(c, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            new DateOnly(2014, 1, 1), new DateOnly(2020, 12, 31)));
    }

    [Fact]
    public void NonDemographicFieldsAreTwoToFivePercentMissing()
    {
        var measured = master.Header.Where(h => h != "eid" && !demographic.Contains(h) && h != "53-2.0" && !h.StartsWith("41270-", StringComparison.Ordinal));
        foreach (var column in measured)
        {
            double missing = master.Cells(column).Count(c => c.Length == 0) / (double)master.Rows.Count;
            Assert.True(missing is >= 0.02 and <= 0.05, $"{column} missing {missing:P2}");
        }
    }

    [Fact]
    public void DiagnosisArraysAreFilledFromIndexZeroWithDistinctCodes()
    {
        var slots = Enumerable.Range(0, 10).Select(a => master.Col($"41270-0.{a}")).ToArray();
        int withAny = 0;
        foreach (var row in master.Rows)
        {
            var codes = slots.Select(s => row[s]).ToArray();
            int filled = codes.TakeWhile(c => c.Length > 0).Count();
            Assert.All(codes.Skip(filled), c => Assert.Equal("", c));
            Assert.Equal(filled, codes.Take(filled).Distinct().Count());
            if (filled > 0) withAny++;
        }
        // Sparse: many participants have none, and the last slots are nearly always empty.
        Assert.InRange(withAny / (double)master.Rows.Count, 0.3, 0.9);
        Assert.True(master.Cells("41270-0.9").Count(c => c.Length > 0) < master.Rows.Count / 100);
    }

    [Fact]
    public void ValuesAreInPlausibleRanges()
    {
        AssertRange("189-0.0", -6.3, 11.0);
        AssertRange("50-0.0", 120, 215);
        AssertRange("21002-0.0", 30, 220);
        AssertRange("21001-0.0", 12, 75);
        AssertRange("4080-0.0", 60, 270);
        AssertRange("4079-0.0", 30, 160);
        AssertRange("30690-0.0", 0.5, 16);
        AssertRange("30710-0.0", 0.08, 80);
        AssertRange("30750-0.0", 15, 200);
        AssertRange("30020-0.0", 5, 20);
        AssertRange("30700-0.0", 10, 1500);
    }

    [Fact]
    public void MeansAreRealistic()
    {
        AssertMean("30690-0.0", 5.4, 6.0);   // cholesterol
        AssertMean("30760-0.0", 1.35, 1.6);  // HDL
        AssertMean("30780-0.0", 3.35, 3.8);  // LDL
        AssertMean("30870-0.0", 1.5, 2.0);   // triglycerides
        AssertMean("30740-0.0", 4.8, 5.4);   // glucose
        AssertMean("30710-0.0", 2.0, 3.2);   // CRP
        AssertMean("30700-0.0", 66, 78);     // creatinine
        AssertMean("30750-0.0", 34, 38);     // HbA1c
        AssertMean("4080-0.0", 132, 146);    // systolic
        AssertMean("21001-0.0", 26.5, 28.5); // BMI

        double female = master.Cells("31-0.0").Count(c => c == "0") / (double)master.Rows.Count;
        Assert.InRange(female, 0.51, 0.57);
        double british = master.Cells("21000-0.0").Count(c => c == "1001") / (double)master.Rows.Count;
        Assert.InRange(british, 0.84, 0.92);
    }

    private void AssertRange(string column, double min, double max) =>
        Assert.All(master.Numbers(column).Where(v => v.HasValue), v => Assert.InRange(v!.Value, min, max));

    private void AssertMean(string column, double min, double max) =>
        Assert.InRange(master.Numbers(column).Where(v => v.HasValue).Average(v => v!.Value), min, max);

    /// <summary>Codes from /work/shared/ukb when present (the real coding), else the same list inline.</summary>
    private static HashSet<int> ReadCoding(string file, int[] fallback)
    {
        string path = Path.Combine("/work/shared/ukb", file);
        if (!File.Exists(path)) return [.. fallback];
        return File.ReadLines(path).Skip(1).Where(l => l.Length > 0)
            .Select(l => int.Parse(l.Split('\t')[0], CultureInfo.InvariantCulture)).ToHashSet();
    }
}
