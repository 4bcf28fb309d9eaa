using Egress.Cohort.Outputs;

namespace Egress.Tests.Outputs;

/// <summary>One small cohort and one generated output set, shared by the tests that inspect it.</summary>
public sealed class GeneratedOutputsFixture : IDisposable
{
    public const int Participants = 3000;
    public const int Count = 240;
    public const ulong Seed = 20240611;

    private readonly TempFolder _folder = new();

    public GeneratedOutputsFixture()
    {
        CohortDir = _folder.Sub("cohort");
        OutDir = _folder.Sub("outputs");
        Eids = TestCohort.Write(CohortDir, Participants, seed: 42);
        Outputs = LegitimateOutputGenerator.Generate(CohortDir, OutDir, Count, Seed);
    }

    public string CohortDir { get; }
    public string OutDir { get; }
    public HashSet<long> Eids { get; }
    public IReadOnlyList<GeneratedOutput> Outputs { get; }
    public TempFolder Folder => _folder;

    public void Dispose() => _folder.Dispose();
}
