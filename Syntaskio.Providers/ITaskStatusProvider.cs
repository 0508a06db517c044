using Syntaskio.Providers.Inbound;

namespace Syntaskio.Providers;

/// <summary>
/// Writes a task's status to the system it came from and confirms it by reading it back.
/// Failures are thrown as <see cref="TransientProviderException"/> (worth retrying) or
/// <see cref="PermanentProviderException"/> (retrying cannot help); never as null or a bare HTTP error.
/// </summary>
public interface ITaskStatusProvider
{
    Task<ProviderWriteResult> ApplyAsync(ProviderStatusChange change, ProviderConnection connection, CancellationToken cancellationToken);

    /// <summary>What a task of <paramref name="kind"/> can do at this vendor besides completing.</summary>
    TaskCapabilities CapabilitiesOf(string kind) => TaskCapabilities.CompleteAndReopen;

    /// <summary>
    /// What changed at the vendor since <paramref name="cursor"/> (null: every task there now), or null when this
    /// vendor's changes are not watched. <paramref name="knownTasks"/> reads the person's open tasks, for a vendor
    /// that can only be asked about each one.
    /// </summary>
    Task<TaskChangePage?> ReadChangesAsync(
        ProviderConnection connection, string? cursor, KnownTasks knownTasks, CancellationToken cancellationToken) =>
        Task.FromResult<TaskChangePage?>(null);

    /// <summary>
    /// As the other overload, after the vendor notified changes in <paramref name="notified"/> containers only: a
    /// vendor whose feed reads containers one by one (To Do's lists) reads just those. Empty: read everything.
    /// </summary>
    Task<TaskChangePage?> ReadChangesAsync(
        ProviderConnection connection, string? cursor, KnownTasks knownTasks, IReadOnlyCollection<string> notified,
        CancellationToken cancellationToken) =>
        ReadChangesAsync(connection, cursor, knownTasks, cancellationToken);

    /// <summary>Whether this vendor can notify us of changes (<see cref="SubscribeAsync"/>), besides polling.</summary>
    bool SendsChangeNotifications => false;

    /// <summary>
    /// Subscribes to change notifications for one container of the connection. The vendor checks
    /// <see cref="ChangeSubscriptionRequest.NotificationUrl"/> before it answers.
    /// </summary>
    Task<ChangeSubscription> SubscribeAsync(
        ProviderConnection connection, ChangeSubscriptionRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This vendor sends no change notifications.");

    /// <summary>Extends a subscription to <paramref name="expiresAt"/>; null when the vendor has it no more.</summary>
    Task<DateTimeOffset?> RenewAsync(
        ProviderConnection connection, string subscriptionId, DateTimeOffset expiresAt,
        CancellationToken cancellationToken) =>
        throw new NotSupportedException("This vendor sends no change notifications.");

    /// <summary>Ends a subscription; one the vendor no longer has is ended already.</summary>
    Task UnsubscribeAsync(ProviderConnection connection, string subscriptionId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This vendor sends no change notifications.");
}
