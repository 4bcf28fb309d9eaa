using Egress.Cohort.Extracts;

namespace Egress.Cohort;

/// <summary>What to generate. The same spec always yields byte-identical files.</summary>
/// <param name="Participants">Master cohort size, 1 … 9,000,000 (the 7-digit ID space).</param>
/// <param name="Projects">Number of project extracts, at least 1.</param>
/// <param name="Seed">Seed of every random choice.</param>
/// <param name="Gzip">Write <c>.csv.gz</c> instead of <c>.csv</c>.</param>
public sealed record CohortSpec(int Participants, int Projects, ulong Seed, bool Gzip = false)
{
    public const int MaxParticipants = ExtractPlanner.EidSpace;

    /// <summary>Why the spec cannot be generated, or null when it can.</summary>
    public string? Problem() =>
        Participants < 1 ? "--participants must be at least 1."
        : Participants > MaxParticipants ? $"--participants must be at most {MaxParticipants:N0} (7-digit eids)."
        : Projects < 1 ? "--projects must be at least 1."
        : null;

    public void Validate()
    {
        if (Problem() is { } problem) throw new ArgumentException(problem);
    }
}
