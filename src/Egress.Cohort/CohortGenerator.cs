using Egress.Cohort.Extracts;
using Egress.Cohort.Simulation;

namespace Egress.Cohort;

/// <summary>Entry point: builds a synthetic UK Biobank-like cohort (docs/cohort-format.md) and writes it.</summary>
public static class CohortGenerator
{
    /// <summary>Simulates the master table and plans the project extracts, in memory.</summary>
    public static GeneratedCohort Build(CohortSpec spec)
    {
        spec.Validate();
        var table = ParticipantSimulator.Simulate(spec.Seed, spec.Participants);
        var masterEids = ExtractPlanner.MasterEids(spec.Seed, spec.Participants);
        var projects = Enumerable.Range(0, spec.Projects)
            .Select(k => ExtractPlanner.Plan(spec.Seed, k, spec.Participants))
            .ToArray();
        return new GeneratedCohort(spec, table, masterEids, projects);
    }

    /// <summary>Builds the cohort and writes master, extracts, linkage files and manifest to <paramref name="outDir"/>.</summary>
    public static CohortResult Generate(CohortSpec spec, string outDir) => Build(spec).WriteTo(outDir);
}
