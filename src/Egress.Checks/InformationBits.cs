using Egress.Index;

namespace Egress.Checks;

/// <summary>
/// How much a value identifies a participant: log2(N / p) bits, with N the project's participants and
/// p how many of them hold the value. An ID identifies one participant: log2(N) bits.
/// </summary>
public sealed class InformationBits
{
    private readonly float[] _log2Participants;

    public InformationBits(CohortIndex index)
    {
        _log2Participants = index.Projects.Select(p => (float)Math.Log2(Math.Max(1, p.Participants))).ToArray();
    }

    public float Of(IndexEntry entry) =>
        entry.IsId ? _log2Participants[entry.Project] : Math.Max(0f, _log2Participants[entry.Project] - MathF.Log2(entry.Count));
}
