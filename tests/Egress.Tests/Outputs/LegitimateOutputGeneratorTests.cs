using System.Globalization;
using System.Text.RegularExpressions;
using Egress.Cohort.Outputs;
using Xunit;

namespace Egress.Tests.Outputs;

public sealed partial class LegitimateOutputGeneratorTests(GeneratedOutputsFixture fixture) : IClassFixture<GeneratedOutputsFixture>
{
    [Fact]
    public void Writes_the_requested_number_with_every_kind_roughly_balanced()
    {
        Assert.True(fixture.Outputs.Count >= 200);
        Assert.Equal(GeneratedOutputsFixture.Count, fixture.Outputs.Count);
        var byKind = fixture.Outputs.GroupBy(o => o.Kind).ToDictionary(g => g.Key, g => g.Count());
        foreach (var kind in Enum.GetValues<OutputKind>())
        {
            Assert.True(byKind.ContainsKey(kind), $"no {kind.Name()} output");
            Assert.InRange(byKind[kind], GeneratedOutputsFixture.Count / 8 - 5, GeneratedOutputsFixture.Count / 8 + 5);
        }
        foreach (var o in fixture.Outputs)
        {
            Assert.True(new FileInfo(o.FullPath).Length > 20, $"{o.FileName} is (nearly) empty");
            Assert.False(string.IsNullOrWhiteSpace(o.Description));
        }
        Assert.Equal(fixture.Outputs.Count, fixture.Outputs.Select(o => o.FileName).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Index_lists_every_file_with_its_kind_and_description()
    {
        var lines = File.ReadAllLines(Path.Combine(fixture.OutDir, LegitimateOutputGenerator.IndexFileName));
        Assert.Equal("file\tkind\tdescription", lines[0]);
        Assert.Equal(fixture.Outputs.Count, lines.Length - 1);
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split('\t');
            Assert.Equal(3, fields.Length);
            Assert.True(File.Exists(Path.Combine(fixture.OutDir, fields[0])), fields[0]);
            OutputKindNames.Parse(fields[1]);
            Assert.NotEmpty(fields[2]);
        }
    }

    [Fact]
    public void Formats_are_varied()
    {
        var extensions = fixture.Outputs.Select(o => Path.GetExtension(o.FileName)).Distinct().ToList();
        Assert.Contains(".csv", extensions);
        Assert.Contains(".tsv", extensions);
        Assert.Contains(".txt", extensions);
        var firstLines = fixture.Outputs.Select(o => File.ReadLines(o.FullPath).First()).ToList();
        Assert.Contains(firstLines, l => l.Contains(';'));
        Assert.Contains(firstLines, l => l.Contains('"'));
        Assert.Contains(fixture.Outputs, o => File.ReadAllText(o.FullPath).Contains("Residual standard error"));
        Assert.Contains(fixture.Outputs, o => File.ReadAllText(o.FullPath).Contains("std.error"));
    }

    [Fact]
    public void Same_seed_gives_identical_outputs_and_another_seed_different_ones()
    {
        string again = fixture.Folder.Sub("again");
        var second = LegitimateOutputGenerator.Generate(fixture.CohortDir, again, GeneratedOutputsFixture.Count, GeneratedOutputsFixture.Seed);
        Assert.Equal(fixture.Outputs.Select(o => (o.FileName, o.Kind)), second.Select(o => (o.FileName, o.Kind)));
        foreach (var (a, b) in fixture.Outputs.Zip(second))
            Assert.True(File.ReadAllBytes(a.FullPath).AsSpan().SequenceEqual(File.ReadAllBytes(b.FullPath)), $"{a.FileName} differs between runs");
        Assert.Equal(File.ReadAllText(Path.Combine(fixture.OutDir, "index.tsv")), File.ReadAllText(Path.Combine(again, "index.tsv")));

        var other = LegitimateOutputGenerator.Generate(fixture.CohortDir, fixture.Folder.Sub("other"), 24, GeneratedOutputsFixture.Seed + 1);
        Assert.NotEqual(fixture.Outputs.Take(24).Select(o => File.ReadAllText(o.FullPath)), other.Select(o => File.ReadAllText(o.FullPath)));
    }

    [Fact]
    public void Every_printed_participant_count_is_at_least_ten()
    {
        foreach (var o in fixture.Outputs.Where(o => o.Kind is OutputKind.FrequencyTable or OutputKind.Crosstab or OutputKind.SurvivalTable))
        {
            Assert.NotNull(o.SmallestCount);
            Assert.True(o.SmallestCount >= 10, $"{o.FileName}: smallest count {o.SmallestCount}");
        }
        // Independently of what the generator reports, read the counts back from the files.
        int checkedFiles = 0;
        foreach (var o in fixture.Outputs.Where(o => o.Kind is OutputKind.FrequencyTable or OutputKind.Crosstab))
        {
            var counts = CountsInFile(o.FullPath, o.Kind).ToList();
            if (counts.Count == 0) continue;
            checkedFiles++;
            Assert.True(counts.Min() >= 10, $"{o.FileName}: a printed count {counts.Min()} < 10");
        }
        Assert.True(checkedFiles >= 35, $"only {checkedFiles} frequency tables and crosstabs could be parsed back");
    }

    /// <summary>
    /// Counts read back from a file: "n (%)" cells, Stata tabulate frequencies, and the count column of a long table
    /// written delimited, as a console print (right-aligned columns) or as Markdown; every cell right of the first
    /// column of a delimited crosstab. (R's table() prints are left to the generator's own report.)
    /// </summary>
    private static IEnumerable<long> CountsInFile(string path, OutputKind kind)
    {
        var lines = File.ReadAllLines(path).Where(l => !l.StartsWith("# ", StringComparison.Ordinal) || l.StartsWith("# A tibble", StringComparison.Ordinal)).ToArray();
        foreach (var line in lines)
            foreach (Match m in CountWithPercent().Matches(line))
                yield return long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        if (lines.Length < 2 || lines[0].StartsWith("> ", StringComparison.Ordinal)) yield break;

        if (lines[0].StartsWith(". tabulate", StringComparison.Ordinal))
        {
            // Below the header rule, integer tokens right of the first bar are frequencies (percentages have decimals).
            int rule = Array.FindIndex(lines, l => l.Contains("-+-"));
            foreach (var line in lines.Skip(rule + 1).Where(l => l.Contains('|')))
                foreach (var token in line[(line.IndexOf('|') + 1)..].Split([' ', '|'], StringSplitOptions.RemoveEmptyEntries))
                    if (StataInteger().IsMatch(token)) yield return long.Parse(token.Replace(",", ""), CultureInfo.InvariantCulture);
            yield break;
        }

        if (lines[0].StartsWith('|'))
        {
            var rows = lines.Where(l => l.StartsWith('|') && !l.StartsWith("|:", StringComparison.Ordinal) && !l.StartsWith("|-", StringComparison.Ordinal))
                .Select(l => l.Trim('|').Split('|').Select(c => c.Trim()).ToList()).ToList();
            int column = rows[0].FindIndex(h => VariablePicker.CountHeaders.Contains(h));
            if (column >= 0) foreach (var row in rows.Skip(1)) yield return long.Parse(row[column], CultureInfo.InvariantCulture);
            yield break;
        }

        char delimiter = new[] { '\t', ';', ',' }.FirstOrDefault(d => lines[0].Contains(d));
        if (delimiter != '\0')
        {
            var header = SplitDelimited(lines[0], delimiter);
            var countColumns = Enumerable.Range(0, header.Count).Where(c => kind == OutputKind.Crosstab ? c > 0 : IsCountHeader(header[c])).ToList();
            foreach (var line in lines.Skip(1).Where(l => !l.StartsWith("Chi-squared", StringComparison.Ordinal)))
            {
                var cells = SplitDelimited(line, delimiter);
                if (cells.Count != header.Count) throw new FormatException($"{path}: row '{line}' has {cells.Count} cells, header {header.Count}");
                foreach (int c in countColumns)
                    if (long.TryParse(cells[c], NumberStyles.None, CultureInfo.InvariantCulture, out long n)) yield return n;
                    else if (!cells[c].Contains('(')) throw new FormatException($"{path}: '{cells[c]}' is not a count");
            }
            yield break;
        }

        // Console print: numeric columns are right-aligned under their header, so a cell ends where its header ends.
        int headerLine = Array.FindIndex(lines, l => !l.StartsWith('#') && l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(VariablePicker.CountHeaders.Contains));
        if (headerLine < 0) yield break;
        var name = lines[headerLine].Split(' ', StringSplitOptions.RemoveEmptyEntries).First(VariablePicker.CountHeaders.Contains);
        int end = Regex.Match(lines[headerLine], $@"(?<=^|\s){Regex.Escape(name)}(?=\s|$)").Index + name.Length;
        foreach (var line in lines.Skip(headerLine + 1).Where(l => l.Length >= end))
        {
            string token = line[..end].Split(' ', StringSplitOptions.RemoveEmptyEntries).Last();
            if (token.StartsWith('<')) continue; // tibble's column-type row
            yield return long.Parse(token, CultureInfo.InvariantCulture);
        }
    }

    private static bool IsCountHeader(string header) => VariablePicker.CountHeaders.Contains(header) || header is "n_female" or "n_male";

    [GeneratedRegex(@"^\d{1,3}(,\d{3})*$")]
    private static partial Regex StataInteger();

    private static List<string> SplitDelimited(string line, char delimiter)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        bool quoted = false;
        foreach (char c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (c == delimiter && !quoted) { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return cells;
    }

    [GeneratedRegex(@"(?<![\d.,])(\d+) \(\d")]
    private static partial Regex CountWithPercent();

    /// <summary>Whole-number tokens of exactly seven digits (not the fraction digits of a decimal).</summary>
    [GeneratedRegex(@"(?<![\d.,])\d{7}(?!\d)")]
    private static partial Regex SevenDigitToken();

    [Fact]
    public void No_output_contains_a_participant_id_beyond_chance()
    {
        long tokensInGwas = 0, hitsInGwas = 0;
        foreach (var o in fixture.Outputs)
        {
            string text = File.ReadAllText(o.FullPath);
            var tokens = SevenDigitToken().Matches(text).Select(m => long.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();
            int hits = tokens.Count(fixture.Eids.Contains);
            if (o.Kind == OutputKind.GwasSummaryStatistics)
            {
                // Base-pair positions and rsIDs are 7-digit numbers too; some equal an eid by chance, at the chance rate.
                tokensInGwas += tokens.Count;
                hitsInGwas += hits;
            }
            else Assert.True(hits == 0, $"{o.FileName} contains {hits} eid value(s)");
        }
        double chance = fixture.Eids.Count / 9_000_000.0;
        Assert.True(tokensInGwas > 5_000, $"GWAS files should be full of 7-digit numbers, found {tokensInGwas}");
        Assert.True(hitsInGwas <= 3 * chance * tokensInGwas + 5, $"{hitsInGwas} eid hits among {tokensInGwas} GWAS tokens; chance would give {chance * tokensInGwas:F1}");
    }

    [Fact]
    public void Gwas_files_have_the_expected_columns_and_plausible_values()
    {
        var gwas = fixture.Outputs.Where(o => o.Kind == OutputKind.GwasSummaryStatistics).ToList();
        Assert.NotEmpty(gwas);
        int large = 0;
        foreach (var o in gwas)
        {
            var lines = File.ReadAllLines(o.FullPath);
            char? delimiter = lines[0].Contains('\t') ? '\t' : lines[0].Contains(',') ? ',' : null;
            string[] Split(string l) => delimiter is char d ? l.Split(d) : l.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var header = Split(lines[0]).ToList();
            foreach (var column in GwasSummaryStatisticsOutput.RequiredColumns) Assert.Contains(column, header);
            int bp = header.IndexOf("BP"), p = header.IndexOf("P"), af = header.IndexOf("AF"), snp = header.IndexOf("SNP"), chr = header.IndexOf("CHR");
            foreach (var line in lines.Skip(1))
            {
                var cells = Split(line);
                Assert.Equal(header.Count, cells.Length);
                Assert.InRange(int.Parse(cells[chr], CultureInfo.InvariantCulture), 1, 22);
                Assert.InRange(long.Parse(cells[bp], CultureInfo.InvariantCulture), 1, 250_000_000);
                Assert.InRange(double.Parse(cells[p], CultureInfo.InvariantCulture), 0, 1);
                Assert.InRange(double.Parse(cells[af], CultureInfo.InvariantCulture), 0, 1);
                Assert.StartsWith("rs", cells[snp]);
            }
            if (lines.Length > 1000) large++;
        }
        Assert.True(large >= 5, "some GWAS files should hold thousands of variants");
    }

    [Fact]
    public void Summary_statistics_print_no_minimum_or_maximum()
    {
        foreach (var o in fixture.Outputs.Where(o => o.Kind == OutputKind.SummaryStatistics))
        {
            string text = File.ReadAllText(o.FullPath);
            Assert.DoesNotContain("Min", text);
            Assert.DoesNotContain("Max", text);
            Assert.DoesNotContain("p100", text);
        }
    }
}
