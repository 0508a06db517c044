namespace Syntaskio.Providers;

/// <summary>
/// What to change at the vendor: the task's kind and ids as the vendor knows them, and the status wanted.
/// <paramref name="RestoreState"/> is the vendor state (JSON) that the last completion replaced, captured by that
/// write's <see cref="ProviderWriteResult.PriorState"/>; a reopen puts it back where the vendor has no plain "open".
/// <paramref name="ExpectedVendorStatus"/> is the vendor status our last confirmed sync of the task saw; a
/// different one now is a conflict (<see cref="ProviderConflictException"/>).
/// </summary>
public sealed record ProviderStatusChange(
    string Kind,
    string ExternalId,
    string? ContainerId,
    TargetStatus Target,
    string? RestoreState = null,
    string? ExpectedVendorStatus = null
);
