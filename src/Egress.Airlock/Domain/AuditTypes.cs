namespace Egress.Airlock;

/// <summary>One row of the append-only audit log; Hash = SHA-256(PrevHash || canonical bytes of the event).</summary>
public sealed record AuditEvent(long Seq, DateTimeOffset At, string Actor, string Action, string Subject, string DetailsJson,
    string PrevHash, string Hash);

/// <summary>A page of the audit log, newest first; Before is what to ask for next (null at the start of the log).</summary>
public sealed record AuditPage(IReadOnlyList<AuditEvent> Events, long? Before);

/// <summary>The result of walking the chain: ok with the count, or the first broken link.</summary>
public sealed record AuditVerification(bool Ok, long Events, long? BrokenSeq, string Message);
