namespace Syntaskio.Sandbox.Microsoft;

/// <summary>
/// Graph's lifecycle notifications, sent on demand to a subscription's lifecycleNotificationUrl:
/// <c>POST /_sandbox/microsoft/subscriptions/{id}/lifecycle {"lifecycleEvent": ...}</c>. reauthorizationRequired
/// asks the subscriber to renew; subscriptionRemoved follows Graph dropping the subscription (the emulator drops it
/// first); missed says notifications were lost and the resource must be read.
/// </summary>
public static class GraphLifecycleApi
{
    private static readonly string[] Events = ["reauthorizationRequired", "subscriptionRemoved", "missed"];

    public static void MapGraphLifecycleApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/_sandbox/microsoft/subscriptions/{id}/lifecycle", SendAsync);

    public static async Task<IResult> SendAsync(string id, LifecycleRequest request, GraphSubscriptionStore store)
    {
        if (!Events.Contains(request.LifecycleEvent))
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    ["lifecycleEvent"] = [$"lifecycleEvent must be one of {string.Join(", ", Events)}."],
                }
            );
        if (store.Get(id) is not { LifecycleNotificationUrl: not null } subscription)
            return TypedResults.NotFound();
        if (request.LifecycleEvent == "subscriptionRemoved")
            store.Drop(id);
        var status = await store.DeliverLifecycleAsync(subscription, request.LifecycleEvent!);
        return TypedResults.Ok(new { status });
    }
}

public sealed record LifecycleRequest(string? LifecycleEvent);
