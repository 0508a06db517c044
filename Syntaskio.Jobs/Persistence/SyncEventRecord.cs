namespace Syntaskio.Jobs.Persistence;

/// <summary>
/// One sync_events row: a change of a sync job's state or of a task at its vendor, as the event stream sends it.
/// </summary>
public sealed class SyncEventRecord
{
    public long Id { get; init; }
    public Guid? TaskId { get; init; }
    public Guid? SyncJobId { get; init; }

    /// <summary>For a connection's event (connection.needs_reconnect): the provider.</summary>
    public string? Provider { get; init; }
    public string Type { get; init; } = "";
    public string TaskStatus { get; init; } = "";
    public int Attempt { get; init; }
    public DateTime? NextAttemptAt { get; init; }
    public string? Error { get; init; }

    /// <summary>For a change made at the vendor (task.changed): the status the vendor shows, in its words.</summary>
    public string? VendorStatus { get; init; }
    public DateTime CreatedAt { get; init; }

    /// <summary>The transaction that wrote it (xid8 as text): with the id, the event's place in the stream.</summary>
    public string Tx { get; init; } = "";

    /// <summary>False while a transaction older than this event's is still open: it must not be sent yet.</summary>
    public bool Settled { get; init; }
}
