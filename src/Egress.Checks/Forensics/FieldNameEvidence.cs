using Egress.Index;

namespace Egress.Checks.Forensics;

/// <summary>
/// The field-subset argument by column names: a leak whose header names cohort fields that a project
/// was never dispensed cannot have come from that project's extract alone. Names only — a leaker who
/// renamed the columns leaves this silent, and the values' own evidence (<see cref="WindowAttributor"/>) still speaks.
/// </summary>
public static class FieldNameEvidence
{
    /// <summary>Per project, the leak's column names that are fields of some project but not of this one.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> NotDispensed(IEnumerable<string> leakColumns, IReadOnlyList<ProjectInfo> projects)
    {
        var perProject = projects.Select(p => p.Columns.Skip(1).ToHashSet(StringComparer.Ordinal)).ToList();
        var cohortFields = perProject.SelectMany(f => f).ToHashSet(StringComparer.Ordinal);
        var leaked = leakColumns.Where(cohortFields.Contains).Distinct(StringComparer.Ordinal).ToList();
        return perProject.Select(fields => (IReadOnlyList<string>)leaked.Where(c => !fields.Contains(c)).ToList()).ToList();
    }

    /// <summary>The leak's column names that are fields of at least one project.</summary>
    public static int CohortFieldsNamed(IEnumerable<string> leakColumns, IReadOnlyList<ProjectInfo> projects)
    {
        var cohortFields = projects.SelectMany(p => p.Columns.Skip(1)).ToHashSet(StringComparer.Ordinal);
        return leakColumns.Where(cohortFields.Contains).Distinct(StringComparer.Ordinal).Count();
    }
}
