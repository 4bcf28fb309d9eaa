using Egress.Airlock;
using Egress.Airlock.Demo;
using Egress.Core;

namespace Egress.Service.Tests.Support;

/// <summary>
/// An airlock (<see cref="AirlockHarness"/>) holding a month of synthetic export activity for 20 projects with
/// the three bad actors of <see cref="ActivityPlan"/>, submitted and checked through the real service with the
/// harness's clock moved back and forth. Files are capped at 32 KiB so the near-limit splitter stays small.
/// </summary>
public static class SimulatedMonth
{
    public static readonly DateOnly LastDay = new(2026, 4, 2);

    public static ActivityPlan Plan => new(LastDay);

    public static Policy Policy()
    {
        var policy = Core.Policy.Default;
        policy.Limits.MaxFileBytes = 32 * 1024;
        return policy;
    }

    private static readonly Lazy<Task<(AirlockHarness, ActivitySummary)>> Sqlite = new(() => CreateAsync(postgres: false),
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// One simulated month on SQLite for the whole test run, shared by the tests that only read it (the report
    /// on SQLite, its page in Chromium, the CLI): generating it is the slow part. Its folder goes when the process ends.
    /// </summary>
    public static Task<(AirlockHarness Harness, ActivitySummary Summary)> SharedSqliteAsync() => Sqlite.Value;

    public static async Task<(AirlockHarness Harness, ActivitySummary Summary)> CreateAsync(bool postgres)
    {
        var cohort = ServiceCohort.TwentyProjects;
        var h = await AirlockHarness.CreateAsync(postgres, Policy(), indexDir: cohort.IndexDir);
        try
        {
            var ids = cohort.Ids(Plan.Slicer, 0, 1000).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var summary = await new ExportActivitySimulator(h.Service, at => h.Clock.Advance(at - h.Clock.GetUtcNow()), Plan).RunAsync(ids);
            // The report is read the morning after, as an auditor would.
            h.Clock.Advance(LastDay.AddDays(1).ToDateTime(new TimeOnly(8, 0)) - h.Clock.GetUtcNow().UtcDateTime);
            if (!postgres) AppDomain.CurrentDomain.ProcessExit += (_, _) => h.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
            return (h, summary);
        }
        catch
        {
            await h.DisposeAsync();
            throw;
        }
    }
}
