using System.ComponentModel.DataAnnotations;

namespace Syntaskio.Jobs.Hosting;

/// <summary>
/// Hangfire tuned for seconds, not minutes (docs/sync-pipeline.md, same title). Section "Sync:Workers".
/// </summary>
public sealed class SyncWorkerOptions
{
    public const string Section = "Sync:Workers";

    /// <summary>Run a Hangfire server in this process. Off for an API-only node.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Syncs in flight at once in this process. A worker is held for a whole sync, vendor waits included, so by
    /// Little's law it takes the rate times the time a sync takes: 150 carry about 130 a second at 300 ms a vendor
    /// call (two or three calls, about 0.7 s a sync), what one 2-core node carries at 20 ms. Idle workers cost
    /// nothing: they wait on one LISTEN a process.
    /// </summary>
    [Range(1, 400)]
    public int WorkerCount { get; set; } = 150;

    /// <summary>
    /// Fallback poll of Hangfire's schedule. A retry is moved to the queue when it comes due, by the process that
    /// scheduled it (Queueing.DueJobScheduler); this poll covers a process that died before it could.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Fallback poll of the queue, one a process: a NOTIFY per enqueue wakes a worker at once; this finds a job whose
    /// fetch by a killed worker expired (after <see cref="InvisibilityTimeout"/>), which nothing announces.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A killed worker's job comes back after this; sliding invisibility keeps long jobs safe.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:30:00")]
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long this process's Hangfire work waits for a restarting database, asking every 250 ms, before it leaves
    /// the failure to Hangfire's own retries (seconds apart). Only where workers run: an API-only node answers at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan DatabaseOutageWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A server that stopped heartbeating is removed from the dashboard after this.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "00:30:00")]
    public TimeSpan ServerTimeout { get; set; } = TimeSpan.FromMinutes(1);
}
