using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Providers;
using Syntaskio.Providers.Calls;
using Syntaskio.Providers.Holds;
using Syntaskio.Providers.Inbound;

namespace Syntaskio.Jobs.Inbound;

/// <summary>
/// Keeps one vendor subscription per container a connection's poll read (docs/two-way.md): subscribes the new ones,
/// renews those past half their life (subscribing again when the vendor lost one) and ends those of containers gone.
/// A subscription that covers more than the connection (a ConnectWise company's callback) is shared: a connection of
/// the same scope joins it instead of making another, any of them keeps it, and the last to go ends it
/// (<see cref="ReleaseAsync"/>).
/// A container whose subscription failed is tried again after <see cref="FailurePause"/>, not on every poll.
/// </summary>
public sealed class ChangeSubscriptions(
    ChangeSubscriptionRepository subscriptions,
    IOptions<InboundOptions> options,
    TimeProvider time,
    ILogger<ChangeSubscriptions> logger
)
{
    /// <summary>The path under Sync:Inbound:PublicBaseUrl where the API takes a vendor's notifications (WebhooksApi).
    /// </summary>
    public static string WebhookPathOf(string provider) => $"webhooks/{provider}";

    private static readonly TimeSpan FailurePause = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<(Guid, string), DateTimeOffset> failedUntil = new();

    public async Task KeepAsync(
        WatchedConnection watched,
        ProviderConnection connection,
        ITaskChangeSubscriptions? provider,
        IReadOnlyList<string> containers,
        CancellationToken cancellationToken
    )
    {
        if (options.Value.PublicBaseUrl is not { } baseUrl || provider is null)
            return;
        var connectionId = watched.Connection.Id;
        var lifetime = options.Value.SubscriptionLifetime;
        var now = time.GetUtcNow();
        var held = await subscriptions.ListAsync(connectionId, cancellationToken);
        foreach (var gone in held.Where(each => !containers.Contains(each.ContainerId)))
        {
            await TryAsync(connectionId, gone.ContainerId, async () =>
            {
                await provider.UnsubscribeAsync(connection, gone.Id, cancellationToken);
                await subscriptions.RemoveAsync(gone.Id, cancellationToken);
            });
        }
        var scope = provider.SharedScopeOf(connection);
        foreach (var container in containers)
        {
            var current = held.FirstOrDefault(each => each.ContainerId == container);
            // A company's callback, made by another member's connection, is this one's too; the scope's lock keeps
            // members polled at once from making one each.
            await using var shared = scope is null
                ? null
                : await subscriptions.LockScopeAsync(scope, cancellationToken);
            if (
                current is null
                && scope is not null
                && await subscriptions.JoinAsync(connectionId, scope, container, cancellationToken) is not null
            )
                continue;
            if (current is not null && current.ExpiresAt - now > lifetime / 2)
                continue;
            if (failedUntil.TryGetValue((connectionId, container), out var until) && until > now)
                continue;
            await TryAsync(connectionId, container, async () =>
            {
                var renewed = current is null
                    ? null
                    : await provider.RenewAsync(connection, current.Id, now + lifetime, cancellationToken);
                if (renewed is { } expiresAt)
                {
                    await subscriptions.RenewedAsync(current!.Id, expiresAt, cancellationToken);
                    return;
                }
                // Hex: ConnectWise carries it in the URL's path.
                var clientState = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
                var notificationUrl = new Uri($"{baseUrl.ToString().TrimEnd('/')}/{WebhookPathOf(watched.Provider)}");
                var request = new ChangeSubscriptionRequest(container, notificationUrl, clientState, now + lifetime);
                var created = await provider.SubscribeAsync(connection, request, cancellationToken);
                await subscriptions.SaveAsync(connectionId, created, clientState, scope, cancellationToken);
            });
        }
    }

    /// <summary>
    /// A connection is going: the subscriptions no other connection shares are ended at the vendor first. Best
    /// effort: a vendor that cannot be reached leaves a subscription it will drop by itself (expiry, or ConnectWise
    /// disabling a callback that fails).
    /// </summary>
    public async Task ReleaseAsync(
        ProviderConnection connection,
        ITaskChangeSubscriptions? provider,
        string connectionKey,
        CancellationToken cancellationToken
    )
    {
        if (provider is null)
            return;
        using var call = VendorCallScope.For(connectionKey);
        foreach (var subscriptionId in await subscriptions.HeldAloneAsync(connection.Id, cancellationToken))
        {
            try
            {
                await provider.UnsubscribeAsync(connection, subscriptionId, cancellationToken);
            }
            catch (Exception exception) when (exception is ProviderException or ProviderHeldException)
            {
                logger.LogWarning(
                    "Ending subscription {SubscriptionId} of connection {ConnectionId} failed: {Error}",
                    subscriptionId,
                    connection.Id,
                    exception.Message
                );
            }
        }
    }

    // A subscription that cannot be made leaves the connection polled as before: logged, and tried again later.
    private async Task TryAsync(Guid connectionId, string container, Func<Task> change)
    {
        try
        {
            await change();
            failedUntil.TryRemove((connectionId, container), out _);
        }
        catch (ProviderException exception)
        {
            failedUntil[(connectionId, container)] = time.GetUtcNow() + FailurePause;
            logger.LogWarning(
                "Change notifications for {ContainerId} of connection {ConnectionId} failed: {Error}",
                container,
                connectionId,
                exception.Message
            );
        }
    }
}
