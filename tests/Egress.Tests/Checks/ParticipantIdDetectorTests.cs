using Egress.Checks;
using Egress.Core;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Checks;

[Collection("indexed-cohort")]
public class ParticipantIdDetectorTests
{
    private readonly IndexedCohort cohort;

    public ParticipantIdDetectorTests(IndexedCohort cohort) => this.cohort = cohort;

    private List<string> Eids(string project, int count, int skip = 0) =>
        cohort.Extract(project).Rows.Skip(skip).Take(count).Select(r => r[0]).ToList();

    [Fact]
    public void A_thousand_eids_one_per_line_are_blocked_and_named()
    {
        var path = cohort.NewFile("ids.txt");
        File.WriteAllLines(path, Eids("A", 1000));
        var report = cohort.Check(path);
        Assert.Equal(Verdict.Block, report.Verdict);
        var finding = Assert.Single(report.Findings, f => f.Rule == ParticipantIdDetector.Rule);
        Assert.Equal(["A"], finding.Projects);
        Assert.Equal(1000, finding.Participants);
        Assert.Equal(1000, report.Participants);
    }

    [Fact]
    public void Another_projects_ids_are_a_leak_of_that_project()
    {
        var path = cohort.NewFile("ids.csv");
        IndexedCohort.WriteTable(path, [["id", "group"], .. Eids("B", 300).Select((e, i) => new[] { e, (i % 3).ToString() })]);
        var report = cohort.Check(path, project: "A");
        var finding = Assert.Single(report.Findings, f => f.Rule == ParticipantIdDetector.Rule);
        Assert.Equal(["B"], finding.Projects);
        Assert.Equal(true, finding.Evidence["otherProject"]);
        Assert.Contains("another project", finding.Message);
    }

    [Fact]
    public void A_comma_separated_list_on_one_line_is_found()
    {
        var path = cohort.NewFile("list.txt");
        File.WriteAllText(path, "Participants excluded after QC: " + string.Join(", ", Eids("A", 40)) + ".\n");
        var report = cohort.Check(path);
        Assert.Contains(report.Findings, f => f.Rule == ParticipantIdDetector.Rule && f.Participants == 40);
    }

    [Fact]
    public void Ids_mixed_into_many_other_numbers_are_found()
    {
        var random = new Random(3);
        var ids = Eids("A", 200);
        var lines = Enumerable.Range(0, 2000).Select(i => i % 10 == 0 ? ids[i / 10] : random.Next(1_000_000, 10_000_000).ToString());
        var path = cohort.NewFile("mixed.txt");
        File.WriteAllLines(path, lines);
        Assert.Contains(cohort.Check(path).Findings, f => f.Rule == ParticipantIdDetector.Rule);
    }

    [Fact]
    public void A_single_eid_in_text_is_not_evidence()
    {
        var path = cohort.NewFile("note.txt");
        File.WriteAllText(path, $"Sample size 20,000; run 4 finished; ticket {Eids("A", 1)[0]} closed.\n");
        Assert.DoesNotContain(cohort.Check(path).Findings, f => f.Rule == ParticipantIdDetector.Rule);
    }

    [Fact]
    public void Gwas_positions_full_of_seven_digit_numbers_are_not_an_id_list()
    {
        var random = new Random(11);
        var rows = new List<string[]> { new[] { "CHR", "BP", "SNP", "A1", "A2", "BETA", "SE", "P" } };
        for (var i = 0; i < 20_000; i++)
        {
            var bp = random.Next(1_000_000, 10_000_000);
            var beta = random.NextDouble() * 0.2 - 0.1;
            rows.Add([(1 + i % 22).ToString(), bp.ToString(), $"rs{random.Next(1_000, 99_999_999)}", "A", "G",
                IndexedCohort.F(beta, 4), IndexedCohort.F(0.01 + random.NextDouble() * 0.02, 4), (random.NextDouble() * 0.9 + 1e-6).ToString("E3")]);
        }
        var path = IndexedCohort.WriteTable(cohort.NewFile("gwas.tsv"), rows, '\t');
        var report = cohort.Check(path);
        Assert.Equal(Verdict.Release, report.Verdict);
    }
}
