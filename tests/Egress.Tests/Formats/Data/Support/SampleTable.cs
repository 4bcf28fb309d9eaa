using System.Globalization;
using Egress.Checks;
using Egress.Cohort.Outputs;
using Egress.Core;
using Egress.Formats.Content;
using Egress.Tests.Support;
using Xunit;

namespace Egress.Tests.Formats.Data.Support;

/// <summary>
/// A table to write into a data format: a participant slice of a project's extract (IDs dropped) or a
/// legitimate aggregate output from the generator. Cells are text as the extract or output has them;
/// <see cref="Numeric"/> tells the columns every cell of which is a number (or missing).
/// </summary>
public sealed record SampleTable(string[] Header, List<string[]> Rows)
{
    public int Columns => Header.Length;

    public bool Numeric(int column) => Rows.All(r => r[column].Length == 0 || double.TryParse(r[column], NumberStyles.Float, CultureInfo.InvariantCulture, out _));

    public bool Integer(int column) => Rows.All(r => r[column].Length == 0 || int.TryParse(r[column], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _));

    public double Number(int row, int column) =>
        Rows[row][column].Length == 0 ? double.NaN : double.Parse(Rows[row][column], CultureInfo.InvariantCulture);

    /// <summary>The numeric columns only.</summary>
    public SampleTable NumericOnly()
    {
        var keep = Enumerable.Range(0, Columns).Where(Numeric).ToArray();
        return new SampleTable(keep.Select(c => Header[c]).ToArray(), Rows.Select(r => keep.Select(c => r[c]).ToArray()).ToList());
    }

    /// <summary>Rows as doubles (NaN for missing): numeric columns only.</summary>
    public double[][] Doubles() => Enumerable.Range(0, Rows.Count).Select(r => Enumerable.Range(0, Columns).Select(c => Number(r, c)).ToArray()).ToArray();

    /// <summary>A participant slice: rows of project A's extract from <paramref name="skip"/>, IDs (eid) dropped.</summary>
    public static SampleTable Slice(IndexedCohort cohort, int rows = 200, int skip = 100)
    {
        var (header, all) = cohort.Extract("A");
        return new SampleTable(header[1..], all.Skip(skip).Take(rows).Select(r => r[1..]).ToList());
    }

    /// <summary>
    /// A legitimate aggregate output of the given kind, computed from the cohort by the generator and read
    /// back from its CSV form (the first CSV of that kind).
    /// </summary>
    public static SampleTable Aggregate(IndexedCohort cohort, OutputKind kind)
    {
        lock (Outputs)
        {
            if (!Outputs.TryGetValue(kind, out var table))
            {
                var dir = Directory.CreateTempSubdirectory("egress-legit-data-").FullName;
                var generated = LegitimateOutputGenerator.Generate(cohort.Files.Directory, dir, 48, 5);
                var csv = generated.First(o => o.Kind == kind && o.FileName.EndsWith(".csv", StringComparison.Ordinal));
                Outputs[kind] = table = ReadCsv(csv.FullPath);
            }
            return table;
        }
    }

    private static readonly Dictionary<OutputKind, SampleTable> Outputs = [];

    private static SampleTable ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var rows = lines.Select(Split).ToList();
        var width = rows[0].Length;
        return new SampleTable(rows[0], rows.Skip(1).Where(r => r.Length == width).ToList());
    }

    private static string[] Split(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return [.. cells];
    }
}

/// <summary>Assertions on end-to-end checks of a data file.</summary>
public static class DataVerdicts
{
    /// <summary>
    /// Blocked for participant records or IDs, found in a part whose path starts with <paramref name="partPath"/>
    /// (null when the file itself is the table: its locations name no part).
    /// </summary>
    public static void AssertLeakFound(CheckReport report, string? partPath)
    {
        Assert.Equal(Verdict.Block, report.Verdict);
        var leaks = report.Findings.Where(f => f.Rule is ParticipantRecordDetector.Rule or ParticipantIdDetector.Rule).ToList();
        Assert.True(leaks.Count > 0, "no participant finding: " + Describe(report));
        if (partPath is not null) Assert.Contains(leaks, f => f.Location.StartsWith(partPath, StringComparison.Ordinal));
    }

    public static void AssertNotBlocked(CheckReport report)
    {
        Assert.True(report.Verdict != Verdict.Block, "blocked: " + Describe(report));
    }

    /// <summary>A damaged file gets a verdict that is not release.</summary>
    public static void AssertNotReleased(CheckReport report)
    {
        Assert.True(report.Verdict != Verdict.Release, "released: " + Describe(report));
    }

