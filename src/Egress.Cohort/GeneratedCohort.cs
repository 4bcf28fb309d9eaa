using System.Globalization;
using Egress.Cohort.Extracts;
using Egress.Cohort.Output;

namespace Egress.Cohort;

/// <summary>
/// A cohort held in memory: the master table, its eids and the planned project extracts. Use it directly
/// in tests (values, formatted rows) or write it out with <see cref="WriteTo"/>.
/// </summary>
public sealed class GeneratedCohort
{
    private readonly int[] masterEids;

    internal GeneratedCohort(CohortSpec spec, ParticipantTable table, int[] masterEids, IReadOnlyList<ProjectExtract> projects)
    {
        Spec = spec;
        Table = table;
        this.masterEids = masterEids;
        Projects = projects;
    }

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
        new(Table, project.EidArray, project.ParticipantArray, project.ColumnArray);

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
