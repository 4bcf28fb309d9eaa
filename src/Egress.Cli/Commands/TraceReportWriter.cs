using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Egress.Checks.Forensics;
using Egress.Cohort.Fingerprinting;

namespace Egress.Cli.Commands;

/// <summary>Renders a trace as JSON (for tools) or as a report a data protection officer can read.</summary>
public static class TraceReportWriter
{
    /// <param name="fingerprint">Fingerprint detection on the same files, written as the "fingerprint" section.</param>
    public static string Json(TraceReport report, FingerprintReport? fingerprint = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("files");
            foreach (var f in report.Files) w.WriteStringValue(f);
            w.WriteEndArray();
            w.WriteStartArray("candidates");
            foreach (var c in report.Candidates)
            {
                w.WriteStartObject();
                w.WriteString("project", c.Project);
                w.WriteNumber("score", c.Score);
                w.WriteBoolean("named", c.Named);
                w.WriteNumber("participants", c.Participants);
                w.WriteNumber("share", c.Share);
                w.WriteStartObject("evidence");
                var e = c.Evidence;
                w.WriteNumber("bits", e.Bits);
                w.WriteNumber("recordsHeld", e.RecordsHeld);
                w.WriteNumber("recordsOnlyHere", e.RecordsOnlyHere);
                w.WriteNumber("recordsOfOthers", e.RecordsOfOthers);
                w.WriteNumber("recordsBeyondFields", e.RecordsBeyondFields);
                w.WriteNumber("ids", e.Ids);
                w.WriteStartArray("fieldsNotDispensed");
                foreach (var f in e.FieldsNotDispensed) w.WriteStringValue(f);
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("recordsMatched", report.RecordsMatched);
            w.WriteNumber("recordsUnexplained", report.RecordsUnexplained);
            w.WriteNumber("outsideShare", report.OutsideShare);
            w.WriteNumber("strayRate", report.StrayRate);
            w.WriteNumber("recordBarBits", report.RecordBarBits);
            w.WriteNumber("windowsScanned", report.WindowsScanned);
            w.WriteNumber("cohortFieldsNamed", report.CohortFieldsNamed);
            w.WriteStartArray("notRead");
            foreach (var n in report.NotRead) w.WriteStringValue(n);
            w.WriteEndArray();
            w.WriteNumber("parts", report.PartsRead);
            w.WriteNumber("bytes", report.Bytes);
            w.WriteNumber("elapsedMs", report.ElapsedMs);
            if (fingerprint is not null)
            {
                w.WritePropertyName("fingerprint");
                FingerprintReportWriter.Write(w, fingerprint);
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string Text(TraceReport report, FingerprintReport? fingerprint = null)
    {
        var t = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        t.AppendLine(c, $"Leak trace of {report.Files.Count} file(s): {report.Bytes / 1e6:0.#} MB, {report.PartsRead} part(s) read in {report.ElapsedMs / 1000.0:0.#} s");
        t.AppendLine(string.Create(c, $"Records found: {report.RecordsMatched:N0} rows or text windows are each one participant's record ") +
                     string.Create(c, $"(at least {report.RecordBarBits:0.#} bits of matching values; {report.WindowsScanned:N0} scanned)."));
        if (report.RecordsUnexplained > 0)
            t.AppendLine(string.Create(c, $"  {report.RecordsUnexplained:N0} of them ({Percent(report.RecordsUnexplained, report.RecordsMatched)}) are held in full by no single ") +
                         "project in the index: they came from a project outside it, or from several extracts merged" +
                         string.Create(c, $" (estimated share from outside the index: {100 * report.OutsideShare:0.#}%)."));
        t.AppendLine();
        var named = report.Candidates.Where(x => x.Named).ToList();
        if (named.Count == 0)
            t.AppendLine("Source: no project can be named with confidence.");
        else
        {
            var sources = string.Join(", ", named.Select(x => string.Create(c, $"project {x.Project} ({100 * x.Share:0.#}% of the records)")));
            t.AppendLine((named.Count > 1 ? "Sources: " : "Source: ") + sources + ".");
        }
        t.AppendLine();
        foreach (var x in report.Candidates)
        {
            t.AppendLine(c, $"{(x.Named ? "SOURCE " : "       ")}project {x.Project}: confidence {Confidence(x.Score)}, share {100 * x.Share:0.#}%, {x.Participants:N0} participants");
            foreach (var line in Why(x, report)) t.AppendLine("         " + line);
        }
        if (report.Candidates.Count == 0) t.AppendLine("No participant IDs or records of any indexed project were found.");
        // A project that holds every record a named source holds, and nothing singles out, is indistinguishable from it.
        var mostHeld = named.Select(x => x.Evidence.RecordsHeld).DefaultIfEmpty(0).Max();
        var ties = report.Candidates.Where(x => !x.Named && mostHeld > 0 && x.Evidence.RecordsHeld >= mostHeld).ToList();
        t.AppendLine();
        t.AppendLine("What this shows and what it does not:");
        t.AppendLine("  - The confidence is the probability that the project contributed, given these files and a sceptical prior");
        t.AppendLine("    (each project 1% likely to be a source before the evidence; docs/forensics.md). It rests on which extract");
        t.AppendLine("    holds each record in full: the people it was dispensed (participant subset), the fields it was given (field");
        t.AppendLine("    subset), and its own pseudonyms.");
        t.AppendLine("  - It names the extract the data came from, not the person who leaked it: anyone with access to that extract could.");
        if (ties.Count > 0)
            t.AppendLine(c, $"  - Project(s) {string.Join(", ", ties.Select(x => x.Project))} hold the same records but nothing here singles them out: they cannot be told apart from the named source on these files.");
        t.AppendLine("  - Projects outside the index cannot be named; records they alone held are counted above as held by no project.");
        t.AppendLine("  - Aggregates and records too sparse to pass the record bar carry no weight here.");
        if (fingerprint is not null)
        {
            t.AppendLine();
            t.Append(FingerprintReportWriter.Text(fingerprint));
        }
        if (report.NotRead.Count > 0)
        {
            t.AppendLine();
            t.AppendLine(c, $"Not fully read ({report.NotRead.Count}): the result is a lower bound.");
            foreach (var n in report.NotRead.Take(10)) t.AppendLine("  - " + n);
        }
        return t.ToString();
    }

    private static IEnumerable<string> Why(TraceCandidate x, TraceReport report)
    {
        var e = x.Evidence;
        var c = CultureInfo.InvariantCulture;
        if (e.Ids > 0) yield return string.Create(c, $"{e.Ids:N0} of its participant IDs are in ID lists.");
        if (report.RecordsMatched > 0)
        {
            yield return string.Create(c, $"its extract holds {e.RecordsHeld:N0} of the {report.RecordsMatched:N0} records in full; {e.RecordsOnlyHere:N0} of them no other project holds.");
            if (e.RecordsOfOthers > 0)
                yield return string.Create(c, $"{e.RecordsOfOthers:N0} records are of people it never had (participant subset).");
            if (e.RecordsBeyondFields > 0)
                yield return string.Create(c, $"{e.RecordsBeyondFields:N0} records of its people carry values its extract does not hold (fields it was never given, or another project's IDs).");
        }
        if (e.FieldsNotDispensed.Count > 0)
            yield return string.Create(c, $"the files name {e.FieldsNotDispensed.Count} field(s) it was never dispensed: {string.Join(", ", e.FieldsNotDispensed.Take(5))}{(e.FieldsNotDispensed.Count > 5 ? ", …" : "")}.");
        yield return string.Create(c, $"evidence: {e.Bits:0.#} bits (log2 likelihood ratio, with this project among the sources against without it).");
    }

    /// <summary>Never "1": a confidence is a probability, not a certainty.</summary>
    private static string Confidence(double score) =>
        score >= 0.99995 ? "> 0.9999" : score.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Percent(long part, long whole) => whole == 0 ? "0%" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * part / whole:0.#}%");
}
