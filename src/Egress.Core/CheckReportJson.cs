using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Egress.Core;

/// <summary>
/// A check report as one JSON object (the shape `egress check --json` prints and the airlock stores), and
/// its findings read back. Evidence is locations, counts and bits only.
/// </summary>
public static class CheckReportJson
{
    /// <summary>
    /// The report as one JSON object, written field by field: no reflection, so a check's start-up
    /// does not pay for building a serializer.
    /// </summary>
    public static string Write(CheckReport report)
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

    /// <summary>The findings of a report written by <see cref="Write"/>; evidence values come back as strings, numbers or booleans.</summary>
    public static IReadOnlyList<Finding> ReadFindings(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var findings = new List<Finding>();
        if (!doc.RootElement.TryGetProperty("findings", out var array)) return findings;
        foreach (var f in array.EnumerateArray())
        {
            var evidence = new Dictionary<string, object>();
            if (f.TryGetProperty("evidence", out var e))
                foreach (var p in e.EnumerateObject()) evidence[p.Name] = Plain(p.Value);
            findings.Add(new Finding
            {
                Rule = f.GetProperty("rule").GetString() ?? "",
                Severity = Enum.Parse<Severity>(f.GetProperty("severity").GetString() ?? "block", ignoreCase: true),
                Location = f.GetProperty("location").GetString() ?? "",
                Message = f.GetProperty("message").GetString() ?? "",
                Participants = f.TryGetProperty("participants", out var n) ? n.GetInt32() : 0,
                Projects = f.TryGetProperty("projects", out var ps) ? [.. ps.EnumerateArray().Select(x => x.GetString() ?? "")] : [],
                Evidence = evidence,
                Guidance = f.TryGetProperty("guidance", out var g) && g.ValueKind == JsonValueKind.String ? g.GetString() : null,
            });
        }
        return findings;
    }

    private static object Plain(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Number => value.TryGetInt64(out var l) ? l : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => value.GetRawText(),
    };
}
