using System.Text;
using System.Text.Json;
using System.Buffers;
using Egress.Core;

namespace Egress.Cli.Commands;

/// <summary>Renders a check report as JSON (for tools) or readable text (for people).</summary>
public static class ReportWriter
{
    /// <summary>
    /// The report as one JSON object, written field by field: no reflection, so a check's start-up
    /// does not pay for building a serializer.
    /// </summary>
    public static string Json(CheckReport report)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("file", report.File);
            w.WriteString("project", report.Project);
            w.WriteString("verdict", report.Verdict.Name());
            w.WriteNumber("participants", report.Participants);
            w.WriteStartArray("findings");
            foreach (var f in report.Findings)
            {
                w.WriteStartObject();
                w.WriteString("rule", f.Rule);
                w.WriteString("severity", f.Severity.ToString().ToLowerInvariant());
                w.WriteString("location", f.Location);
                w.WriteString("message", f.Message);
                w.WriteNumber("participants", f.Participants);
                w.WriteStartArray("projects");
                foreach (var p in f.Projects) w.WriteStringValue(p);
                w.WriteEndArray();
                w.WriteStartObject("evidence");
                foreach (var (key, value) in f.Evidence)
                {
                    w.WritePropertyName(key);
                    WriteValue(w, value);
                }
                w.WriteEndObject();
                if (f.Guidance is null) w.WriteNull("guidance");
                else w.WriteString("guidance", f.Guidance);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("bytes", report.Bytes);
            w.WriteNumber("elapsedMs", report.ElapsedMs);
            w.WriteString("format", report.Format);
            w.WriteStartArray("parts");
            foreach (var part in report.Parts)
            {
                w.WriteStartObject();
                w.WriteString("path", part.Path);
                w.WriteString("format", part.Format);
                w.WriteNumber("bytes", part.Bytes);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case float f when float.IsFinite(f): w.WriteNumberValue(f); break;
            case double d when double.IsFinite(d): w.WriteNumberValue(d); break;
            case decimal m: w.WriteNumberValue(m); break;
            case System.Collections.IDictionary dictionary:
                w.WriteStartObject();
                foreach (System.Collections.DictionaryEntry e in dictionary)
                {
                    w.WritePropertyName(Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "");
                    WriteValue(w, e.Value);
                }
                w.WriteEndObject();
                break;
            case System.Collections.IEnumerable items:
                w.WriteStartArray();
                foreach (var item in items) WriteValue(w, item);
                w.WriteEndArray();
                break;
            default: w.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)); break;
        }
    }

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
