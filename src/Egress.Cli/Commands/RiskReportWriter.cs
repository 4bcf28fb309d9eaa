using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Egress.Checks.Risk;

namespace Egress.Cli.Commands;

/// <summary>Optional per-record measures: l-diversity of a sensitive column, SUDA scores.</summary>
public sealed record RiskExtras
{
    public string? Sensitive { get; init; }
    public IReadOnlyList<LDiversity>? LDiversity { get; init; }
    public IReadOnlyList<SudaScore>? Suda { get; init; }
}

/// <summary>Renders `egress risk` results: JSON with every record (for comparing with other tools), or a readable summary.</summary>
public static class RiskReportWriter
{
    /// <summary>Records listed in the readable summary, riskiest first.</summary>
    public const int TopRecords = 10;

    public static string Json(string file, PartTable table, RiskResult result, RowLevelClassification classification, int exitCode, RiskExtras? extras = null)
    {
        extras ??= new RiskExtras();
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("file", file);
            w.WriteString("part", table.Path);
            w.WriteStartArray("keys");
            foreach (var k in result.Keys) w.WriteStringValue(k);
            w.WriteEndArray();
            if (result.Weight is null) w.WriteNull("weight");
            else w.WriteString("weight", result.Weight);
            w.WriteString("populationSource", Source(result.Source));
            w.WriteStartArray("populationKeys");
            foreach (var k in result.PopulationKeys) w.WriteStringValue(k);
            w.WriteEndArray();
            w.WriteNumber("recordsInTable", table.TotalRows);
            w.WriteStartObject("rowLevel");
            w.WriteBoolean("judgedRowLevel", classification.IsRowLevel);
            w.WriteString("reason", classification.Reason);
            w.WriteStartArray("quasiIdentifiers");
            foreach (var q in classification.QuasiIdentifiers)
            {
                w.WriteStartObject();
                w.WriteString("column", q.Name);
                w.WriteString("kind", q.Describe());
                w.WriteString("detectedBy", q.Basis.ToString());
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartArray("records");
            foreach (var r in result.Records)
            {
                w.WriteStartObject();
                w.WriteNumber("row", r.Row);
                w.WriteNumber("fk", r.SampleFrequency);
                Number(w, "Fk", r.PopulationFrequency);
                Number(w, "risk", r.Risk);
                if (result.Source == PopulationSource.Weights) Number(w, "riskExact", r.RiskExact);
                if (extras.LDiversity is { } l)
                {
                    var x = l[r.Row - 1];
                    w.WriteStartObject("ldiversity");
                    w.WriteNumber("distinct", x.Distinct);
                    Number(w, "entropy", x.Entropy);
                    w.WriteNumber("recursive", x.Recursive);
                    w.WriteEndObject();
                }
                if (extras.Suda is { } suda)
                {
                    w.WriteStartObject("suda");
                    Number(w, "score", suda[r.Row - 1].Score);
                    Number(w, "disScore", suda[r.Row - 1].DisScore);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            var g = result.Global;
            w.WriteStartObject("global");
            w.WriteNumber("records", g.Records);
            Levels(w, "kAnonymityViolations", g.KAnonymityViolations);
            Levels(w, "weightedKAnonymityViolations", g.WeightedKAnonymityViolations);
            w.WriteNumber("sampleUniques", g.SampleUniques);
            w.WriteNumber("populationUniques", g.PopulationUniques);
            w.WriteNumber("equivalenceClasses", g.EquivalenceClasses);
            Number(w, "expectedReidentifications", g.ExpectedReidentifications);
            Number(w, "meanRisk", g.MeanRisk);
            Number(w, "globalRiskPct", g.RiskPercent);
            if (result.Source == PopulationSource.CohortIndex) w.WriteNumber("recordsNotInIndex", result.RecordsNotInIndex);
            if (extras.LDiversity is { } ld)
            {
                w.WriteString("sensitive", extras.Sensitive);
                w.WriteNumber("distinctLDiversityOne", ld.Count(x => x.Distinct == 1));
            }
            if (extras.Suda is { } sd)
            {
                w.WriteNumber("sudaScoredRecords", sd.Count(x => x.Score > 0));
                w.WriteNumber("maxSudaScore", sd.Count == 0 ? 0 : sd.Max(x => x.Score));
                Number(w, "maxDisSudaScore", sd.Count == 0 ? 0 : sd.Max(x => x.DisScore));
            }
            w.WriteEndObject();
            w.WriteNumber("exitCode", exitCode);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string Text(string file, PartTable table, RiskResult result, RowLevelClassification classification, int exitCode, RiskExtras? extras = null)
    {
        extras ??= new RiskExtras();
        var g = result.Global;
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"{file}{(table.Path != Path.GetFileName(file) ? $" ({table.Path})" : "")}: {g.Records:N0} records");
        if (table.TotalRows > g.Records) s.Append(CultureInfo.InvariantCulture, $" (the first of {table.TotalRows:N0})");
        s.Append('\n');
        s.Append($"keys: {string.Join(", ", result.Keys)}\n");
        s.Append("F_k: ").Append(result.Source switch
        {
            PopulationSource.Weights => $"sum of the weights in '{result.Weight}' (sdcMicro's estimate); risk: Benedetti–Franconi approximation",
            PopulationSource.CohortIndex => $"the cohort index's exact counts for {string.Join(", ", result.PopulationKeys)}" +
                                            (result.PopulationKeys.Count < result.Keys.Count ? ", the other keys scaled in by their share in the table" : "") +
                                            (result.RecordsNotInIndex > 0 ? $" ({result.RecordsNotInIndex:N0} records not in the index: from the table)" : "") + "; risk 1/F_k",
            _ => "the table is taken as its own population (F_k = f_k); risk 1/f_k",
        }).Append('\n');
        s.Append(CultureInfo.InvariantCulture, $"sample uniques (f_k = 1): {g.SampleUniques:N0}\n");
        s.Append(CultureInfo.InvariantCulture,
            $"k-anonymity violations (f_k < k): k=2 {g.KAnonymityViolations[2]:N0}, k=3 {g.KAnonymityViolations[3]:N0}, k=5 {g.KAnonymityViolations[5]:N0}\n");
        if (result.Source != PopulationSource.Sample)
            s.Append(CultureInfo.InvariantCulture,
                $"weighted (F_k < k): k=2 {g.WeightedKAnonymityViolations[2]:N0}, k=3 {g.WeightedKAnonymityViolations[3]:N0}, k=5 {g.WeightedKAnonymityViolations[5]:N0}\n");
        s.Append(CultureInfo.InvariantCulture, $"equivalence classes: {g.EquivalenceClasses:N0}\n");
        s.Append(CultureInfo.InvariantCulture,
            $"expected re-identifications: {g.ExpectedReidentifications:F4} (mean risk {g.MeanRisk:F6}, {g.RiskPercent:F4} %)\n");
        if (extras.LDiversity is { } ld)
            s.Append(CultureInfo.InvariantCulture,
                $"l-diversity of '{extras.Sensitive}': {ld.Count(x => x.Distinct == 1):N0} records whose key combination shows a single value of it\n");
        if (extras.Suda is { } sd)
            s.Append(CultureInfo.InvariantCulture,
                $"SUDA: {sd.Count(x => x.Score > 0):N0} records with special uniques, largest score {(sd.Count == 0 ? 0 : sd.Max(x => x.Score)):G6}, largest DIS-SUDA {(sd.Count == 0 ? 0 : sd.Max(x => x.DisScore)):F4}\n");
        s.Append(classification.IsRowLevel ? "row-level data: yes" : "row-level data by its quasi-identifiers: no").Append($" ({classification.Reason})\n");
        var top = result.Records.OrderByDescending(r => double.IsNaN(r.Risk) ? -1 : r.Risk).ThenBy(r => r.Row).Take(TopRecords).ToList();
        if (top.Count > 0)
        {
            s.Append($"riskiest records (all of them with --json):\n{"row",8} {"fk",8} {"Fk",12} {"risk",12}\n");
            foreach (var r in top)
                s.Append(CultureInfo.InvariantCulture, $"{r.Row,8} {r.SampleFrequency,8} {r.PopulationFrequency,12:G6} {r.Risk,12:G6}\n");
        }
        s.Append(exitCode switch
        {
            ExitCodes.Block => "block: row-level data is never released\n",
            ExitCodes.Review => "review: some records share their key with fewer than four others\n",
            _ => "5-anonymous on these keys: every record shares its key combination with at least four others\n",
        });
        return s.ToString();
    }

    private static string Source(PopulationSource source) => source switch
    {
        PopulationSource.Weights => "weights",
        PopulationSource.CohortIndex => "cohortIndex",
        _ => "sample",
    };

    private static void Levels(Utf8JsonWriter w, string name, IReadOnlyDictionary<int, int> levels)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in levels) w.WriteNumber(k.ToString(CultureInfo.InvariantCulture), v);
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value);
        else w.WriteNull(name);
    }
}
