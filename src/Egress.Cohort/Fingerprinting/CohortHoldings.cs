using System.Text.Json;
using Egress.Formats;

namespace Egress.Cohort.Fingerprinting;

/// <summary>What a project was dispensed: which participants (by master row) and which catalogue columns.</summary>
public sealed record ProjectHolding(string Name, bool Fingerprinted, bool[] Participants, bool[] Columns)
{
    public bool Holds(int participant, int column) => Participants[participant] && Columns[column];
}

/// <summary>
/// What detection needs from inside the TRE: the master's measurements (scaled integers, by participant)
/// and master eids, and what each project was dispensed. Built from a cohort in memory, or read from a
/// cohort folder (master.csv, manifest.json, linkage files; docs/cohort-format.md).
/// </summary>
public sealed class CohortHoldings
{
    private CohortHoldings(ParticipantTable table, IReadOnlyList<int> masterEids, IReadOnlyList<ProjectHolding> projects, double? cutoff)
    {
        Table = table;
        MasterEids = masterEids;
        Projects = projects;
        Cutoff = cutoff;
    }

    /// <summary>The fingerprint code's cutoff the extracts were marked with, when the cohort records it.</summary>
    public double? Cutoff { get; }

    /// <summary>Measurement, integer and date columns hold the master's values; ICD-10 codes are not read and stay 0.</summary>
    public ParticipantTable Table { get; }
    public IReadOnlyList<int> MasterEids { get; }
    public IReadOnlyList<ProjectHolding> Projects { get; }

    /// <summary>The same holdings with exactly the named projects fingerprinted (extracts marked by `fingerprint embed`).</summary>
    public CohortHoldings WithFingerprinted(IReadOnlyCollection<string> names)
    {
        foreach (var name in names)
            if (Projects.All(p => p.Name != name)) throw new ArgumentException($"no project '{name}' in the cohort");
        return new(Table, MasterEids, Projects.Select(p => p with { Fingerprinted = names.Contains(p.Name) }).ToArray(), Cutoff);
    }

    public static CohortHoldings From(GeneratedCohort cohort) =>
        new(cohort.Table, cohort.MasterEids, cohort.Projects.Select(p =>
        {
            var participants = new bool[cohort.Table.Count];
            foreach (var r in p.Participants) participants[r] = true;
            var columns = new bool[FieldCatalogue.Columns.Count];
            foreach (var c in p.ColumnIndices) columns[c] = true;
            return new ProjectHolding(p.Name, cohort.IsFingerprinted(p), participants, columns);
        }).ToArray(), cohort.FingerprintCode?.Cutoff);

    /// <summary>Reads DIR/manifest.json, the master file and each project's linkage file.</summary>
    public static CohortHoldings Read(string cohortDir)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(cohortDir, "manifest.json")));
        var root = manifest.RootElement;
        var master = root.GetProperty("master");
        var (table, eids) = ReadMaster(Path.Combine(cohortDir, master.GetProperty("file").GetString()!), master.GetProperty("rows").GetInt32());
        var rowOf = new Dictionary<int, int>(eids.Length);
        for (var p = 0; p < eids.Length; p++) rowOf[eids[p]] = p;
        var projects = new List<ProjectHolding>();
        foreach (var project in root.GetProperty("projects").EnumerateArray())
        {
            var columns = new bool[FieldCatalogue.Columns.Count];
            foreach (var name in project.GetProperty("columns").EnumerateArray())
                if (name.GetString() != FieldCatalogue.EidColumn) columns[FieldCatalogue.ByName(name.GetString()!).Index] = true;
            var participants = new bool[eids.Length];
            foreach (var masterEid in ReadLinkage(Path.Combine(cohortDir, project.GetProperty("linkage").GetString()!)).Values)
                participants[rowOf[masterEid]] = true;
            var fingerprinted = project.TryGetProperty("fingerprinted", out var f) && f.GetBoolean();
            projects.Add(new ProjectHolding(project.GetProperty("name").GetString()!, fingerprinted, participants, columns));
        }
        double? cutoff = root.TryGetProperty("fingerprintCutoff", out var t) ? t.GetDouble() : null;
        return new CohortHoldings(table, eids, projects, cutoff);
    }

    /// <summary>The linkage file's project eid → master eid (columns master_eid,project_eid; docs/cohort-format.md).</summary>
    public static Dictionary<int, int> ReadLinkage(string path)
    {
        var map = new Dictionary<int, int>();
        foreach (var line in Lines(path).Skip(1))
        {
            var comma = line.IndexOf(',');
            map[int.Parse(line.AsSpan(comma + 1), System.Globalization.CultureInfo.InvariantCulture)] = int.Parse(line.AsSpan(0, comma), System.Globalization.CultureInfo.InvariantCulture);
        }
        return map;
    }

    /// <summary>Streams the master (its row count from the manifest), keeping eids, measurements, integers and dates.</summary>
    private static (ParticipantTable Table, int[] Eids) ReadMaster(string path, int rows)
    {
        var table = new ParticipantTable(rows);
        var eids = new int[rows];
        CohortColumn?[] columns = [];
        var p = -1;
        foreach (var line in Lines(path))
        {
            var cells = line.Split(',');
            if (p < 0)
            {
                columns = cells.Select(h => h == FieldCatalogue.EidColumn ? null : FieldCatalogue.ByName(h)).ToArray();
                p = 0;
                continue;
            }
            if (p >= rows) throw new InvalidDataException($"{path} has more rows than manifest.json says ({rows:N0})");
            eids[p] = int.Parse(cells[0], System.Globalization.CultureInfo.InvariantCulture);
            for (var c = 1; c < cells.Length; c++)
            {
                if (columns[c] is not { } column) continue;
                table.Set(column.Index, p, Stored(column.Kind, cells[c]));
            }
            p++;
        }
        if (p != rows) throw new InvalidDataException($"{path} has {Math.Max(p, 0):N0} rows; manifest.json says {rows:N0}");
        return (table, eids);
    }

    /// <summary>A master cell as <see cref="ParticipantTable"/> stores it (codes are not needed and stay 0).</summary>
    private static int Stored(CellKind kind, string cell)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (cell.Length == 0) return ParticipantTable.Missing;
        return kind switch
        {
            CellKind.Fixed => DecimalCell.TryParse(cell, out var scaled, out _) ? checked((int)scaled) : ParticipantTable.Missing,
            CellKind.Integer => int.Parse(cell, System.Globalization.NumberStyles.AllowLeadingSign, invariant),
            CellKind.Date => DateOnly.ParseExact(cell, "yyyy-MM-dd", invariant).DayNumber,
            _ => 0,
        };
    }

    private static IEnumerable<string> Lines(string path)
    {
        using var stream = InputOpener.Open(path, long.MaxValue, out _);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0) yield return line;
    }
}
