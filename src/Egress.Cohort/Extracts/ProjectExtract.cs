namespace Egress.Cohort.Extracts;

/// <summary>
/// What one project receives: its columns (always the demographics plus a subset of the other fields, in
/// master order), its participants, and its own pseudonymous eids. Row r of the extract is participant
/// <c>Participants[r]</c> under eid <c>Eids[r]</c>; rows are in ascending eid order.
/// </summary>
public sealed class ProjectExtract
{
    internal ProjectExtract(string name, int index, int[] columns, int[] eids, int[] participants,
        double fieldFraction, double participantFraction)
    {
        Name = name;
        Index = index;
        ColumnArray = columns;
        EidArray = eids;
        ParticipantArray = participants;
        ColumnNames = [FieldCatalogue.EidColumn, .. columns.Select(c => FieldCatalogue.Columns[c].Name)];
        FieldFraction = fieldFraction;
        ParticipantFraction = participantFraction;
    }

    /// <summary>A, B, C, … then P27, P28, ….</summary>
    public string Name { get; }
    /// <summary>0-based project number.</summary>
    public int Index { get; }
    /// <summary>Indices into <see cref="FieldCatalogue.Columns"/>, ascending.</summary>
    public IReadOnlyList<int> ColumnIndices => ColumnArray;
    /// <summary>Header of the extract, starting with <c>eid</c>.</summary>
    public IReadOnlyList<string> ColumnNames { get; }
    /// <summary>Project eids in row order (ascending, distinct, 7 digits).</summary>
    public IReadOnlyList<int> Eids => EidArray;
    /// <summary>Master participant index (row of <see cref="ParticipantTable"/>) of each extract row.</summary>
    public IReadOnlyList<int> Participants => ParticipantArray;
    public int RowCount => EidArray.Length;
    /// <summary>Seed-chosen target share of the selectable fields granted (0.60–0.85).</summary>
    public double FieldFraction { get; }
    /// <summary>Seed-chosen target share of participants included (0.90–0.98).</summary>
    public double ParticipantFraction { get; }

    internal int[] EidArray { get; }
    internal int[] ParticipantArray { get; }
    internal int[] ColumnArray { get; }
}
