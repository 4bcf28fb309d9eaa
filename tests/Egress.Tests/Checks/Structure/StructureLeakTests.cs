using System.Globalization;
using System.Text;
using Egress.Core;
using Egress.Tests.Checks.Disguise.Adversary;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Checks.Structure;

/// <summary>
/// Structure, not only rows (column-oriented JSON, plot traces, data in scripts, one file per column) and evidence pooled
/// across parts and across the files of one request: each writer's leaks are blocked with their participants, the
/// look-alikes are not blocked, and a request's files are judged on their total.
/// </summary>
[Collection("indexed-cohort")]
public class StructureLeakTests(IndexedCohort cohort)
{
    public static TheoryData<string, int> Writers()
    {
        var data = new TheoryData<string, int>();
        foreach (var w in AdversaryRegistry.Writers.Where(w => w.Item is "7 structure" or "12 pooled evidence"))
            foreach (var size in new[] { 10, 200 })
                data.Add(w.GetType().Name, size);
        return data;
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public void Each_writer_s_leak_is_blocked_with_its_participants(string writer, int size)
    {
        var run = new AdversaryRun(cohort);
        var result = run.Run(new LeakScenario([], AdversaryRegistry.Writers.Single(w => w.GetType().Name == writer), null, size, 500 + size));
        Assert.Equal(Verdict.Block, result.Verdict);
        Assert.True(result.Found >= result.True * 0.8, $"{writer}: {result.Found} of {result.True} found ({result.Rules})");
    }

    [Fact]
    public void Look_alikes_of_structure_are_not_blocked()
    {
        var run = new AdversaryRun(cohort);
        foreach (var lookAlike in AdversaryRegistry.LookAlikes.Where(l => l.Item is "7 structure" or "12 pooled evidence"))
            foreach (var seed in new[] { 1, 2, 3 })
            {
                var result = run.Run(lookAlike, seed);
                Assert.True(result.Verdict != Verdict.Block, $"{lookAlike.Name} (seed {seed}) blocked: {result.Rules}");
            }
    }

    [Fact]
    public void Ids_split_across_the_files_of_a_request_are_judged_on_their_total()
    {
        var (_, rows) = cohort.Extract("A");
        var folder = Path.GetDirectoryName(cohort.NewFile("x"))!;
        // Six files of three IDs each, beside a made-up score: no file alone has enough IDs to decide.
        var random = new Random(12);
        var paths = Enumerable.Range(0, 6).Select(f =>
        {
            var text = new StringBuilder("id,score\n");
            for (var i = 0; i < 3; i++) text.Append(rows[random.Next(rows.Count)][0]).Append(',').Append(random.Next(100)).Append('\n');
            var path = Path.Combine(folder, $"batch{f}.csv");
            File.WriteAllText(path, text.ToString());
            return path;
        }).ToList();
        Assert.All(paths, p => Assert.NotEqual(Verdict.Block, cohort.Check(p).Verdict));

        var reports = cohort.CheckRequest(paths);
        Assert.All(reports, r => Assert.Equal(Verdict.Block, r.Verdict));
        var pooled = reports[0].Findings.First(f => f.Evidence.ContainsKey("pooledOverRequest"));
        Assert.Contains("batch1.csv", pooled.Message);
        Assert.Contains("request", pooled.Message);
    }

    [Fact]
    public void Files_of_one_column_each_are_aligned_into_records_across_a_request()
    {
        var run = new AdversaryRun(cohort);
        var table = run.Adversary.Slice(40, new Random(3));
        table = new DropIdColumn().Apply(table, new Random(3));
        var files = new OneFilePerColumn().Write(table, new Random(3));
        var folder = Path.GetDirectoryName(cohort.NewFile("x"))!;
        var paths = files.Select(f =>
        {
            var path = Path.Combine(folder, f.Name);
            File.WriteAllBytes(path, f.Content);
            return path;
        }).ToList();
        Assert.All(paths, p => Assert.Equal(0, cohort.Check(p).Participants));

        var reports = cohort.CheckRequest(paths);
        Assert.Contains(reports, r => r.Verdict == Verdict.Block && r.Participants >= 32);
        var records = reports.SelectMany(r => r.Findings).First(f => f.Rule == "participant-records");
        Assert.StartsWith("Judged with the other files of its request", records.Message);
        Assert.Contains("aligned columns of", records.Location);
    }

    [Fact]
    public void A_legitimate_file_beside_a_leak_keeps_its_own_verdict()
    {
        var run = new AdversaryRun(cohort);
        var legit = new RequestOfLegitimateTables().Make(run.Adversary, new Random(1));
        var leak = new PlainCsv().Write(new DropIdColumn().Apply(run.Adversary.Slice(50, new Random(9)), new Random(9)), new Random(9));
        var folder = Path.GetDirectoryName(cohort.NewFile("x"))!;
        var paths = legit.Concat(leak).Select(f =>
        {
            var path = Path.Combine(folder, f.Name);
            File.WriteAllBytes(path, f.Content);
            return path;
        }).ToList();
        var reports = cohort.CheckRequest(paths);
        Assert.Equal(Verdict.Block, reports[^1].Verdict);
        Assert.All(reports.Take(legit.Count), r => Assert.NotEqual(Verdict.Block, r.Verdict));
    }

    [Fact]
    public void Ids_a_few_to_a_file_in_a_zip_are_pooled_over_its_parts()
    {
        var (_, rows) = cohort.Extract("A");
        var random = new Random(21);
        var files = Enumerable.Range(0, 12).Select(i => new LeakFile($"cell{i:00}.txt",
            Encoding.UTF8.GetBytes($"subject {rows[random.Next(rows.Count)][0]} and {rows[random.Next(rows.Count)][0]}\n"))).ToList();
        var path = cohort.NewFile("cells.zip");
        File.WriteAllBytes(path, JsonCells.Zip(files));
        var report = cohort.Check(path);
        Assert.Equal(Verdict.Block, report.Verdict);
        Assert.Contains(report.Findings, f => f.Rule == "participant-ids");
        Assert.True(report.Participants >= 20, $"{report.Participants} participants");
    }

    [Fact]
    public void A_damaged_file_in_a_request_fails_closed_without_stopping_the_others()
    {
        var folder = Path.GetDirectoryName(cohort.NewFile("x"))!;
        var zip = JsonCells.Zip([new LeakFile("a.csv", Encoding.UTF8.GetBytes("age_band,participants\n40-49,512\n50-59,601\n"))]);
        var damaged = Path.Combine(folder, "cut.zip");
        File.WriteAllBytes(damaged, zip[..(zip.Length / 2)]);
        var clean = Path.Combine(folder, "ages.csv");
        File.WriteAllText(clean, "age_band,participants\n40-49,512\n50-59,601\n60-69,478\n");
        var reports = cohort.CheckRequest([damaged, clean]);
        Assert.NotEqual(Verdict.Release, reports[0].Verdict);
        Assert.Equal(Verdict.Release, reports[1].Verdict);
    }

    [Fact]
    public void Short_tables_of_the_same_columns_are_stacked_for_the_microdata_rule()
    {
        // Measurements that match nobody (drawn at random), two rows a file in a zip: microdata only when pooled.
        var random = new Random(5);
        var files = Enumerable.Range(0, 40).Select(i =>
        {
            var text = new StringBuilder("m1,m2,m3,m4\n");
            for (var r = 0; r < 2; r++)
                text.Append(string.Join(",", Enumerable.Range(0, 4).Select(_ => (random.NextDouble() * 100).ToString("F3", CultureInfo.InvariantCulture)))).Append('\n');
            return new LeakFile($"p{i:00}.csv", Encoding.UTF8.GetBytes(text.ToString()));
        }).ToList();
        var path = cohort.NewFile("parts.zip");
        File.WriteAllBytes(path, JsonCells.Zip(files));
        var report = cohort.Check(path);
        Assert.Contains(report.Findings, f => f.Rule == "row-level-measurements" && f.Location.Contains("parts with the same columns"));
        Assert.NotEqual(Verdict.Block, report.Verdict);
    }
}
