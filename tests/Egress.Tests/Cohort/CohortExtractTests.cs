using System.Text.Json;
using Egress.Cohort;
using Xunit;

namespace Egress.Tests.Cohort;

/// <summary>Project extracts: their fields, participants, pseudonyms and linkage to the master.</summary>
[Collection(CohortCollection.Name)]
public sealed class CohortExtractTests(CohortFixture fixture)
{
    private static readonly string[] demographic = ["31-0.0", "34-0.0", "52-0.0", "53-0.0", "54-0.0", "21003-0.0", "21000-0.0"];

    public static TheoryData<string> ProjectNames => ["A", "B", "C"];

    [Fact]
    public void ProjectsAreNamedAlphabeticallyThenNumbered()
    {
        Assert.Equal(["A", "B", "C"], fixture.Result.Projects.Select(p => p.Name));
        Assert.Equal("Z", Egress.Cohort.Extracts.ExtractPlanner.ProjectName(25));
        Assert.Equal("P27", Egress.Cohort.Extracts.ExtractPlanner.ProjectName(26));
        Assert.Equal("P28", Egress.Cohort.Extracts.ExtractPlanner.ProjectName(27));
    }

    [Theory]
    [MemberData(nameof(ProjectNames))]
    public void ExtractKeepsDemographicsAndASubsetOfOtherFieldsInMasterOrder(string project)
    {
        var extract = fixture.Extract(project);
        var master = fixture.Master.Header;
        Assert.Equal("eid", extract.Header[0]);
        Assert.All(demographic, d => Assert.Contains(d, extract.Header));

        // Same relative order as the master.
        var positions = extract.Header.Select(h => Array.IndexOf(master, h)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);

        // About 60–85 % of the other fields (FIELD-INSTANCE groups; arrays come whole).
        static string Group(string column) => column[..column.IndexOf('.')];
        var otherGroups = master.Where(h => h != "eid" && !demographic.Contains(h)).Select(Group).Distinct().ToList();
        var granted = extract.Header.Where(h => h != "eid" && !demographic.Contains(h)).Select(Group).Distinct().ToList();
        Assert.InRange(granted.Count / (double)otherGroups.Count, 0.57, 0.88);
        foreach (var group in granted)
            Assert.Equal(master.Count(h => h != "eid" && Group(h) == group), extract.Header.Count(h => h != "eid" && Group(h) == group));
    }

    [Fact]
    public void ProjectsGetDifferentFieldSubsets()
    {
        var headers = fixture.Result.Projects.Select(p => string.Join(',', p.Columns)).ToList();
        Assert.Equal(headers.Count, headers.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(ProjectNames))]
    public void ExtractHasNinetyToNinetyEightPercentOfParticipantsWithUniqueSortedEids(string project)
    {
        var extract = fixture.Extract(project);
        double share = extract.Rows.Count / (double)CohortFixture.Participants;
        Assert.InRange(share, 0.90, 0.98);

        var eids = extract.Cells("eid").Select(int.Parse).ToList();
        Assert.All(eids, e => Assert.InRange(e, 1_000_000, 9_999_999));
        Assert.Equal(eids.Count, eids.Distinct().Count());
        Assert.Equal(eids.Order(), eids);
        Assert.Equal(extract.Rows.Count, fixture.Result.Project(project).Extract.Rows);
    }

    [Theory]
    [MemberData(nameof(ProjectNames))]
    public void LinkageMapsEachExtractRowToAMasterRowWithTheSameValues(string project)
    {
        var extract = fixture.Extract(project);
        var master = fixture.Master;
        var linkage = CsvTable.Read(fixture.Result.Project(project).Linkage.Path);
        Assert.Equal(["master_eid", "project_eid"], linkage.Header);
        Assert.Equal(extract.Rows.Count, linkage.Rows.Count);

        var masterByEid = master.Rows.ToDictionary(r => r[0]);
        var extractByEid = extract.Rows.ToDictionary(r => r[0]);
        Assert.Equal(linkage.Rows.Count, linkage.Cells("master_eid").Distinct().Count());
        Assert.Equal(extractByEid.Keys.Order(), linkage.Cells("project_eid").Order());

        // The extract row must be exactly the master row's cells for the extract's columns, under the new eid.
        var masterColumns = extract.Header.Skip(1).Select(master.Col).ToArray();
        foreach (var link in linkage.Rows)
        {
            var masterRow = masterByEid[link[0]];
            string expected = string.Join(',', masterColumns.Select(c => masterRow[c]).Prepend(link[1]));
            string actual = string.Join(',', extractByEid[link[1]]);
            if (expected != actual) Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [MemberData(nameof(ProjectNames))]
    public void PseudonymsCarryNoTraceOfMasterIdsOrOrder(string project)
    {
        var linkage = CsvTable.Read(fixture.Result.Project(project).Linkage.Path);
        var pairs = linkage.Rows.Select(r => (double.Parse(r[0]), double.Parse(r[1]))).ToList();
        Assert.InRange(Stats.Correlation(pairs), -0.05, 0.05);
        Assert.True(linkage.Rows.Count(r => r[0] == r[1]) < 10);
    }

    [Fact]
    public void ProjectsUseIndependentPseudonyms()
    {
        var a = fixture.Cohort.Linkage(fixture.Cohort.Project("A")).ToDictionary(l => l.MasterEid, l => l.ProjectEid);
        var b = fixture.Cohort.Linkage(fixture.Cohort.Project("B")).ToDictionary(l => l.MasterEid, l => l.ProjectEid);
        var both = a.Keys.Where(b.ContainsKey).ToList();
        Assert.True(both.Count > CohortFixture.Participants * 0.8);
        Assert.True(both.Count(m => a[m] == b[m]) < 10, "the same participant should not get the same eid in two projects");
        Assert.InRange(Stats.Correlation(both.Select(m => ((double)a[m], (double)b[m])).ToList()), -0.05, 0.05);
    }

    [Fact]
    public void InMemoryRowsMatchTheFiles()
    {
        Assert.Equal(fixture.Master.Rows.Take(200).Select(r => string.Join(',', r)),
            fixture.Cohort.MasterRows().Take(200).Select(r => string.Join(',', r)));
        var project = fixture.Cohort.Project("B");
        Assert.Equal(fixture.Extract("B").Rows.Take(200).Select(r => string.Join(',', r)),
            fixture.Cohort.ExtractRows(project).Take(200).Select(r => string.Join(',', r)));
        Assert.Equal(fixture.Extract("B").Header, project.ColumnNames);
    }

    [Fact]
    public void ManifestDescribesTheFiles()
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(fixture.Result.ManifestPath));
        var root = json.RootElement;
        Assert.Equal(CohortFixture.Seed, root.GetProperty("seed").GetUInt64());
        Assert.Equal(CohortFixture.Participants, root.GetProperty("participants").GetInt32());
        Assert.Equal("master.csv", root.GetProperty("master").GetProperty("file").GetString());
        var projects = root.GetProperty("projects").EnumerateArray().ToList();
        Assert.Equal(CohortFixture.Projects, projects.Count);
        foreach (var p in projects)
        {
            string name = p.GetProperty("name").GetString()!;
            Assert.Equal($"extract-{name}.csv", p.GetProperty("file").GetString());
            Assert.Equal($"linkage-{name}.csv", p.GetProperty("linkage").GetString());
            var table = fixture.Extract(name);
            Assert.Equal(table.Rows.Count, p.GetProperty("rows").GetInt32());
            Assert.Equal(table.Header, p.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        }
    }
}
