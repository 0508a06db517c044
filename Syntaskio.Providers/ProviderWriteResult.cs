namespace Syntaskio.Providers;

/// <summary>
/// The vendor-side state read back after a write: the proof that the change landed. <see cref="PriorState"/> is
/// the vendor state the write replaced (JSON), kept so a later reopen can restore it; <see cref="Detail"/> says
/// what else the write caused at the vendor (for example, a process that advanced). <see cref="VendorModifiedAt"/> is
/// the vendor's modification time of the object after the write, where the vendor reports one: the change feed
/// recognises our own write coming back by it. <see cref="Status"/> is the task's state after the write in our
/// words, where it may differ from the one asked for: ConnectWise's reopen restores the status a ticket had before
/// it was closed, which may be one being worked on.
/// </summary>
public sealed record ProviderWriteResult(
    string VendorStatus,
    bool Done,
    string? PriorState = null,
    string? Detail = null,
    DateTimeOffset? VendorModifiedAt = null,
    TargetStatus? Status = null
);
