namespace Egress.Checks.Forensics;

/// <summary>What `egress trace` found about one project as a possible source of a leak.</summary>
public sealed record TraceCandidate
{
    public required string Project { get; init; }
    /// <summary>Confidence in [0, 1] that the project contributed to the leak (see docs/forensics.md).</summary>
    public required double Score { get; init; }
    /// <summary>True when the score passes the bar for naming the project as a source.</summary>
    public required bool Named { get; init; }
    /// <summary>Distinct participants of this project whose records or IDs are in the leak.</summary>
    public required int Participants { get; init; }
    /// <summary>The project's estimated share of the leak's matched records (or of its IDs when it holds no records).</summary>
    public required double Share { get; init; }
    /// <summary>Counts and bits behind the score; never values or IDs.</summary>
    public required TraceEvidence Evidence { get; init; }
}

/// <summary>The counts behind a candidate's score.</summary>
public sealed record TraceEvidence
{
    /// <summary>log2 likelihood ratio: the leak with this project among its sources against the best explanation without it.</summary>
    public required double Bits { get; init; }
    /// <summary>Matched records this project's extract holds in full.</summary>
    public required long RecordsHeld { get; init; }
    /// <summary>Matched records no other indexed project holds in full.</summary>
    public required long RecordsOnlyHere { get; init; }
    /// <summary>Matched records of people this project never had (participant subset).</summary>
    public required long RecordsOfOthers { get; init; }
    /// <summary>Matched records of its people that carry values its extract lacks (field subset).</summary>
    public required long RecordsBeyondFields { get; init; }
    /// <summary>Distinct IDs of this project in ID lists.</summary>
    public required int Ids { get; init; }
    /// <summary>Leak columns named as cohort fields that this project was never dispensed.</summary>
    public required IReadOnlyList<string> FieldsNotDispensed { get; init; }
}

/// <summary>The answer of `egress trace`: the projects the leaked files came from, ranked.</summary>
public sealed record TraceReport
{
    public required IReadOnlyList<string> Files { get; init; }
    public required long Bytes { get; init; }
    public required long ElapsedMs { get; init; }
    public required IReadOnlyList<TraceCandidate> Candidates { get; init; }
    /// <summary>Records matched to participants at or above the record bar.</summary>
    public required long RecordsMatched { get; init; }
    /// <summary>Matched records that no single indexed extract holds in full (a source outside the index, or merged data).</summary>
    public required long RecordsUnexplained { get; init; }
    /// <summary>The estimated share of the matched records from a source outside the index (or merged from several extracts).</summary>
    public required double OutsideShare { get; init; }
    /// <summary>How often, estimated from this leak, a record from outside the index falls wholly inside an indexed extract.</summary>
    public required double StrayRate { get; init; }
    public required double RecordBarBits { get; init; }
    public required long WindowsScanned { get; init; }
    /// <summary>Leak columns named as cohort fields (0 when the header was renamed or absent).</summary>
    public required int CohortFieldsNamed { get; init; }
    /// <summary>What stopped parts of the leak from being read: the result is then a lower bound.</summary>
    public required IReadOnlyList<string> NotRead { get; init; }
    public required int PartsRead { get; init; }
}
