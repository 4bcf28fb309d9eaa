namespace Egress.Cohort.Outputs;

/// <summary>One kind of legitimate output: drafts a file from the cohort, or null when the cohort lacks what it needs.</summary>
public interface ILegitimateOutput
{
    OutputKind Kind { get; }
    OutputDraft? TryCreate(CohortVariables cohort, SeededRandom rng);
}
