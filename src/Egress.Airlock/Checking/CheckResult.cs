using Egress.Checks;
using Egress.Core;

namespace Egress.Airlock.Checking;

/// <summary>What a worker hands back: the engine's outcome, or why there is none (which blocks the file).</summary>
internal sealed record CheckResult(CheckOutcome? Outcome, string? Failure)
{
    public static CheckResult From(CheckOutcome outcome) => new(outcome, null);

    public static CheckResult Failed(string why) => new(null, why);

    public const string FailedRule = "check-failed";

    /// <summary>The report to store: the engine's, or a blocking one that says the check did not finish.</summary>
    public CheckReport Report(string name, string project, long bytes) => Outcome is { } o
        ? o.Report with { File = name }
        : new CheckReport
        {
            File = name,
            Project = project,
            Verdict = Verdict.Block,
            Participants = 0,
            Bytes = bytes,
            ElapsedMs = 0,
            Findings =
            [
                new Finding
                {
                    Rule = FailedRule,
                    Severity = Severity.Block,
                    Location = PartLocationWhole,
                    Message = $"The check could not finish ({Failure}); the file was not fully inspected, so it is blocked.",
                    Guidance = "Submit the file again; if this repeats, ask an output checker or the TRE's operators.",
                },
            ],
        };

    private const string PartLocationWhole = "whole file";
}
