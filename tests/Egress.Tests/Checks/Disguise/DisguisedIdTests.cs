using System.Globalization;
using Egress.Checks;
using Egress.Checks.Disguise;
using Egress.Core;
using Egress.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Egress.Tests.Checks.Disguise;

/// <summary>
/// Participant IDs written so that they are not the dispensed 7-digit number, in every place a list can be put,
/// alone and combined: each export is blocked with the participants found. And the look-alikes — numbers of the
/// same shapes that are not IDs — are not.
/// </summary>
[Collection("indexed-cohort")]
public class DisguisedIdTests(IndexedCohort cohort, ITestOutputHelper output)
{
    private List<string> Ids(string project, int count, int seed)
    {
        var (_, rows) = cohort.Extract(project);
        return rows.Select(r => r[0]).OrderBy(_ => 0).Skip(seed * 97 % 1000).Take(count).ToList();
    }

    private CheckReport CheckText(string name, string text, string project = "A")
    {
        var path = cohort.NewFile(name);
        File.WriteAllText(path, text);
        return cohort.Check(path, project);
    }

    private static string Why(CheckReport report) => string.Join("; ", report.Findings.Select(f => $"{f.Rule} {f.Location}: {f.Message}"));

    public static TheoryData<string> FormNames() => [.. IdDisguiser.Forms.Keys.Concat(IdDisguiser.Combined.Keys)];

    [Theory]
    [MemberData(nameof(FormNames))]
    public void Every_disguise_in_every_place_is_blocked_with_its_participants(string form)
    {
        var write = IdDisguiser.Forms.GetValueOrDefault(form) ?? IdDisguiser.Combined[form];
        var seed = 1;
        foreach (var (place, put) in IdDisguiser.Places)
        {
            foreach (var size in new[] { 8, 60, 400 })
            {
                var random = new Random(seed++);
                var ids = Ids("A", size, seed);
                var (name, text) = put(ids.Select(id => write(id, random)).ToList(), random);
                var report = CheckText(name, text);
                Assert.True(report.Verdict == Verdict.Block, $"{form} in {place} ({size}): {Why(report)}");
                var found = report.Findings.Where(f => f.Rule == ParticipantIdDetector.Rule).Sum(f => f.Participants);
                output.WriteLine($"{form,-32} {place,-34} {size,4}: found {found}");
                Assert.True(found >= size * 0.95, $"{form} in {place}: {found} of {size} participants found; {Why(report)}");
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void An_id_split_across_two_columns_is_found(int seed)
    {
        var ids = Ids("B", 120, seed);
        var report = CheckText("split.csv", IdDisguiser.SplitColumns(ids, new Random(seed)), "A");
        Assert.Equal(Verdict.Block, report.Verdict);
        var finding = Assert.Single(report.Findings, f => f.Rule == ParticipantIdDetector.Rule);
        Assert.Equal(["B"], finding.Projects);
        Assert.Contains("another project", finding.Message);
        Assert.True(finding.Participants >= 110, Why(report));
    }

    [Fact]
    public void The_finding_names_the_disguise_but_never_a_token()
    {
        var ids = Ids("A", 50, 3);
        var text = string.Join("\n", ids.Select(id => IdDisguiser.Forms["hex"](id, new Random(1))));
        var report = CheckText("ids.txt", text);
        var finding = Assert.Single(report.Findings, f => f.Rule == ParticipantIdDetector.Rule);
        Assert.Contains("hexadecimal", finding.Message);
        Assert.Equal("written in hexadecimal", finding.Evidence!["disguise"]);
        foreach (var line in text.Split('\n'))
            Assert.DoesNotContain(line, finding.Message + finding.Location + string.Join(" ", finding.Evidence.Values));
    }

    /// <summary>
    /// Numbers of the same shapes that are no one's ID — SNP and gene identifiers, colours, hashes, phone numbers,
    /// positions, and random numbers in the ID range written in every disguise — get no participant-ids finding.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Look_alikes_are_not_ids(int seed)
    {
        var random = new Random(seed);
        var known = cohort.Cohort.Projects.SelectMany(p => cohort.Extract(p.Name).Rows.Select(r => r[0])).ToHashSet();
        string RandomNumber()
        {
            while (true)
            {
                var n = random.Next(1_000_000, 10_000_000).ToString(CultureInfo.InvariantCulture);
                if (!known.Contains(n)) return n;
            }
        }
        var lines = new List<string> { "snp,gene,colour,commit,phone,position,beta" };
        for (var i = 0; i < 300; i++)
            lines.Add($"rs{random.Next(1_000_000, 99_999_999)},ENSG{random.Next(0, 999_999):D11},#{random.Next(0, 0xFFFFFF):x6}," +
                      $"{Guid.NewGuid():N},0{random.Next(100, 999)}-{random.Next(100_000, 999_999)},{random.Next(1_000_000, 250_000_000)}," +
                      $"{(random.NextDouble() - 0.5).ToString("F4", CultureInfo.InvariantCulture)}");
        foreach (var (form, write) in IdDisguiser.Forms.Concat(IdDisguiser.Combined))
            lines.Add($"{form}: " + string.Join(" ", Enumerable.Range(0, 40).Select(_ => write(RandomNumber(), random))));
        lines.Add(IdDisguiser.SplitColumns(Enumerable.Range(0, 100).Select(_ => RandomNumber()).ToList(), random));
        var report = CheckText("lookalikes.csv", string.Join("\n", lines) + "\n");
        Assert.DoesNotContain(report.Findings, f => f.Rule == ParticipantIdDetector.Rule);
    }

    [Fact]
    public void Shapes_keep_a_column_together_and_say_nothing_of_values()
    {
        Assert.Equal(TokenShape.Of("UKB1234567"), TokenShape.Of("UKB7654321"));
        Assert.Equal(TokenShape.Of("123-4567"), TokenShape.Of("987-6543"));
        Assert.Null(TokenShape.Of("Hello"));
        Assert.Equal("a5", TokenShape.Of("fbefe"));
        Assert.Equal("93-94", TokenShape.Of("123-4567"));
    }
}
