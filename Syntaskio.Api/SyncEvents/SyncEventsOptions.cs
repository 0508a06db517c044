using System.ComponentModel.DataAnnotations;

namespace Syntaskio.Api.SyncEvents;

/// <summary>The event stream's timings. Section "Sync:Events".</summary>
public sealed class SyncEventsOptions
{
    public const string Section = "Sync:Events";

    /// <summary>
    /// A comment-like heartbeat event on an idle stream, so proxies keep it open and clients see it alive.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// An idle stream re-reads the database this often even without a NOTIFY (one lost while reconnecting). The
    /// NOTIFY is the main path; this only bounds the delay when one is lost.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan FallbackPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether this process LISTENs for the events' NOTIFY; off, streams see events only on the fallback poll.
    /// </summary>
    public bool Listen { get; set; } = true;

    /// <summary>
    /// A person's open streams, counted over every API node in PostgreSQL; one more closes the person's oldest with
    /// stream.closed (reason superseded).
    /// </summary>
    [Range(1, 1000)]
    public int MaxStreamsPerUser { get; set; } = 10;

    /// <summary>Open streams from one client address on one API node; one more is refused with 429.</summary>
    [Range(1, 100_000)]
    public int MaxStreamsPerAddress { get; set; } = 100;

    /// <summary>How long an EventSource ticket works.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:10:00")]
    public TimeSpan TicketLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Events older than this are deleted; a client away longer reloads its tasks instead of resuming.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
}
