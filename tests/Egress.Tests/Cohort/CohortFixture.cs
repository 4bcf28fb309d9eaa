using Xunit;
using System.IO.Compression;
using Egress.Cohort;

namespace Egress.Tests.Cohort;

/// <summary>One 20,000-participant cohort written once and shared by the cohort tests.</summary>
public sealed class CohortFixture : IDisposable
{
    public const int Participants = 20_000;
    public const int Projects = 3;
    public const ulong Seed = 42;

    public CohortFixture()
    {
        Directory = TempDirectory.Create("cohort");
        Cohort = CohortGenerator.Build(new CohortSpec(Participants, Projects, Seed));
        Result = Cohort.WriteTo(Directory);
        Master = CsvTable.Read(Result.Master.Path);
    }

    public string Directory { get; }
    public GeneratedCohort Cohort { get; }
    public CohortResult Result { get; }
    public CsvTable Master { get; }

    private readonly Dictionary<string, CsvTable> extracts = [];

    public CsvTable Extract(string project)
    {
        lock (extracts)
        {
            if (!extracts.TryGetValue(project, out var table))
                extracts[project] = table = CsvTable.Read(Result.Project(project).Extract.Path);
            return table;
        }
    }

    public void Dispose() => TempDirectory.Delete(Directory);
}

[CollectionDefinition(Name)]
public sealed class CohortCollection : ICollectionFixture<CohortFixture>
{
    public const string Name = "cohort";
}

/// <summary>A CSV file split into cells (the generator never quotes).</summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> index;

    private CsvTable(string[] header, List<string[]> rows)
    {
        Header = header;
        Rows = rows;
        index = header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i);
    }

    public string[] Header { get; }
    public List<string[]> Rows { get; }

    public int Col(string name) => index[name];
    public bool Has(string name) => index.ContainsKey(name);

    public IEnumerable<string> Cells(string column)
    {
        int c = Col(column);
        return Rows.Select(r => r[c]);
    }

    public IEnumerable<double?> Numbers(string column) =>
        Cells(column).Select(s => s.Length == 0 ? (double?)null : double.Parse(s, System.Globalization.CultureInfo.InvariantCulture));

    public static CsvTable Read(string path)
    {
        using Stream file = File.OpenRead(path);
        using Stream data = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(data);
        var header = reader.ReadLine()!.Split(',');
        var rows = new List<string[]>();
        while (reader.ReadLine() is { } line)
        {
            var cells = line.Split(',');
            Assert.Equal(header.Length, cells.Length);
            rows.Add(cells);
        }
        return new CsvTable(header, rows);
    }
}

public static class TempDirectory
{
    public static string Create(string label)
    {
        string path = Path.Combine(Path.GetTempPath(), $"egress-test-{label}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    public static void Delete(string path)
    {
        try { System.IO.Directory.Delete(path, recursive: true); }
        catch (IOException) { }
    }
}

public static class Stats
{
    public static double Mean(IEnumerable<double> values) => values.Average();

    public static double Correlation(IReadOnlyList<(double X, double Y)> pairs)
    {
        double mx = pairs.Average(p => p.X), my = pairs.Average(p => p.Y);
        double sxy = 0, sxx = 0, syy = 0;
        foreach (var (x, y) in pairs)
        {
            sxy += (x - mx) * (y - my);
            sxx += (x - mx) * (x - mx);
            syy += (y - my) * (y - my);
        }
        return sxy / Math.Sqrt(sxx * syy);
    }

    public static IReadOnlyList<(double X, double Y)> Pairs(CsvTable table, string x, string y) =>
        table.Numbers(x).Zip(table.Numbers(y))
            .Where(p => p.First.HasValue && p.Second.HasValue)
            .Select(p => (p.First!.Value, p.Second!.Value))
            .ToList();
}
