using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Egress.Tests.Checks.Disguise.Adversary;

/// <summary>The table written as it is: the default writer, and the reference every other mechanism is measured against.</summary>
public sealed class PlainCsv : ILeakWriter
{
    public string Name => "plain CSV";
    public string Item => "-";
    public IReadOnlyList<LeakFile> Write(LeakTable table, Random random) => [new("extract.csv", Encoding.UTF8.GetBytes(Csv(table)))];

    public static string Csv(LeakTable table, char delimiter = ',')
    {
        var text = new StringBuilder();
        text.Append(string.Join(delimiter, table.Header)).Append('\n');
        foreach (var row in table.Rows) text.Append(string.Join(delimiter, row)).Append('\n');
        return text.ToString();
    }
}

/// <summary>The eid column dropped: the measurements alone must still be recognised as someone's.</summary>
public sealed class DropIdColumn : ITableDisguise
{
    public string Name => "ID column dropped";
    public string Item => "1 records without IDs";
    public LeakTable Apply(LeakTable table, Random random) =>
        new(table.Header[1..], table.Rows.Select(r => r[1..]).ToList());
}

/// <summary>Every decimal value moved by one unit of its last place, up or down.</summary>
public sealed class LastDigitNoise : ITableDisguise
{
    public string Name => "last digit ±1";
    public string Item => "1 tolerant matching";
    public LeakTable Apply(LeakTable table, Random random) => Cells.MapDecimals(table, (x, d) =>
        Cells.F(x + (random.Next(2) == 0 ? -1 : 1) * Math.Pow(10, -d), d), skipFirst: true);
}

/// <summary>Every decimal value scaled by 1 ± 0.1 %.</summary>
public sealed class RelativeNoise : ITableDisguise
{
    public string Name => "×(1 ± 0.1 %)";
    public string Item => "1 tolerant matching";
    public LeakTable Apply(LeakTable table, Random random) => Cells.MapDecimals(table, (x, d) =>
        Cells.F(x * (1 + (random.NextDouble() * 2 - 1) * 0.001), d), skipFirst: true);
}

/// <summary>The eid written another way (each of the ID disguiser's forms in turn, by seed).</summary>
public sealed class IdForm : ITableDisguise
{
    public string Name => "ID in disguise";
    public string Item => "5 disguised identifiers";
    public bool KeepsIdColumn => true;
    public LeakTable Apply(LeakTable table, Random random)
    {
        // Combined with the ID column dropped (a seeded combination may draw both), there is no ID left to disguise.
        if (table.Header.Length == 0 || table.Header[0] != "eid") return table;
        var forms = IdDisguiser.Forms.Values.ToList();
        var form = forms[random.Next(forms.Count)];
        // Only where the first column still holds the eids (another disguise may have dropped or changed it).
        if (table.Rows.Count == 0 || !table.Rows.All(r => r.Length > 0 && r[0].Length >= 5 && r[0].All(char.IsAsciiDigit))) return table;
        return new LeakTable(table.Header, table.Rows.Select(r => new[] { form(r[0], random) }.Concat(r[1..]).ToArray()).ToList());
    }
}

/// <summary>The files in a zip archive.</summary>
public sealed class Zipped : IFileDisguise
{
    public string Name => "zip";
    public string Item => "-";
    public IReadOnlyList<LeakFile> Apply(IReadOnlyList<LeakFile> files, Random random)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var file in files)
            {
                using var entry = zip.CreateEntry("out/" + file.Name).Open();
                entry.Write(file.Content);
            }
        return [new LeakFile("results.zip", buffer.ToArray())];
    }
}

