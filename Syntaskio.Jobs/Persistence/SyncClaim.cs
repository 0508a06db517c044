namespace Syntaskio.Jobs.Persistence;

/// <summary>
/// What claiming a sync job found: work to do, with the person's stored connection for its provider (null when they
/// have none) and that connection's circuit (null when it has never failed); or why there is no work now.
/// </summary>
public sealed record SyncClaim(
    SyncClaimOutcome Outcome,
    SyncWorkItem? Work = null,
    StoredConnection? Connection = null,
    CircuitState? Circuit = null
);

public enum SyncClaimOutcome
{
    /// <summary>Ours to write now.</summary>
    Claimed,

    /// <summary>Already completed or deleted: jobs run at least once, so a second run does nothing.</summary>
    Done,

    /// <summary>A newer change to the same task exists: the latest intent wins, this one writes nothing.</summary>
    Superseded,

    /// <summary>Another change to the same task is being written right now; try again shortly.</summary>
    TaskBusy,
}
