using System.Globalization;
using Egress.Cohort.Extracts;
using Egress.Cohort.Fingerprinting;
using Egress.Cohort.Output;

namespace Egress.Cohort;

/// <summary>
/// A cohort held in memory: the master table, its eids and the planned project extracts. Use it directly
/// in tests (values, formatted rows) or write it out with <see cref="WriteTo"/>.
/// </summary>
public sealed class GeneratedCohort
{
    private readonly int[] masterEids;

    private readonly IReadOnlyDictionary<string, ExtractFingerprint> fingerprints;

    internal GeneratedCohort(CohortSpec spec, ParticipantTable table, int[] masterEids, IReadOnlyList<ProjectExtract> projects,
        IReadOnlyDictionary<string, ExtractFingerprint>? fingerprints = null)
    {
        Spec = spec;
        Table = table;
        this.masterEids = masterEids;
        Projects = projects;
        this.fingerprints = fingerprints ?? new Dictionary<string, ExtractFingerprint>();
    }

    /// <summary>
    /// The same cohort with the named projects' extracts fingerprinted (docs/forensics.md): their
    /// measurements carry one extra digit holding each project's code bits. The master is never marked.
    /// </summary>
    public GeneratedCohort WithFingerprint(FingerprintCode code, IEnumerable<string> projects)
    {
        var marked = projects.Distinct(StringComparer.Ordinal)
            .ToDictionary(p => Project(p).Name, p => new ExtractFingerprint(code, p, masterEids), StringComparer.Ordinal);
        return new GeneratedCohort(Spec, Table, masterEids, Projects, marked) { FingerprintCode = code };
    }

    /// <summary>True when the project's extract is fingerprinted.</summary>
    public bool IsFingerprinted(ProjectExtract project) => fingerprints.ContainsKey(project.Name);

    /// <summary>A cell of the project's extract exactly as written (marked when the project is fingerprinted).</summary>
    public string ExtractCell(ProjectExtract project, int participant, int column) =>
        fingerprints.GetValueOrDefault(project.Name) is { } fingerprint
            ? fingerprint.Text(FieldCatalogue.Columns[column], participant, Table.Raw(column, participant))
            : Table.Text(column, participant);

    /// <summary>The fingerprint code's cutoff, when any project is fingerprinted.</summary>
    public FingerprintCode? FingerprintCode { get; private init; }

    public CohortSpec Spec { get; }
    /// <summary>Values by participant (row p = master row p).</summary>
    public ParticipantTable Table { get; }
    /// <summary>Master eid of each participant (ascending).</summary>
    public IReadOnlyList<int> MasterEids => masterEids;
    public IReadOnlyList<ProjectExtract> Projects { get; }
    public IReadOnlyList<string> MasterColumns => FieldCatalogue.MasterColumnNames;

    public ProjectExtract Project(string name) =>
        Projects.FirstOrDefault(p => p.Name == name) ?? throw new KeyNotFoundException($"No project '{name}'.");

    /// <summary>Master rows as the CSV cells (eid first), in file order.</summary>
    public IEnumerable<string[]> MasterRows() => MasterSource().TextRows();

    /// <summary>A project's extract rows as the CSV cells (its eid first), in file order.</summary>
    public IEnumerable<string[]> ExtractRows(ProjectExtract project) => ExtractSource(project).TextRows();

    /// <summary>The project's linkage pairs in file order (ascending master eid).</summary>
    public IReadOnlyList<(int MasterEid, int ProjectEid)> Linkage(ProjectExtract project)
    {
        var (master, pseudonyms) = LinkageColumns(project);
        return master.Select((m, i) => (m, pseudonyms[i])).ToArray();
    }

    public CohortResult WriteTo(string directory) => CohortWriter.Write(this, directory);

    internal TableRowSource MasterSource() =>
        new(Table, masterEids, null, Enumerable.Range(0, FieldCatalogue.Columns.Count).ToArray());

    internal TableRowSource ExtractSource(ProjectExtract project) =>
        new(Table, project.EidArray, project.ParticipantArray, project.ColumnArray, fingerprints.GetValueOrDefault(project.Name));

    /// <summary>Pairs sorted by master eid: participants ascending, since master eids ascend with participant.</summary>
    internal (int[] Master, int[] Project) LinkageColumns(ProjectExtract project)
    {
        var participants = (int[])project.ParticipantArray.Clone();
        var pseudonyms = (int[])project.EidArray.Clone();
        Array.Sort(participants, pseudonyms);
        for (int i = 0; i < participants.Length; i++) participants[i] = masterEids[participants[i]];
        return (participants, pseudonyms);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Cohort(seed {Spec.Seed}, {Table.Count} participants, {Projects.Count} projects)");
}
