using Egress.Core;

namespace Egress.Airlock;

/// <summary>Where the airlock keeps its state and what it applies.</summary>
public sealed record AirlockOptions
{
    /// <summary>
    /// The data folder: egress.db (SQLite), quarantine/, index/ (and index.key beside it). Held as a full path
    /// (against the current directory when given relative): the web host would otherwise resolve it against
    /// the binary's folder.
    /// </summary>
    public required string DataDir { get; init => field = Path.GetFullPath(value); }
    /// <summary>null for SQLite in DataDir; else postgres://user:pass@host:port/db or an Npgsql connection string.</summary>
    public string? Database { get; init; }
    public Policy Policy { get; init; } = Policy.Default;
    /// <summary>PBKDF2 iterations for new passwords (verification reads them from the stored hash): tests use fewer.</summary>
    public int PasswordIterations { get; init; } = PasswordHasher.DefaultIterations;
    /// <summary>How long a worker's claim on a check lasts unless renewed.</summary>
    public TimeSpan CheckLease { get; init; } = DefaultCheckLease;
    public static readonly TimeSpan DefaultCheckLease = TimeSpan.FromSeconds(60);
    /// <summary>How often a waiting worker looks for new checks.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);
    /// <summary>Threads one check uses inside the engine.</summary>
    public int EngineThreads { get; init; } = 1;
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The cohort index folder (its key beside it, as `egress index build` leaves it); default DATA/index.</summary>
    public string? IndexPath { get; init => field = value is null ? null : Path.GetFullPath(value); }

    public string IndexDir => IndexPath ?? Path.Combine(DataDir, "index");
    public string QuarantineDir => Path.Combine(DataDir, "quarantine");
    public string SqlitePath => Path.Combine(DataDir, "egress.db");
}
