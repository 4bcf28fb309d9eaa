using System.Text.Json;
using Egress.Checks;
using Egress.Cohort;
using Egress.Cohort.Fingerprinting;
using Egress.Core;
using Egress.Index;
using Egress.Tests.Support;
using Xunit;
using Egress.TestSupport;

namespace Egress.Tests.Fingerprinting;

/// <summary>
/// Detection on a small fingerprinted cohort: a lone leaker is accused from 10 % of its rows, colluders are
/// caught, no innocent is accused over many leaks, a handful of rows decides nothing, and a fingerprinted
/// leak is still blocked by `check` (rounded back to the stated precision too, when it no longer names anyone).
/// </summary>
public sealed class FingerprintDetectionTests(FingerprintedCohort fixture) : IClassFixture<FingerprintedCohort>
{
    private FingerprintReport Detect(IEnumerable<string[]> rows)
    {
        var detector = new FingerprintDetector(fixture.Code, CohortHoldings.From(fixture.Cohort));
        detector.Read(rows);
        return detector.Report();
    }

    [Fact]
    public void A_lone_leaker_is_accused_from_ten_percent_of_its_rows_and_nobody_else()
    {
        foreach (var project in new[] { "A", "C", "E" })
        {
            var report = Detect(fixture.Leak(project, 0.10, seed: 3));
            Assert.Equal([project], report.Accused);
            // The header aligns to nobody, nor does a row with fewer than three measurements (no blood sample, say).
            Assert.InRange(report.RowsAligned, 0.98 * (report.RowsRead - 1), report.RowsRead - 1);
            Assert.Equal(0, report.ForeignDigits);
        }
    }

    [Fact]
    public void Colluders_are_caught_and_no_innocent_is_accused_over_many_leaks()
    {
        var evaluation = new FingerprintEvaluation(fixture.Cohort, fixture.Code);
        var scenarios = new[]
        {
            new CollusionScenario(1, CollusionStrategy.Interleave, 0.10, 1),
            new CollusionScenario(1, CollusionStrategy.Interleave, 0.05, 1.0 / 3),
            new CollusionScenario(2, CollusionStrategy.Interleave, 0.10, 1),
            new CollusionScenario(2, CollusionStrategy.CellwiseRandom, 0.10, 1),
            new CollusionScenario(3, CollusionStrategy.Interleave, 0.50, 1),
            new CollusionScenario(3, CollusionStrategy.CellwiseRandom, 0.50, 1),
        };
        var innocentTests = 0;
        for (var i = 0; i < scenarios.Length; i++)
        {
            var outcome = evaluation.Run(scenarios[i], trials: 6, seed: 21, scenarioNumber: i);
            Assert.Equal(0, outcome.InnocentsAccused);
            Assert.Equal(0, outcome.Undecided);
            Assert.Equal(outcome.Trials, outcome.CaughtAny);
            if (scenarios[i].Colluders == 1) Assert.Equal(outcome.Trials, outcome.CaughtAll);
            innocentTests += outcome.InnocentTests;
        }
        Assert.True(innocentTests >= 100);
    }

    [Fact]
    public void A_leak_too_small_to_decide_accuses_nobody()
    {
        var report = Detect(fixture.Leak("B", 0.002, seed: 4)); // 5 or so rows: ~100 marked cells
        Assert.InRange(report.PositionsRead, 1, report.MinimumPositions - 1);
        Assert.Empty(report.Accused);
        Assert.All(report.Projects, p => Assert.False(p.Decidable));
    }

