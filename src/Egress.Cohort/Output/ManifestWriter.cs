using System.Text.Json;

namespace Egress.Cohort.Output;

/// <summary>Writes manifest.json: what was generated, so readers need not guess file names or columns.</summary>
internal static class ManifestWriter
{
    public const int FormatVersion = 1;

    public static void Write(string path, GeneratedCohort cohort, GeneratedFile master, IReadOnlyList<ProjectOutput> projects)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("formatVersion", FormatVersion);
        json.WriteNumber("seed", cohort.Spec.Seed);
        json.WriteNumber("participants", cohort.Spec.Participants);
        json.WriteBoolean("gzip", cohort.Spec.Gzip);
        // The cutoff only: the key stays with whoever will trace a leak.
        if (cohort.FingerprintCode is { } code) json.WriteNumber("fingerprintCutoff", code.Cutoff);

        json.WriteStartObject("master");
        json.WriteString("file", Path.GetFileName(master.Path));
        json.WriteNumber("rows", master.Rows);
        WriteColumns(json, cohort.MasterColumns);
        json.WriteEndObject();

        json.WriteStartArray("projects");
        for (int i = 0; i < projects.Count; i++)
        {
            var output = projects[i];
            var plan = cohort.Projects[i];
            json.WriteStartObject();
            json.WriteString("name", output.Name);
            json.WriteString("file", Path.GetFileName(output.Extract.Path));
            json.WriteString("linkage", Path.GetFileName(output.Linkage.Path));
            json.WriteNumber("rows", output.Extract.Rows);
            json.WriteNumber("participantFraction", Math.Round(plan.ParticipantFraction, 4));
            json.WriteNumber("fieldFraction", Math.Round(plan.FieldFraction, 4));
            if (cohort.IsFingerprinted(plan)) json.WriteBoolean("fingerprinted", true);
            WriteColumns(json, output.Columns);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteColumns(Utf8JsonWriter json, IReadOnlyList<string> columns)
    {
        json.WriteStartArray("columns");
        foreach (var column in columns) json.WriteStringValue(column);
        json.WriteEndArray();
    }
}
