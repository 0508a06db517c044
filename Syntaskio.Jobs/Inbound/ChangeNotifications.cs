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
        var connections = await subscriptions.ConnectionsNotifiedAsync(notifications, cancellationToken);
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
    /// A notification that names its connection by the secret in its address (ConnectWise's callbacks) and a record:
    /// true when that connection's person has the record as a task, and the connection will be polled at once.
    /// </summary>
    public async Task<bool> AcceptRecordAsync(string secret, string recordId, CancellationToken cancellationToken)
    {
        if (await subscriptions.ConnectionOfRecordAsync(secret, recordId, cancellationToken) is not { } notified)
            return false;
        await watches.NotifiedAsync([notified], cancellationToken);
        return true;
    }
}
