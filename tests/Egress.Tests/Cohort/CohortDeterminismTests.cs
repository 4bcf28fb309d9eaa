using Egress.Cohort;
using Egress.Cohort.Simulation;
using Xunit;

namespace Egress.Tests.Cohort;

/// <summary>Same arguments, same bytes; different seed, different data; thread count irrelevant.</summary>
public sealed class CohortDeterminismTests
{
    private static Dictionary<string, byte[]> Files(string directory) =>
        Directory.GetFiles(directory).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    [Fact]
    public void SameSpecGivesIdenticalFiles()
    {
        string first = TempDirectory.Create("det1"), second = TempDirectory.Create("det2");
        try
        {
            var spec = new CohortSpec(5_000, 2, 7);
            CohortGenerator.Generate(spec, first);
            CohortGenerator.Generate(spec, second);
            var a = Files(first);
            var b = Files(second);
            Assert.Equal(a.Keys.Order(), b.Keys.Order());
            Assert.Equal(6, a.Count); // master, 2 extracts, 2 linkage, manifest
            foreach (var name in a.Keys) Assert.True(a[name].AsSpan().SequenceEqual(b[name]), $"{name} differs");
        }
        finally
        {
            TempDirectory.Delete(first);
            TempDirectory.Delete(second);
        }
    }

    [Fact]
    public void DifferentSeedGivesDifferentData()
    {
        var a = CohortGenerator.Build(new CohortSpec(2_000, 1, 1));
        var b = CohortGenerator.Build(new CohortSpec(2_000, 1, 2));
        Assert.NotEqual(a.MasterEids, b.MasterEids);
        Assert.NotEqual(a.Table.Column(FieldCatalogue.Cholesterol), b.Table.Column(FieldCatalogue.Cholesterol));
        Assert.NotEqual(a.Projects[0].Eids, b.Projects[0].Eids);
    }

    [Fact]
    public void ChunkOrderDoesNotMatter()
    {
        // Simulate() runs chunks in parallel; doing them one by one, backwards, must give the same table.
        const int participants = 3 * ParticipantSimulator.ChunkSize + 123;
        var parallel = ParticipantSimulator.Simulate(99, participants);
        var sequential = new ParticipantTable(participants);
        for (int chunk = 3; chunk >= 0; chunk--) ParticipantSimulator.SimulateChunk(sequential, 99, chunk);
        for (int c = 0; c < FieldCatalogue.Columns.Count; c++)
            Assert.Equal(parallel.Column(c), sequential.Column(c));
    }

    [Fact]
    public void ParticipantsDoNotDependOnCohortSizeOrProjectCount()
    {
        var small = CohortGenerator.Build(new CohortSpec(1_000, 1, 5));
        var large = CohortGenerator.Build(new CohortSpec(5_000, 4, 5));
        for (int c = 0; c < FieldCatalogue.Columns.Count; c++)
            Assert.Equal(small.Table.Column(c), large.Table.Column(c).Take(1_000));
        // Adding projects does not change earlier ones' fields.
        Assert.Equal(small.Projects[0].ColumnNames, large.Projects[0].ColumnNames);
    }

    [Fact]
    public void SmallCohortsAreFast()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string dir = TempDirectory.Create("fast");
        try
        {
            CohortGenerator.Generate(new CohortSpec(20_000, 3, 3), dir);
            // Typically ~0.2 s; the bound is loose so a loaded CI machine does not make this flaky.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        }
        finally { TempDirectory.Delete(dir); }
    }

    [Fact]
    public void InvalidSpecsAreRejected()
    {
        Assert.NotNull(new CohortSpec(0, 1, 1).Problem());
        Assert.NotNull(new CohortSpec(10, 0, 1).Problem());
        Assert.NotNull(new CohortSpec(CohortSpec.MaxParticipants + 1, 1, 1).Problem());
        Assert.Null(new CohortSpec(1, 1, 1).Problem());
        Assert.Throws<ArgumentException>(() => CohortGenerator.Build(new CohortSpec(0, 1, 1)));
    }
}
