using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Egress.Checks.Repositories;
using Egress.Core;

namespace Egress.Cli.Commands;

/// <summary>Renders a repository scan as JSON or as a readable list of the blobs that did not pass, with commits and paths.</summary>
public static class RepositoryReportWriter
{
    /// <summary>Commits listed per blob in the text report (the JSON lists them all).</summary>
    private const int CommitsShown = 5;

    public static string Json(RepositoryReport report)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("repository", report.Repository);
            if (report.Since is not null) w.WriteString("since", report.Since);
            w.WriteBoolean("shallow", report.Shallow);
            w.WriteString("verdict", report.Verdict.Name());
            w.WriteNumber("blobs", report.Blobs);
            w.WriteNumber("bytes", report.Bytes);
            w.WriteStartArray("findings");
            foreach (var f in report.Findings)
            {
                w.WriteStartObject();
                w.WriteString("object", f.Blob.ObjectId);
                w.WriteString("verdict", f.Verdict.Name());
                w.WriteNumber("size", f.Blob.Size);
                w.WriteStartArray("paths");
                foreach (var p in f.Blob.Paths) w.WriteStringValue(p);
                w.WriteEndArray();
                w.WriteStartArray("commits");
                foreach (var c in f.Blob.Commits) w.WriteStringValue(c);
                w.WriteEndArray();
                w.WriteStartArray("removedIn");
                foreach (var c in f.Blob.RemovedIn) w.WriteStringValue(c);
                w.WriteEndArray();
                w.WriteStartArray("findings");
                foreach (var x in f.Findings)
                {
                    w.WriteStartObject();
                    w.WriteString("rule", x.Rule);
                    w.WriteString("severity", x.Severity.ToString().ToLowerInvariant());
                    w.WriteString("location", x.Location);
                    w.WriteString("message", x.Message);
                    w.WriteNumber("participants", x.Participants);
                    w.WriteStartArray("projects");
                    foreach (var p in x.Projects) w.WriteStringValue(p);
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("elapsedMs", report.ElapsedMs);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string Text(RepositoryReport report)
    {
        var t = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        t.AppendLine(c, $"{report.Verdict.Name().ToUpperInvariant()}: {report.Repository}{(report.Since is null ? "" : $" ({report.Since})")}");
        if (report.Shallow) t.AppendLine("Shallow clone: history past its boundary was not here and was not checked.");
        t.AppendLine(c, $"{report.Blobs:N0} distinct file versions ({report.Bytes / 1e6:0.#} MB) checked in {report.ElapsedMs / 1000.0:0.#} s; {report.Findings.Count} did not pass.");
        foreach (var f in report.Findings)
        {
            t.AppendLine();
            t.AppendLine(c, $"[{f.Verdict.Name()}] {string.Join(", ", f.Blob.Paths)} (object {f.Blob.ObjectId[..12]}, {f.Blob.Size:N0} bytes)");
            var commits = f.Blob.Commits.Take(CommitsShown).Select(x => x[..Math.Min(12, x.Length)]);
            t.AppendLine(c, $"  in commit{(f.Blob.Commits.Count == 1 ? "" : "s")} {string.Join(", ", commits)}{(f.Blob.Commits.Count > CommitsShown ? $" and {f.Blob.Commits.Count - CommitsShown} more" : "")}");
            if (f.Blob.RemovedIn.Count > 0)
                t.AppendLine(c, $"  removed in {string.Join(", ", f.Blob.RemovedIn.Take(CommitsShown).Select(x => x[..Math.Min(12, x.Length)]))} (still in history)");
            foreach (var x in f.Findings.Where(x => x.Severity != Severity.Info))
                t.AppendLine(c, $"  - {x.Rule} ({x.Severity.ToString().ToLowerInvariant()}) at {x.Location}: {x.Message}");
        }
        if (report.Findings.Count > 0)
        {
            t.AppendLine();
            t.AppendLine("Deleting a file in a later commit does not remove it: rewrite the history (git filter-repo) before the repository leaves.");
        }
        return t.ToString();
    }
}
