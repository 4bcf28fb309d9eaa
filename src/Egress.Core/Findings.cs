namespace Egress.Core;

/// <summary>How serious a finding is; the verdict is the worst severity found.</summary>
public enum Severity
{
    Info = 0,
    Review = 1,
    Block = 2,
}

public enum Verdict
{
    Release = 0,
    Review = 1,
    Block = 2,
}

/// <summary>
/// One reason for a verdict. Evidence holds locations, counts and bits — never the matched values,
/// so a report can be shown to anyone who may see the verdict.
/// </summary>
public sealed record Finding
{
    public required string Rule { get; init; }
    public required Severity Severity { get; init; }
    public required string Location { get; init; }
    public required string Message { get; init; }
    /// <summary>Distinct participants this finding involves (0 when not about participants).</summary>
    public int Participants { get; init; }
    /// <summary>Projects whose participants are involved.</summary>
    public IReadOnlyList<string> Projects { get; init; } = [];
    public IReadOnlyDictionary<string, object> Evidence { get; init; } = new Dictionary<string, object>();
    /// <summary>What the researcher can do about it, in plain words.</summary>
    public string? Guidance { get; init; }
}

public static class VerdictRules
{
    public static Verdict FromSeverity(Severity severity) => severity switch
    {
        Severity.Block => Verdict.Block,
        Severity.Review => Verdict.Review,
        _ => Verdict.Release,
    };

    /// <summary>The worst severity wins; no findings means release.</summary>
    public static Verdict Combine(IEnumerable<Finding> findings)
    {
        var worst = Severity.Info;
        foreach (var f in findings)
            if (f.Severity > worst) worst = f.Severity;
        return FromSeverity(worst);
    }

    public static string Name(this Verdict verdict) => verdict switch
    {
        Verdict.Release => "release",
        Verdict.Review => "review",
        _ => "block",
    };
}
