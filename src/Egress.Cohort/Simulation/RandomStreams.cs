namespace Egress.Cohort.Simulation;

/// <summary>Stream identifiers: each use of randomness gets its own stream so that changing one part
/// (e.g. the number of projects) never shifts the values drawn by another (e.g. the participants).</summary>
public static class RandomStreams
{
    public const ulong Participants = 1;
    public const ulong MasterEids = 2;
    public const ulong ProjectFields = 3;
    public const ulong ProjectParticipants = 4;
    public const ulong ProjectPseudonyms = 5;
    public const ulong ProjectOrder = 6;
}