    [Fact]
    public void A_fingerprinted_leak_is_still_blocked_by_check_and_rounding_it_removes_the_mark()
    {
        var leak = fixture.Leak("A", 0.10, seed: 5);
        var header = leak[0];
        var rounded = leak.Skip(1).Select(row => row.Select((cell, c) => RoundToStatedPrecision(header[c], cell)).ToArray()).ToList();
        using var index = CohortIndex.Open(fixture.IndexDir, fixture.IndexKey);
        foreach (var rows in new[] { leak.Skip(1).ToList(), rounded })
        {
            var path = Path.Combine(Directory.CreateTempSubdirectory("egress-fp-leak-").FullName, "leak.csv");
            IndexedCohort.WriteTable(path, [header, .. rows]);
            var check = new CheckEngine(index, Policy.Default).Check(path, "B");
            Assert.Equal(Verdict.Block, check.Verdict);
            Assert.Contains(check.Findings, f => f.Rule == ParticipantRecordDetector.Rule);
        }
        // Rounded back, nothing is left to read but a rare coincidence (a 4-decimal value of the person that rounds to one of
        // their 3-decimal values), and nobody is accused.
        var marked = Detect(leak);
        var unmarked = Detect(rounded);
        Assert.InRange(unmarked.PositionsRead, 0, marked.PositionsRead / 1000);
        Assert.Empty(unmarked.Accused);
        Assert.Equal(["A"], marked.Accused);
    }

