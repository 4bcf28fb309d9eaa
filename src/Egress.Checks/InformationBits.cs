using Egress.Index;

namespace Egress.Checks;

/// <summary>
/// How much a value identifies a participant: log2(N / p) bits, with N the project's participants and
/// p how many of them hold the value. An ID identifies one participant: log2(N) bits.
/// </summary>
public sealed class InformationBits
{
    private readonly float[] _log2Participants;
    private readonly float _maxLog2Participants;
    private readonly float[] _log2Count;

    public InformationBits(CohortIndex index)
    {
        _log2Participants = index.Projects.Select(p => (float)Math.Log2(Math.Max(1, p.Participants))).ToArray();
        _maxLog2Participants = _log2Participants.DefaultIfEmpty(0).Max();
        _log2Count = Enumerable.Range(0, index.Manifest.MaxPostings + 1).Select(c => c == 0 ? 0f : (float)Math.Log2(c)).ToArray();
        MinRareBits = Math.Max(0f, _log2Participants.DefaultIfEmpty(0).Min() - (float)Math.Log2(Math.Max(1, index.Manifest.MaxPostings)));
    }

    /// <summary>The fewest bits a value with a posting list can carry: log2(smallest N / max postings).</summary>
    public float MinRareBits { get; private set; }

    public float Of(IndexEntry entry) =>
        entry.IsId ? _log2Participants[entry.Project] : Math.Max(0f, _log2Participants[entry.Project] - Log2Count(entry.Count));

    /// <summary>The most a value can weigh for any project, from its slot alone (no entry read).</summary>
    public float UpperBound(in ValueSlot slot) =>
        slot.HasId ? _maxLog2Participants : Math.Max(0f, _maxLog2Participants - Log2Count(slot.MinCount));

    private float Log2Count(int count) => count < _log2Count.Length ? _log2Count[count] : MathF.Log2(count);
}
