using Microsoft.Extensions.Logging;
using Syntaskio.Jobs.Persistence;

namespace Syntaskio.Jobs.Inbound;

/// <summary>
/// A vendor's notifications that something changed: each container named by a subscription we hold, with that
/// subscription's own clientState, is read at once. Anything else is dropped: the poll finds real changes anyway.
/// </summary>
public sealed class ChangeNotifications(
    ChangeSubscriptionRepository subscriptions,
    ConnectionWatchRepository watches,
    ILogger<ChangeNotifications> logger
)
{
    /// <summary>How many notifications named a connection we hold; the rest were ignored.</summary>
    public async Task<int> AcceptAsync(
        IReadOnlyList<(string SubscriptionId, string ClientState)> notifications,
        CancellationToken cancellationToken
    )
    {
        var notified = await subscriptions.ConnectionsNotifiedAsync(notifications, cancellationToken);
        var connections = notified.Select(each => (each.ConnectionId, each.ContainerId)).Distinct().ToList();
        await watches.NotifiedAsync(connections, cancellationToken);
        if (connections.Count == 0 && notifications.Count > 0)
        {
            logger.LogWarning(
                "Ignored {Count} change notifications: no subscription of ours with that clientState",
                notifications.Count
            );
        }
        return connections.Count;
    }

    /// <summary>
    /// Graph's lifecycle notifications, each checked as a change notification is: reauthorizationRequired renews the
    /// subscription and subscriptionRemoved makes it again, both at a read of every container of the connection now;
    /// missed reads the subscription's container now. How many named a subscription we hold.
    /// </summary>
    public async Task<int> AcceptLifecycleAsync(
        IReadOnlyList<(string SubscriptionId, string ClientState, string LifecycleEvent)> notifications,
        CancellationToken cancellationToken
    )
    {
        var held = await subscriptions.ConnectionsNotifiedAsync(
            notifications.Select(each => (each.SubscriptionId, each.ClientState)).ToList(),
            cancellationToken
        );
        var reads = new List<(Guid, string)>();
        foreach (var (subscriptionId, _, lifecycleEvent) in notifications)
        {
            if (held.FirstOrDefault(each => each.SubscriptionId == subscriptionId) is not { } subscription)
                continue;
            switch (lifecycleEvent)
            {
                case "reauthorizationRequired":
                    await subscriptions.ExpireAsync(subscriptionId, cancellationToken);
                    reads.Add((subscription.ConnectionId, ConnectionWatchRepository.EveryContainer));
                    break;
                case "subscriptionRemoved":
                    await subscriptions.RemoveAsync(subscriptionId, cancellationToken);
                    reads.Add((subscription.ConnectionId, ConnectionWatchRepository.EveryContainer));
                    break;
                case "missed":
                    reads.Add((subscription.ConnectionId, subscription.ContainerId));
                    break;
            }
        }
        await watches.NotifiedAsync(reads, cancellationToken);
        return held.Count;
    }

    /// <summary>
    /// A notification that names its connections by the secret in its address (ConnectWise's callbacks, one per
    /// company) and a record: true when a connection's person has the record as a task; each such connection, and no
    /// other, is polled at once.
    /// </summary>
    public async Task<bool> AcceptRecordAsync(string secret, string recordId, CancellationToken cancellationToken)
    {
        var notified = await subscriptions.ConnectionsOfRecordAsync(secret, recordId, cancellationToken);
        await watches.NotifiedAsync(notified, cancellationToken);
        return notified.Count > 0;
    }
}
