namespace Egress.Cohort.Fingerprinting;

/// <summary>One project's symmetric Tardos score against a leak.</summary>
public sealed record ProjectAccusation
{
    public required string Project { get; init; }
    /// <summary>False for a project dispensed unmarked: it is scored like any other (it can only look innocent) but never accused.</summary>
    public required bool Fingerprinted { get; init; }
    /// <summary>Positions read from the leak that this project was dispensed (its participant and its column).</summary>
    public required long Positions { get; init; }
    public required double Score { get; init; }
    /// <summary>The score an innocent project exceeds with probability at most ε₁ over this many positions.</summary>
    public required double Threshold { get; init; }
    /// <summary>Enough positions that a lone leaker would be expected to pass the threshold.</summary>
    public required bool Decidable { get; init; }
    public required bool Accused { get; init; }
}

/// <summary>What fingerprint detection read from a leak, and whom it accuses. Counts and scores only.</summary>
public sealed record FingerprintReport
{
    public required long RowsRead { get; init; }
    /// <summary>Rows matched to one master participant.</summary>
    public required long RowsAligned { get; init; }
    /// <summary>Distinct code positions (participant × column) whose extra digit was read.</summary>
    public required long PositionsRead { get; init; }
    /// <summary>Positions whose digit is neither of the two the code uses there: a sign of tampering (still read by its half).</summary>
    public required long ForeignDigits { get; init; }
    public required double Cutoff { get; init; }
    /// <summary>ε₁: the bound on the probability that a given innocent project is accused.</summary>
    public required double Epsilon { get; init; }
    /// <summary>Fewer positions than this, and nobody is accused (too small to decide).</summary>
    public required long MinimumPositions { get; init; }
    public required IReadOnlyList<ProjectAccusation> Projects { get; init; }

    public IEnumerable<string> Accused => Projects.Where(p => p.Accused).Select(p => p.Project);
}
