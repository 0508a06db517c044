namespace Syntaskio.Providers;

/// <summary>
/// What to change at the vendor: the task's kind and ids as the vendor knows them, and the status wanted.
/// <paramref name="OriginalData"/> is what the job saw before the change (JSON), for providers that must restore it.
/// </summary>
public sealed record ProviderStatusChange(
    string Kind,
    string ExternalId,
    string? ContainerId,
    TargetStatus Target,
    string? OriginalData = null);
