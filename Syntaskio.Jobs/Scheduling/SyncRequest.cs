using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Jobs.Scheduling;

/// <summary>What became of a status change request.</summary>
public sealed record SyncRequestResult(SyncRequestOutcome Outcome, SyncJobRecord? Job = null);

public enum SyncRequestOutcome
{
    /// <summary>Recorded now, with its sync job scheduled.</summary>
    Accepted,

    /// <summary>The Idempotency-Key was seen before for this request: the original job, nothing new written.</summary>
    Replayed,

    /// <summary>The caller has no such task.</summary>
    TaskNotFound,

    /// <summary>The Idempotency-Key was used before for a different task or action.</summary>
    KeyReused,
}
