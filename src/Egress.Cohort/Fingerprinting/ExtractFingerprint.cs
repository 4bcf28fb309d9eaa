namespace Egress.Cohort.Fingerprinting;

/// <summary>
/// Marks one project's extract as it is written: every fixed-point cell (a measurement with stated
/// decimals) gets the project's bit for that cell's code position as one extra digit (<see cref="LowDigitMark"/>).
/// Integer-coded, categorical, date and code cells, and zeros, are written as they are.
/// </summary>
public sealed class ExtractFingerprint
{
    private readonly FingerprintCode _code;
    private readonly ulong _project;
    private readonly IReadOnlyList<int> _masterEids;
    private readonly ulong[] _columnIds;

    /// <param name="masterEids">Master eid of each participant (the identity positions are derived from); empty when
    /// cells are marked by master eid (<see cref="MarkValue"/>).</param>
    public ExtractFingerprint(FingerprintCode code, string project, IReadOnlyList<int> masterEids)
    {
        _code = code;
        Project = project;
        _project = code.NameId(project);
        _masterEids = masterEids;
        _columnIds = FieldCatalogue.Columns.Select(c => code.NameId(c.Name)).ToArray();
    }

    public string Project { get; }

    /// <summary>The marked scaled value (one more decimal), or null when the cell is not marked.</summary>
    public long? Mark(CohortColumn column, int participant, int raw) =>
        raw == ParticipantTable.Missing ? null : MarkValue(column, _masterEids[participant], raw);

    /// <summary>The marked value of a measurement <paramref name="scaled"/> by 10^decimals of a participant known by master eid.</summary>
    public long? MarkValue(CohortColumn column, long masterEid, long scaled)
    {
        if (column.Kind != CellKind.Fixed || scaled == 0) return null;
        var position = _code.Position(masterEid, _columnIds[column.Index]);
        var digits = _code.Digits(position);
        var bit = _code.Bit(_project, position, _code.Bias(position));
        return LowDigitMark.Embed(scaled, bit ? digits.One : digits.Zero);
    }

    /// <summary>Writes the cell as <see cref="CellFormatter.Write"/> does, marked when it is a measurement.</summary>
    public int Write(CohortColumn column, int participant, int raw, Span<byte> destination) =>
        Mark(column, participant, raw) is { } marked
            ? CellFormatter.WriteFixed(checked((int)marked), column.Decimals + 1, destination)
            : CellFormatter.Write(column, raw, destination);

    public string Text(CohortColumn column, int participant, int raw)
    {
        Span<byte> buffer = stackalloc byte[32];
        return System.Text.Encoding.UTF8.GetString(buffer[..Write(column, participant, raw, buffer)]);
    }
}
