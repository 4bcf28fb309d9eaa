using Egress.Cohort;
using Egress.Cohort.Fingerprinting;
using Egress.Index;

namespace Egress.Tests.Fingerprinting;

/// <summary>
/// A small cohort (3,000 participants, 5 projects) whose extracts are all fingerprinted, written out and
/// indexed as dispensed, shared by the fingerprinting tests.
/// </summary>
public sealed class FingerprintedCohort : IDisposable
{
    public FingerprintedCohort()
    {
        Root = Directory.CreateTempSubdirectory("egress-fp-").FullName;
        KeyPath = Path.Combine(Root, "fingerprint.key");
        Code = new FingerprintCode(IndexKey.LoadOrCreate(KeyPath));
        var plain = CohortGenerator.Build(new CohortSpec(3_000, 5, Seed: 11));
        Cohort = plain.WithFingerprint(Code, plain.Projects.Select(p => p.Name));
        CohortDir = Path.Combine(Root, "cohort");
        Files = Cohort.WriteTo(CohortDir);
        IndexKey = IndexKey.LoadOrCreate(Path.Combine(Root, "index.key"));
        IndexDir = Path.Combine(Root, "index");
        new IndexBuilder(IndexKey).Build(Files.Projects.Select(p => new ExtractSource(p.Name, p.Extract.Path)).ToList(), IndexDir);
    }

    public string Root { get; }
    public string KeyPath { get; }
    public FingerprintCode Code { get; }
    public GeneratedCohort Cohort { get; }
    public string CohortDir { get; }
    public CohortResult Files { get; }
    public IndexKey IndexKey { get; }
    public string IndexDir { get; }

    /// <summary>A seeded sample of a project's extract as leaked: IDs dropped, rows shuffled, header kept.</summary>
    public List<string[]> Leak(string project, double fraction, int seed)
    {
        var extract = Cohort.Project(project);
        var random = new Random(seed);
        var rows = Cohort.ExtractRows(extract).Select(r => r[1..]).OrderBy(_ => random.Next()).ToList();
        return [extract.ColumnNames.Skip(1).ToArray(), .. rows.Take(Math.Max(1, (int)Math.Round(rows.Count * fraction)))];
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
