using Microsoft.Graph;
using Microsoft.Graph.Models;
using Syntaskio.Providers.Inbound;

namespace Syntaskio.Providers.Microsoft;

/// <summary>
/// Graph change notifications for one To Do list: POST /subscriptions on /me/todo/lists/{id}/tasks (created,
/// updated, deleted), PATCH to renew, DELETE to end. Graph validates the notification URL (and the lifecycle one, at
/// "{notification URL}/lifecycle", where Graph says a subscription needs renewing, was removed or missed
/// notifications) before it answers the POST.
/// </summary>
internal sealed class MicrosoftTodoSubscriptions(GraphServiceClient graph, TimeProvider time)
{
    private const string ChangeTypes = "created,updated,deleted";

    public async Task<ChangeSubscription> SubscribeAsync(
        ChangeSubscriptionRequest request,
        CancellationToken cancellationToken
    )
    {
        var subscription = new Subscription
        {
            ChangeType = ChangeTypes,
            NotificationUrl = request.NotificationUrl.ToString(),
            LifecycleNotificationUrl = LifecycleUrlOf(request.NotificationUrl),
            Resource = $"/me/todo/lists/{request.ContainerId}/tasks",
            ExpirationDateTime = request.ExpiresAt,
            ClientState = request.ClientState,
        };
        var created = await GraphCall.RunAsync(
            () => graph.Subscriptions.PostAsync(subscription, cancellationToken: cancellationToken),
            time,
            cancellationToken
        );
        if (created?.Id is not { } id)
            throw new TransientProviderException("Microsoft Graph answered the subscription without its id.");
        return new ChangeSubscription(id, request.ContainerId, created.ExpirationDateTime ?? request.ExpiresAt);
    }

    public static string LifecycleUrlOf(Uri notificationUrl) => $"{notificationUrl.ToString().TrimEnd('/')}/lifecycle";

    public async Task<DateTimeOffset?> RenewAsync(
        string subscriptionId,
        DateTimeOffset expiresAt,
        CancellationToken cancellationToken
    )
    {
        try
        {
            var renewed = await GraphCall.RunAsync(
                () =>
                    graph
                        .Subscriptions[subscriptionId]
                        .PatchAsync(
                            new Subscription { ExpirationDateTime = expiresAt },
                            cancellationToken: cancellationToken
                        ),
                time,
                cancellationToken
            );
            return renewed?.ExpirationDateTime ?? expiresAt;
        }
        catch (ProviderException gone) when (gone.HttpStatus == 404)
        {
            return null;
        }
    }

    public async Task UnsubscribeAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        try
        {
            await GraphCall.RunAsync(
                async () =>
                {
                    await graph.Subscriptions[subscriptionId].DeleteAsync(cancellationToken: cancellationToken);
                    return true;
                },
                time,
                cancellationToken
            );
        }
        catch (ProviderException gone) when (gone.HttpStatus == 404) { }
    }
}