    [Fact]
    public void The_cli_detects_from_the_cohort_folder_and_trace_adds_the_section()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("egress-fp-cli-").FullName, "found.csv");
        IndexedCohort.WriteTable(path, fixture.Leak("D", 0.05, seed: 6));
        var detect = CliRunner.Run("fingerprint", "detect", path, "--cohort", fixture.CohortDir, "--key-file", fixture.KeyPath, "--json");
        Assert.True(detect.ExitCode == 0, detect.Stderr);
        using (var doc = JsonDocument.Parse(detect.Stdout))
        {
            var projects = doc.RootElement.GetProperty("projects").EnumerateArray().ToList();
            Assert.Equal("D", projects[0].GetProperty("project").GetString());
            Assert.Equal(["D"], projects.Where(p => p.GetProperty("accused").GetBoolean()).Select(p => p.GetProperty("project").GetString()));
            Assert.True(projects[0].GetProperty("score").GetDouble() > projects[0].GetProperty("threshold").GetDouble());
        }
        var trace = CliRunner.Run("trace", path, "--index", fixture.IndexDir, "--key-file", Path.Combine(fixture.Root, "index.key"),
            "--fingerprint-key", fixture.KeyPath, "--cohort", fixture.CohortDir);
        Assert.True(trace.ExitCode == 0, trace.Stderr);
        Assert.Contains("Accused: project D.", trace.Stdout);
        Assert.Contains("probability at most 1E-6", trace.Stdout);

        // A cohort folder that cannot be read gives no answer at all (exit 3), not a partial one.
        var empty = Directory.CreateTempSubdirectory("egress-fp-empty-").FullName;
        var unreadable = CliRunner.Run("fingerprint", "detect", path, "--cohort", empty, "--key-file", fixture.KeyPath);
        Assert.Equal(3, unreadable.ExitCode);
        Assert.Equal("", unreadable.Stdout);

        // Counts and scores only: no cell of the leak (a measurement, marked or not) is printed.
        var cells = File.ReadLines(path).Skip(1).SelectMany(l => l.Split(',')).Where(c => c.Length >= 5).Distinct().ToList();
        Assert.NotEmpty(cells);
        foreach (var output in new[] { detect.Stdout, trace.Stdout })
            PrintedValues.AssertNotShown(output, cells);
    }

    [Fact]
    public void Embed_marks_a_dispensed_extract_exactly_as_the_generator_does_and_fails_closed_on_an_unknown_eid()
    {
        var dir = Directory.CreateTempSubdirectory("egress-fp-embed-").FullName;
        var plain = CohortGenerator.Build(new CohortSpec(3_000, 5, Seed: 11)).WriteTo(Path.Combine(dir, "plain"));
        var a = plain.Projects.Single(p => p.Name == "A");
        var marked = Path.Combine(dir, "extract-A-marked.csv");
        var embed = CliRunner.Run("fingerprint", "embed", a.Extract.Path, "--project", "A", "--linkage", a.Linkage.Path, "--out", marked, "--key-file", fixture.KeyPath);
        Assert.True(embed.ExitCode == 0, embed.Stderr);
        Assert.Equal(File.ReadAllBytes(fixture.Files.Projects.Single(p => p.Name == "A").Extract.Path), File.ReadAllBytes(marked));

        var wrong = Path.Combine(dir, "wrong.csv");
        var refused = CliRunner.Run("fingerprint", "embed", a.Extract.Path, "--project", "A", "--linkage", plain.Projects.Single(p => p.Name == "B").Linkage.Path,
            "--out", wrong, "--key-file", fixture.KeyPath);
        Assert.Equal(3, refused.ExitCode);
        Assert.Empty(Directory.GetFiles(dir, "wrong.csv*"));
    }

    [Fact]
    public void Cohort_generate_fingerprints_only_the_named_projects_and_keeps_the_key_out_of_the_cohort()
    {
        var dir = Directory.CreateTempSubdirectory("egress-fp-gen-").FullName;
        var outDir = Path.Combine(dir, "cohort");
        var key = Path.Combine(dir, "fp.key");
        var run = CliRunner.Run("cohort", "generate", "--participants", "300", "--projects", "2", "--seed", "4", "--out", outDir,
            "--fingerprint-key", key, "--fingerprint-projects", "B");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.True(File.Exists(key));
        using (var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "manifest.json"))))
        {
            Assert.Equal(1.0 / 300, manifest.RootElement.GetProperty("fingerprintCutoff").GetDouble(), 12);
            var projects = manifest.RootElement.GetProperty("projects").EnumerateArray().ToList();
            Assert.False(projects[0].TryGetProperty("fingerprinted", out _));
            Assert.True(projects[1].GetProperty("fingerprinted").GetBoolean());
        }
        // A keeps the published precision; B's measurements carry one more decimal.
        var measurements = Header(outDir, "A").Intersect(Header(outDir, "B"))
            .Where(c => c != FieldCatalogue.EidColumn && FieldCatalogue.ByName(c).Kind == CellKind.Fixed).ToList();
        Assert.NotEmpty(measurements);
        foreach (var column in measurements)
        {
            Assert.Equal(FieldCatalogue.ByName(column).Decimals, Decimals(outDir, "A", column));
            Assert.Equal(FieldCatalogue.ByName(column).Decimals + 1, Decimals(outDir, "B", column));
        }

        Assert.Equal(2, CliRunner.Run("cohort", "generate", "--participants", "300", "--out", outDir, "--fingerprint-projects", "B").ExitCode);
        Assert.Equal(2, CliRunner.Run("cohort", "generate", "--participants", "300", "--out", outDir, "--fingerprint-key", Path.Combine(outDir, "fp.key")).ExitCode);
    }

    private static string[] Header(string cohortDir, string project) =>
        File.ReadLines(Path.Combine(cohortDir, $"extract-{project}.csv")).First().Split(',');

    /// <summary>The most decimals any cell of the column shows in the project's extract.</summary>
    private static int Decimals(string cohortDir, string project, string column)
    {
        var lines = File.ReadLines(Path.Combine(cohortDir, $"extract-{project}.csv")).ToList();
        var at = Array.IndexOf(lines[0].Split(','), column);
        Assert.True(at > 0, $"{project} lacks {column}");
        return lines.Skip(1).Select(l => l.Split(',')[at]).Where(c => c.Contains('.')).Max(c => c.Length - c.IndexOf('.') - 1);
    }

    private static string RoundToStatedPrecision(string column, string cell)
    {
        var kind = FieldCatalogue.ByName(column);
        if (kind.Kind != CellKind.Fixed || !DecimalCell.TryParse(cell, out var scaled, out var decimals) || decimals != kind.Decimals + 1) return cell;
        return CellFormatter.ToText(kind, checked((int)LowDigitMark.Original(scaled)));
    }
}
