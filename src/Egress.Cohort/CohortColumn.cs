using System.Text;

namespace Egress.Cohort;

/// <summary>How a column's stored integer becomes CSV text.</summary>
public enum CellKind
{
    /// <summary>Plain integer.</summary>
    Integer,
    /// <summary>Fixed-point: stored as value × 10^Decimals, written with exactly Decimals decimals.</summary>
    Fixed,
    /// <summary>Day number (<see cref="DateOnly.DayNumber"/>), written as YYYY-MM-DD.</summary>
    Date,
    /// <summary>Index into <see cref="CohortColumn.Codes"/>, written as that code.</summary>
    Code,
}

/// <summary>One CSV column of the cohort, named the UK Biobank way: FIELD-INSTANCE.ARRAY.</summary>
public sealed class CohortColumn
{
    internal CohortColumn(int index, int fieldId, int instance, int arrayIndex, string title, string? units,
        CellKind kind, int decimals, bool isDemographic, IReadOnlyList<string>? codes)
    {
        Index = index;
        FieldId = fieldId;
        Instance = instance;
        ArrayIndex = arrayIndex;
        Title = title;
        Units = units;
        Kind = kind;
        Decimals = decimals;
        IsDemographic = isDemographic;
        Codes = codes;
        Name = $"{fieldId}-{instance}.{arrayIndex}";
        Group = $"{fieldId}-{instance}";
        CodesUtf8 = codes?.Select(Encoding.UTF8.GetBytes).ToArray();
    }

    /// <summary>Position in <see cref="FieldCatalogue.Columns"/> (and in the master file, after <c>eid</c>).</summary>
    public int Index { get; }
    public string Name { get; }
    public int FieldId { get; }
    public int Instance { get; }
    public int ArrayIndex { get; }
    /// <summary>FIELD-INSTANCE: the unit a project is granted (array columns travel together).</summary>
    public string Group { get; }
    public string Title { get; }
    public string? Units { get; }
    public CellKind Kind { get; }
    public int Decimals { get; }
    /// <summary>Demographic columns are in every extract and are never missing.</summary>
    public bool IsDemographic { get; }
    public IReadOnlyList<string>? Codes { get; }
    internal byte[][]? CodesUtf8 { get; }

    public override string ToString() => Name;
}
