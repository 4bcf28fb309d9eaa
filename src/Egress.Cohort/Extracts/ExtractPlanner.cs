using Egress.Cohort.Simulation;

namespace Egress.Cohort.Extracts;

/// <summary>
/// Decides each project's extract: which fields, which participants, and fresh pseudonyms. Every choice
/// uses its own random stream keyed by (seed, project), so projects are independent of each other and of
/// the master IDs, and adding a project never changes the earlier ones.
/// </summary>
public static class ExtractPlanner
{
    public const int FirstEid = 1_000_000;
    /// <summary>Size of the 7-digit ID space 1000000–9999999.</summary>
    public const int EidSpace = 9_000_000;

    public const double MinFieldFraction = 0.60, MaxFieldFraction = 0.85;
    public const double MinParticipantFraction = 0.90, MaxParticipantFraction = 0.98;

    /// <summary>A, B, …, Z, then P27, P28, … (1-based number after the alphabet runs out).</summary>
    public static string ProjectName(int index) => index < 26 ? ((char)('A' + index)).ToString() : $"P{index + 1}";

    /// <summary>The master's internal eids: distinct random 7-digit numbers, ascending by participant.</summary>
    public static int[] MasterEids(ulong seed, int participants)
    {
        var rng = Xoshiro256StarStar.ForStream(seed, RandomStreams.MasterEids, 0);
        return ToEids(DistinctSampler.SampleSorted(ref rng, EidSpace, participants));
    }

    public static ProjectExtract Plan(ulong seed, int projectIndex, int participants)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(projectIndex);
        ArgumentOutOfRangeException.ThrowIfLessThan(participants, 1);
        ulong project = (ulong)projectIndex;

        var fieldRng = Xoshiro256StarStar.ForStream(seed, RandomStreams.ProjectFields, project);
        double fieldFraction = fieldRng.Uniform(MinFieldFraction, MaxFieldFraction);
        int[] columns = ChooseColumns(ref fieldRng, fieldFraction);

        var subsetRng = Xoshiro256StarStar.ForStream(seed, RandomStreams.ProjectParticipants, project);
        double participantFraction = subsetRng.Uniform(MinParticipantFraction, MaxParticipantFraction);
        int rows = Math.Clamp((int)Math.Round(participantFraction * participants), 1, participants);
        int[] members = DistinctSampler.SampleSorted(ref subsetRng, participants, rows);

        // Pseudonyms are drawn without reference to anything else; then members are dealt to them in
        // random order, so sorting the extract by eid reveals nothing about master order.
        var pseudonymRng = Xoshiro256StarStar.ForStream(seed, RandomStreams.ProjectPseudonyms, project);
        int[] eids = ToEids(DistinctSampler.SampleSorted(ref pseudonymRng, EidSpace, rows));
        var orderRng = Xoshiro256StarStar.ForStream(seed, RandomStreams.ProjectOrder, project);
        DistinctSampler.Shuffle(ref orderRng, members);

        return new ProjectExtract(ProjectName(projectIndex), projectIndex, columns, eids, members, fieldFraction, participantFraction);
    }

    /// <summary>
    /// Demographic columns always; of the other FIELD-INSTANCE groups (array columns travel together),
    /// a random <paramref name="fraction"/>. Returned in master column order.
    /// </summary>
    private static int[] ChooseColumns(ref Xoshiro256StarStar rng, double fraction)
    {
        var groups = FieldCatalogue.Columns.Where(c => !c.IsDemographic).Select(c => c.Group).Distinct().ToArray();
        int take = (int)Math.Round(fraction * groups.Length);
        var order = Enumerable.Range(0, groups.Length).ToArray();
        DistinctSampler.Shuffle(ref rng, order);
        var granted = order.Take(take).Select(i => groups[i]).ToHashSet();
        return FieldCatalogue.Columns.Where(c => c.IsDemographic || granted.Contains(c.Group)).Select(c => c.Index).ToArray();
    }

    private static int[] ToEids(int[] offsets)
    {
        for (int i = 0; i < offsets.Length; i++) offsets[i] += FirstEid;
        return offsets;
    }
}
