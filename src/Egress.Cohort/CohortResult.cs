namespace Egress.Cohort;

/// <summary>One written file.</summary>
/// <param name="Path">Full path.</param>
/// <param name="Rows">Data rows (header excluded).</param>
/// <param name="Bytes">Size on disk (compressed size when gzipped).</param>
public sealed record GeneratedFile(string Path, int Rows, long Bytes);

/// <summary>A project's extract and its linkage (ground-truth) file.</summary>
public sealed record ProjectOutput(string Name, GeneratedFile Extract, GeneratedFile Linkage, IReadOnlyList<string> Columns);

/// <summary>Everything <see cref="CohortGenerator.Generate"/> wrote.</summary>
public sealed record CohortResult(
    CohortSpec Spec,
    string Directory,
    GeneratedFile Master,
    IReadOnlyList<string> MasterColumns,
    IReadOnlyList<ProjectOutput> Projects,
    string ManifestPath,
    TimeSpan Elapsed)
{
    public IEnumerable<GeneratedFile> Files =>
        [Master, .. Projects.SelectMany(p => new[] { p.Extract, p.Linkage })];

    public long TotalBytes => Files.Sum(f => f.Bytes) + new FileInfo(ManifestPath).Length;

    public ProjectOutput Project(string name) =>
        Projects.FirstOrDefault(p => p.Name == name) ?? throw new KeyNotFoundException($"No project '{name}'.");
}
