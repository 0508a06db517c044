namespace Syntaskio.Providers.Inbound;

/// <summary>
/// Change notifications, besides polling: a client whose vendor can call us when a task changes implements it.
/// </summary>
public interface ITaskChangeSubscriptions
{
    /// <summary>
    /// Subscribes to change notifications for one container of the connection. The vendor checks
    /// <see cref="ChangeSubscriptionRequest.NotificationUrl"/> before it answers.
    /// </summary>
    Task<ChangeSubscription> SubscribeAsync(
        ProviderConnection connection,
        ChangeSubscriptionRequest request,
        CancellationToken cancellationToken
    );

    /// <summary>Extends a subscription to <paramref name="expiresAt"/>; null when the vendor has it no more.</summary>
    Task<DateTimeOffset?> RenewAsync(
        ProviderConnection connection,
        string subscriptionId,
        DateTimeOffset expiresAt,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// What the connection's subscriptions are shared by, or null when they are its own: a ConnectWise callback
    /// covers the whole company, so every connection of that company shares one.
    /// </summary>
    string? SharedScopeOf(ProviderConnection connection);

    /// <summary>Ends a subscription; one the vendor no longer has is ended already.</summary>
    Task UnsubscribeAsync(ProviderConnection connection, string subscriptionId, CancellationToken cancellationToken);
}