/// <summary>Each file gzipped and base64-encoded inside a Python string in a script.</summary>
public sealed class Base64GzipInCode : IFileDisguise
{
    public string Name => "base64(gzip) in code";
    public string Item => "6 encodings";
    public IReadOnlyList<LeakFile> Apply(IReadOnlyList<LeakFile> files, Random random) => files.Select(f =>
    {
        var gz = new MemoryStream();
        using (var z = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true)) z.Write(f.Content);
        var text = "import base64, gzip\n\nBLOB = \"" + Convert.ToBase64String(gz.ToArray()) + "\"\n\ndef load():\n    return gzip.decompress(base64.b64decode(BLOB))\n";
        return new LeakFile(Path.GetFileNameWithoutExtension(f.Name) + ".py", Encoding.UTF8.GetBytes(text));
    }).ToList();
}

/// <summary>
/// Each measurement drawn from another participant: every marginal is the cohort's, no row is anyone's. Measurements only:
/// simulated rows that keep the quasi-identifiers (sex, birth year and month…) are row-level data by the policy, blocked.
/// </summary>
public sealed class SimulatedFromMarginals : ILookAlike
{
    public string Name => "simulated measurements from the cohort's marginals";
    public string Item => "1 tolerant matching";
    public IReadOnlyList<LeakFile> Make(AdversaryCohort cohort, Random random)
    {
        var columns = Enumerable.Range(1, cohort.Header.Length - 1)
            .Where(c => cohort.Rows.Take(200).Count(r => r[c].Contains('.') && double.TryParse(r[c], CultureInfo.InvariantCulture, out _)) > 150).ToList();
        var rows = Enumerable.Range(0, 500).Select(_ => columns.Select(c => cohort.Rows[random.Next(cohort.Rows.Count)][c]).ToArray()).ToList();
        return [new LeakFile("simulated.csv", Encoding.UTF8.GetBytes(PlainCsv.Csv(new LeakTable(columns.Select(c => cohort.Header[c]).ToArray(), rows))))];
    }
}

/// <summary>Means and standard deviations of every measurement by a grouping, with many decimals.</summary>
public sealed class ManyDecimalSummaries : ILookAlike
{
    public string Name => "summaries with many decimals";
    public string Item => "1 tolerant matching";
    public IReadOnlyList<LeakFile> Make(AdversaryCohort cohort, Random random)
    {
        var text = new StringBuilder("variable,group,n,mean,sd,p25,p50,p75\n");
        for (var c = 1; c < cohort.Header.Length; c++)
        {
            var values = cohort.Rows.Select(r => double.TryParse(r[c], CultureInfo.InvariantCulture, out var v) ? v : double.NaN).Where(double.IsFinite).ToList();
            if (values.Count < 100) continue;
            for (var g = 0; g < 3; g++)
            {
                var part = values.Where((_, i) => i % 3 == g).OrderBy(v => v).ToList();
                var mean = part.Average();
                var sd = Math.Sqrt(part.Sum(v => (v - mean) * (v - mean)) / (part.Count - 1));
                text.Append($"{cohort.Header[c]},g{g},{part.Count},{Cells.F(mean, 6)},{Cells.F(sd, 6)},{Cells.F(part[part.Count / 4], 6)},{Cells.F(part[part.Count / 2], 6)},{Cells.F(part[3 * part.Count / 4], 6)}\n");
            }
        }
        return [new LeakFile("summaries.csv", Encoding.UTF8.GetBytes(text.ToString()))];
    }
}

public static class Cells
{
    public static string F(double x, int decimals) => x.ToString("F" + decimals, CultureInfo.InvariantCulture);

    public static int Decimals(string v) => v.Contains('.') ? v.Length - v.IndexOf('.') - 1 : 0;

    /// <summary>Each cell that is a decimal number (a dot, digits after it) through <paramref name="map"/>(value, decimals).</summary>
    public static LeakTable MapDecimals(LeakTable table, Func<double, int, string> map, bool skipFirst) =>
        new(table.Header, table.Rows.Select(r => r.Select((v, c) =>
            (skipFirst && c == 0) || !v.Contains('.') || !double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? v : map(x, Decimals(v))).ToArray()).ToList());
}
