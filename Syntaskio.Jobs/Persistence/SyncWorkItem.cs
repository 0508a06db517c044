namespace Syntaskio.Jobs.Persistence;

/// <summary>
/// A claimed sync job joined with the task it writes: everything a provider call needs but the credentials.
/// </summary>
public sealed class SyncWorkItem
{
    public Guid Id { get; init; }
    public Guid UserId { get; init; }
    public string Source { get; init; } = "";
    public string TargetStatus { get; init; } = "";

    /// <summary>The vendor state a reopen should restore (JSON), when the last completion captured one.</summary>
    public string? RestoreState { get; init; }

    /// <summary>The vendor status our last confirmed sync of this task saw, if any.</summary>
    public string? ExpectedVendorStatus { get; init; }
    public int Attempts { get; init; }

    /// <summary>When the user asked for the change: the start of the sync latency.</summary>
    public DateTime CreatedAt { get; init; }

    /// <summary>When this run may call the provider: a retry's delay or a deferral measured from the failure.</summary>
    public DateTime DueAt { get; init; }

    /// <summary>When the job was first deferred without a provider call, if it is waiting on one.</summary>
    public DateTime? DeferredSince { get; init; }
    public string Kind { get; init; } = "";
    public string ExternalId { get; init; } = "";
    public string? ExternalContainerId { get; init; }
}
