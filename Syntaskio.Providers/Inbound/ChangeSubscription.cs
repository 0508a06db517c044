namespace Syntaskio.Providers.Inbound;

/// <summary>
/// What to ask a vendor for: notifications of changes to one container of a connection (a To Do list), sent to
/// <see cref="NotificationUrl"/> with <see cref="ClientState"/> until <see cref="ExpiresAt"/>.
/// </summary>
public sealed record ChangeSubscriptionRequest(
    string ContainerId,
    Uri NotificationUrl,
    string ClientState,
    DateTimeOffset ExpiresAt
);

/// <summary>A subscription the vendor holds, by the vendor's id, and when it ends unless renewed.</summary>
public sealed record ChangeSubscription(string Id, string ContainerId, DateTimeOffset ExpiresAt);
