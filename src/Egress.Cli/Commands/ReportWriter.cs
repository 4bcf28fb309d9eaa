using System.Text;
using System.Text.Json;
using System.Buffers;
using Egress.Core;

namespace Egress.Cli.Commands;

/// <summary>Renders a check report as JSON (for tools) or readable text (for people).</summary>
public static class ReportWriter
{
    /// <summary>The report as one JSON object (the shape lives in Egress.Core, shared with the airlock service).</summary>
    public static string Json(CheckReport report) => CheckReportJson.Write(report);

    public static string Text(CheckReport report)
    {
        var s = new StringBuilder();
        s.AppendLine($"{report.Verdict.Name().ToUpperInvariant()}  {report.File}");
        s.AppendLine($"  project {report.Project} · {report.Format} · {report.Bytes:N0} bytes · {report.ElapsedMs:N0} ms");
        if (report.Participants > 0) s.AppendLine($"  participants found: {report.Participants:N0}");
        if (report.Findings.Count == 0) s.AppendLine("  no findings");
        foreach (var f in report.Findings)
        {
            s.AppendLine($"  [{f.Severity.ToString().ToLowerInvariant()}] {f.Rule} at {f.Location}");
            s.AppendLine($"      {f.Message}");
            if (f.Guidance is not null) s.AppendLine($"      what to do: {f.Guidance}");
        }
        return s.ToString();
    }
}
