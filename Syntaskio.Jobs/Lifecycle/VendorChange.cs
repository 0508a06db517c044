namespace Syntaskio.Jobs.Lifecycle;

/// <summary>A task's state as its vendor's change feed reports it; <paramref name="Status"/> in our words.</summary>
public sealed record VendorChange(
    Guid UserId,
    string Source,
    string Kind,
    string? ContainerId,
    string ExternalId,
    string? Title,
    string Status,
    string? VendorStatus,
    DateTimeOffset? ModifiedAt
);

/// <summary>What became of a vendor change (see SyncLifecycleRepository.ApplyVendorChangeAsync).</summary>
public enum VendorChangeOutcome
{
    /// <summary>The task took the vendor's status and the person's stream was told.</summary>
    Applied,

    /// <summary>The task is ours, but the change was not news (in flight, not newer, or the same status).</summary>
    Kept,

    /// <summary>No such task of the person's here.</summary>
    Missing,
}
