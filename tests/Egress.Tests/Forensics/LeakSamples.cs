using Egress.Tests.Support;

namespace Egress.Tests.Forensics;

/// <summary>Leaked files made from the generated cohort's extracts: samples of one project, and merges of several.</summary>
public static class LeakSamples
{
    /// <summary>A seeded random sample of a project's rows, in random order; the eid column kept or dropped.</summary>
    public static string Sample(IndexedCohort cohort, string project, double fraction, bool withIds, int seed, string path)
    {
        var (header, rows) = cohort.Extract(project);
        var random = new Random(seed);
        var take = Math.Max(1, (int)Math.Round(rows.Count * fraction));
        var chosen = rows.OrderBy(_ => random.Next()).Take(take);
        var skip = withIds ? 0 : 1;
        return IndexedCohort.WriteTable(path, new[] { header.Skip(skip).ToArray() }.Concat(chosen.Select(r => r.Skip(skip).ToArray())));
    }

    /// <summary>
    /// Rows of several projects merged into one table over the union of their columns (blank where a
    /// project lacks a field, as when institutions pool their extracts), shuffled; IDs dropped or kept.
    /// </summary>
    public static string Merge(IndexedCohort cohort, IReadOnlyList<(string Project, int Rows)> parts, bool withIds, int seed, string path)
    {
        var random = new Random(seed);
        var columns = new List<string>();
        var tables = parts.Select(p => (p.Rows, Table: cohort.Extract(p.Project))).ToList();
        foreach (var (_, (header, _)) in tables)
            foreach (var name in header.Skip(withIds ? 0 : 1))
                if (!columns.Contains(name)) columns.Add(name);
        var merged = new List<string[]>();
        foreach (var (count, (header, rows)) in tables)
        {
            var at = columns.Select(c => Array.IndexOf(header, c)).ToArray();
            foreach (var row in rows.OrderBy(_ => random.Next()).Take(count))
                merged.Add(at.Select(i => i >= 0 ? row[i] : "").ToArray());
        }
        return IndexedCohort.WriteTable(path, new[] { columns.ToArray() }.Concat(merged.OrderBy(_ => random.Next())));
    }
}
