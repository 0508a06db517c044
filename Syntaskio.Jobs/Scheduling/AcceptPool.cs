namespace Syntaskio.Jobs.Scheduling;

/// <summary>
/// The accept path's own connections. A change's transaction (the task's status, its sync_jobs row and its Hangfire
/// job) draws from a pool of its own, so a request never waits behind busy workers for a connection: with one shared
/// pool, 100 workers held all of it at twice the sustained rate and the API's p99 reached 0.8 s. The data source and
/// the repositories and Hangfire client that <see cref="SyncScheduler"/> takes are registered under this key; they
/// must share it, because a transaction enlists one connection of one pool. The per-user write limit
/// (Persistence.UserWriteBucketRepository), which every change passes first, draws from it too.
/// </summary>
public static class AcceptPool
{
    public const string Key = "accept";

    /// <summary>
    /// Set on each of the pool's connections as it opens: their transactions send no NOTIFY
    /// (db/functions/emit_sync_event.sql, Queueing.NotifiedJobQueue), so a change's commit never waits for
    /// PostgreSQL's one NOTIFY commit lock behind the workers' commits. <see cref="AcceptAnnouncer"/> sends them once
    /// the change has committed.
    /// </summary>
    public const string AnnounceAfterCommit = "-c syntaskio.announce=after_commit";
}
