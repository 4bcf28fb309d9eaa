using System.Globalization;
using System.Text;
using Egress.Checks;
using Egress.Cohort;
using Egress.Core;
using Egress.Index;
using Xunit;

namespace Egress.Tests.Support;

/// <summary>
/// One generated cohort (20,000 participants × 3 projects) and its index, shared by every test that
/// needs them: generating and indexing once keeps the suite fast.
/// </summary>
public sealed class IndexedCohort : IDisposable
{
    public const int ParticipantCount = 20_000;

    public IndexedCohort()
    {
        Root = Directory.CreateTempSubdirectory("egress-cohort-").FullName;
        Cohort = CohortGenerator.Build(new CohortSpec(ParticipantCount, 3, Seed: 7));
        Files = Cohort.WriteTo(Path.Combine(Root, "cohort"));
        KeyPath = Path.Combine(Root, "index.key");
        Key = IndexKey.LoadOrCreate(KeyPath);
        IndexDir = Path.Combine(Root, "index");
        new IndexBuilder(Key).Build(Files.Projects.Select(p => new ExtractSource(p.Name, p.Extract.Path)).ToList(), IndexDir);
        Index = CohortIndex.Open(IndexDir, Key);
    }

    public string Root { get; }
    public GeneratedCohort Cohort { get; }
    public CohortResult Files { get; }
    public string KeyPath { get; }
    public IndexKey Key { get; }
    public string IndexDir { get; }
    public CohortIndex Index { get; }

    /// <summary>A project's extract: header and rows as cells (eid first).</summary>
    public (string[] Header, List<string[]> Rows) Extract(string project)
    {
        var extract = Cohort.Project(project);
        return ([.. extract.ColumnNames], Cohort.ExtractRows(extract).ToList());
    }

    /// <summary>A path for a test's file in a folder of its own under <see cref="Root"/> (removed with the fixture, not left in /tmp).</summary>
    public string NewFile(string name) => Path.Combine(Directory.CreateDirectory(Path.Combine(Root, "cases", Guid.NewGuid().ToString("N"))).FullName, name);

    public static string WriteTable(string path, IEnumerable<string[]> rows, char delimiter = ',')
    {
        var text = new StringBuilder();
        foreach (var row in rows) text.Append(string.Join(delimiter, row)).Append('\n');
        File.WriteAllText(path, text.ToString());
        return path;
    }

    public CheckReport Check(string path, string project = "A", Policy? policy = null) =>
        new CheckEngine(Index, policy ?? Policy.Default).Check(path, project);

    /// <summary>The files of one airlock request, checked together (<see cref="CheckEngine.CheckRequest"/>): one report per file.</summary>
    public IReadOnlyList<CheckReport> CheckRequest(IReadOnlyList<string> paths, string project = "A", Policy? policy = null) =>
        new CheckEngine(Index, policy ?? Policy.Default).CheckRequest(paths, project).Select(o => o.Report).ToList();

    public static string F(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);

    public void Dispose()
    {
        Index.Dispose();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition("indexed-cohort")]
public class IndexedCohortCollection : ICollectionFixture<IndexedCohort>
{
    public const string Name = "indexed-cohort";
}
