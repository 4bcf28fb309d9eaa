using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Egress.Cohort.Fingerprinting;

namespace Egress.Cli.Commands;

/// <summary>Renders fingerprint detection as a JSON object (alone, or as trace's "fingerprint" section) or as text.</summary>
public static class FingerprintReportWriter
{
    public static string Json(FingerprintReport report)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer)) Write(w, report);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void Write(Utf8JsonWriter w, FingerprintReport report)
    {
        w.WriteStartObject();
        w.WriteNumber("rowsRead", report.RowsRead);
        w.WriteNumber("rowsAligned", report.RowsAligned);
        w.WriteNumber("positionsRead", report.PositionsRead);
        w.WriteNumber("foreignDigits", report.ForeignDigits);
        w.WriteNumber("cutoff", report.Cutoff);
        w.WriteNumber("epsilon", report.Epsilon);
        w.WriteNumber("minimumPositions", report.MinimumPositions);
        w.WriteStartArray("projects");
        foreach (var p in report.Projects)
        {
            w.WriteStartObject();
            w.WriteString("project", p.Project);
            w.WriteBoolean("fingerprinted", p.Fingerprinted);
            w.WriteNumber("positions", p.Positions);
            w.WriteNumber("score", p.Score);
            w.WriteNumber("threshold", p.Threshold);
            w.WriteBoolean("decidable", p.Decidable);
            w.WriteBoolean("accused", p.Accused);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static string Text(FingerprintReport report)
    {
        var c = CultureInfo.InvariantCulture;
        var t = new StringBuilder();
        t.AppendLine(string.Create(c, $"Fingerprint: {report.RowsAligned:N0} of {report.RowsRead:N0} rows matched to participants; {report.PositionsRead:N0} marked cells read") +
                     (report.ForeignDigits > 0 ? string.Create(c, $" ({report.ForeignDigits:N0} with a digit the code never uses there: altered).") : "."));
        var accused = report.Accused.ToList();
        if (report.Projects.All(p => !p.Decidable))
            t.AppendLine(c, $"  Too small to decide: fewer than {report.MinimumPositions:N0} marked cells of any project; nobody is accused.");
        else
            t.AppendLine(accused.Count == 0 ? "  No project is accused." : $"  Accused: {string.Join(", ", accused.Select(a => "project " + a))}.");
        foreach (var p in report.Projects)
        {
            var verdict = p.Accused ? "ACCUSED" : !p.Fingerprinted ? "not fingerprinted" : !p.Decidable ? "too few cells" : "not accused";
            t.AppendLine(c, $"  project {p.Project,-4} score {p.Score,10:0.0}  threshold {p.Threshold,9:0.0}  over {p.Positions,9:N0} cells  {verdict}");
        }
        t.AppendLine(c, $"  Each innocent project is accused with probability at most {report.Epsilon:0.##E+0} (symmetric Tardos score, cutoff t = {report.Cutoff:0.#####},");
        t.AppendLine("  Bernstein bound; docs/forensics.md). Rounding a leak to the published precision removes the mark: no accusation then means nothing.");
        return t.ToString();
    }
}