    /// <summary>Legitimate aggregates of three kinds, written in a format by <paramref name="write"/>: none is blocked.</summary>
    public static void AssertAggregatesNotBlocked(IndexedCohort cohort, string extension, Func<SampleTable, byte[]> write)
    {
        foreach (var kind in new[] { OutputKind.GwasSummaryStatistics, OutputKind.SurvivalTable, OutputKind.FrequencyTable })
        {
            var path = cohort.NewFile($"{kind}.{extension}");
            File.WriteAllBytes(path, write(SampleTable.Aggregate(cohort, kind)));
            AssertNotBlocked(cohort.Check(path));
        }
    }

    /// <summary>A file cut at each of <paramref name="cuts"/>, and the whole file with one byte changed by <paramref name="corrupt"/>: none is released.</summary>
    public static void AssertDamagedNotReleased(IndexedCohort cohort, string extension, byte[] bytes, IEnumerable<int> cuts, Action<byte[]> corrupt)
    {
        foreach (var cut in cuts)
        {
            var path = cohort.NewFile($"cut{cut}.{extension}");
            File.WriteAllBytes(path, bytes[..cut]);
            AssertNotReleased(cohort.Check(path));
        }
        var damaged = (byte[])bytes.Clone();
        corrupt(damaged);
        var bad = cohort.NewFile($"corrupt.{extension}");
        File.WriteAllBytes(bad, damaged);
        AssertNotReleased(cohort.Check(bad));
    }

    public static string Describe(CheckReport report) =>
        $"{report.Verdict}; parts: {string.Join(", ", report.Parts.Select(p => $"{p.Path} ({p.Format})"))}; findings: {string.Join("; ", report.Findings.Select(f => $"{f.Rule} @ {f.Location}: {f.Message}"))}";

    /// <summary>The parts a reader yields for bytes, through the same unpacker the engine uses (embedded files walked).</summary>
    public static List<Part> Walk(byte[] bytes, string name) =>
        ContentReaders.Unpacker().Walk(new MemorySource(bytes), name, new UnpackContext(new UnpackLimits(), CancellationToken.None)).ToList();

    /// <summary>
    /// Walks the parts as the engine does, reading each table's rows before asking for the next part.
    /// Whatever the bytes, this must end without an exception.
    /// </summary>
    public static List<Part> WalkReadingRows(byte[] bytes, string name)
    {
        var parts = new List<Part>();
        foreach (var part in ContentReaders.Unpacker().Walk(new MemorySource(bytes), name, new UnpackContext(new UnpackLimits(), CancellationToken.None)))
        {
            if (part is TablePart table) foreach (var _ in table.Rows) { }
            if (part is TextPart text) text.Source.Open().CopyTo(Stream.Null);
            parts.Add(part);
        }
        return parts;
    }

    /// <summary>
    /// Every truncation of <paramref name="bytes"/>, and 3,000 copies with one to three bytes changed past the first
    /// <paramref name="keptHeader"/>, are walked to the end without an exception; a cut at or past
    /// <paramref name="noticeFromCut"/> bytes leaves a notice (not read whole).
    /// </summary>
    public static void AssertSurvivesDamage(byte[] bytes, string extension, int noticeFromCut, int keptHeader, int seed)
    {
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var parts = WalkReadingRows(bytes[..cut], $"cut.{extension}");
            if (cut >= noticeFromCut) Assert.Contains(parts, p => p is Notice);
        }
        var random = new Random(seed);
        for (var i = 0; i < 3000; i++)
        {
            var damaged = (byte[])bytes.Clone();
            for (var k = 0; k < 1 + i % 3; k++) damaged[keptHeader + random.Next(damaged.Length - keptHeader)] = (byte)random.Next(256);
            WalkReadingRows(damaged, $"flip.{extension}");
        }
    }

    /// <summary>Rows of a table part, read as the scanner reads them (the notice after the table, if any, as well).</summary>
    public static (TablePart Table, List<IReadOnlyList<string>> Rows, List<Part> After) Table(IContentReader reader, byte[] bytes, string name, int index = 0)
    {
        var context = new UnpackContext(new UnpackLimits(), CancellationToken.None);
        var parts = new List<Part>();
        TablePart? table = null;
        List<IReadOnlyList<string>>? rows = null;
        var tables = 0;
        foreach (var part in reader.Read(new MemorySource(bytes), name, context))
        {
            if (part is TablePart t)
            {
                var read = t.Rows.ToList();
                if (tables++ == index)
                {
                    table = t;
                    rows = read;
                    continue;
                }
            }
            if (table is not null) parts.Add(part);
        }
        Assert.NotNull(table);
        return (table!, rows!, parts);
    }
}
