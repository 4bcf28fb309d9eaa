using System.Diagnostics;
using System.IO.Compression;
using System.Text;

namespace Egress.Cohort.Output;

/// <summary>Writes a <see cref="GeneratedCohort"/> as CSV (optionally gzipped) files plus manifest.json.</summary>
internal static class CohortWriter
{
    private const int FileBufferBytes = 1 << 20;

    public static CohortResult Write(GeneratedCohort cohort, string directory)
    {
        var clock = Stopwatch.StartNew();
        directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(directory);
        string extension = cohort.Spec.Gzip ? ".csv.gz" : ".csv";

        var master = WriteCsv(Path.Combine(directory, "master" + extension), cohort.MasterColumns, cohort.MasterSource(), cohort.Spec.Gzip);
        var projects = new List<ProjectOutput>();
        foreach (var project in cohort.Projects)
        {
            var extract = WriteCsv(Path.Combine(directory, $"extract-{project.Name}{extension}"), project.ColumnNames,
                cohort.ExtractSource(project), cohort.Spec.Gzip);
            var (masterEids, projectEids) = cohort.LinkageColumns(project);
            var linkage = WriteCsv(Path.Combine(directory, $"linkage-{project.Name}{extension}"), ["master_eid", "project_eid"],
                new LinkageRowSource(masterEids, projectEids), cohort.Spec.Gzip);
            projects.Add(new ProjectOutput(project.Name, extract, linkage, project.ColumnNames));
        }

        string manifest = Path.Combine(directory, "manifest.json");
        ManifestWriter.Write(manifest, cohort, master, projects);
        return new CohortResult(cohort.Spec, directory, master, cohort.MasterColumns, projects, manifest, clock.Elapsed);
    }

    private static GeneratedFile WriteCsv(string path, IReadOnlyList<string> header, IRowSource rows, bool gzip)
    {
        byte[] headerBytes = Encoding.UTF8.GetBytes(string.Join(',', header) + "\n");
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, FileBufferBytes, FileOptions.SequentialScan))
        {
            if (gzip)
            {
                using var zip = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true);
                using var buffered = new BufferedStream(zip, FileBufferBytes);
                OrderedBlockWriter.Write(buffered, headerBytes, rows);
            }
            else
            {
                OrderedBlockWriter.Write(file, headerBytes, rows);
            }
        }
        return new GeneratedFile(path, rows.RowCount, new FileInfo(path).Length);
    }
}
