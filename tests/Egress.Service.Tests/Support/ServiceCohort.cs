using Egress.Cohort;
using Egress.Index;

namespace Egress.Service.Tests.Support;

/// <summary>
/// One small generated cohort (2,000 participants × 3 projects) and its index, built once per test run and
/// shared by every airlock test (the service only reads the index). Also makes the files researchers submit.
/// </summary>
public sealed class ServiceCohort
{
    public const int Participants = 2_000;

    private static readonly Lazy<ServiceCohort> Instance = new(() => new ServiceCohort(3, 5), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<ServiceCohort> Twenty = new(() => new ServiceCohort(20, 6), LazyThreadSafetyMode.ExecutionAndPublication);

    public static ServiceCohort Shared => Instance.Value;

    /// <summary>The same size with 20 projects (A … T), for the month of simulated activity of the daily report's tests.</summary>
    public static ServiceCohort TwentyProjects => Twenty.Value;

    private ServiceCohort(int projects, ulong seed)
    {
        Root = Directory.CreateTempSubdirectory("egress-service-cohort-").FullName;
        Files = CohortGenerator.Generate(new CohortSpec(Participants, projects, Seed: seed), Path.Combine(Root, "cohort"));
        IndexDir = Path.Combine(Root, "index");
        var key = IndexKey.LoadOrCreate(IndexKey.DefaultPathFor(IndexDir));
        new IndexBuilder(key).Build(Files.Projects.Select(p => new ExtractSource(p.Name, p.Extract.Path)).ToList(), IndexDir);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
        };
    }

    public string Root { get; }
    public CohortResult Files { get; }
    public string IndexDir { get; }

    /// <summary>Rows of a project's extract with the ID column dropped: participants' records (a leak).</summary>
    public string RecordsWithoutIds(string project, int skip, int take)
    {
        var lines = File.ReadLines(Files.Project(project).Extract.Path).ToList();
        var rows = lines.Skip(1 + skip).Take(take).Prepend(lines[0]);
        return string.Join('\n', rows.Select(l => l[(l.IndexOf(',') + 1)..])) + "\n";
    }

    /// <summary>A project's participant IDs, one a line (a leak).</summary>
    public string Ids(string project, int skip, int take) =>
        string.Join('\n', File.ReadLines(Files.Project(project).Extract.Path).Skip(1 + skip).Take(take).Select(l => l[..l.IndexOf(',')])) + "\n";

    /// <summary>A frequency table whose counts are all large: released.</summary>
    public static string CleanTable(int a = 512, int b = 601, int c = 478) =>
        $"age_band,participants\n40-49,{a}\n50-59,{b}\n60-69,{c}\n";

    /// <summary>A frequency table with a small cell: review under the minimum cell count rule (an SDC rule).</summary>
    public const string SmallCellTable = "assessment_centre,participants\nLeeds,1412\nNewcastle,1187\nOxford,964\nStockport,3\n";
}
