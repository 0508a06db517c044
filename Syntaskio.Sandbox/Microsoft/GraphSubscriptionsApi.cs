using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Syntaskio.Sandbox.Microsoft;

/// <summary>
/// POST, PATCH and DELETE /v1.0/subscriptions for To Do lists, as Graph's subscription resource documents them:
/// resource /me/todo/lists/{id}/tasks, a notificationUrl that passes validation before the 201, an
/// expirationDateTime at most 4,230 minutes ahead, and clientState echoed in each notification. Graph requires
/// HTTPS; the emulator also takes HTTP on loopback, where the service under test listens. GET
/// /_sandbox/microsoft/subscriptions and /_sandbox/microsoft/notifications show what is held and what was sent;
/// DELETE /_sandbox/microsoft/subscriptions drops every subscription without telling anyone, as when Graph loses them.
/// </summary>
public static partial class GraphSubscriptionsApi
{
    public const string TenantId = "sandbox-tenant";
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(4230);
    private const int MaxClientStateLength = 128;

    public static void MapGraphSubscriptionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost($"{GraphTodoApi.BasePath}/subscriptions", Create);
        app.MapPatch($"{GraphTodoApi.BasePath}/subscriptions/{{id}}", Renew);
        app.MapDelete($"{GraphTodoApi.BasePath}/subscriptions/{{id}}", Delete);
        app.MapGet("/_sandbox/microsoft/subscriptions", (GraphSubscriptionStore store) => TypedResults.Ok(
                store.All.Select(each => new
                {
                    each.Id,
                    each.Resource,
                    each.NotificationUrl,
                    each.LifecycleNotificationUrl,
                    each.ExpiresAt,
                })
            ));
        app.MapGet("/_sandbox/microsoft/notifications", (GraphSubscriptionStore store) =>
            TypedResults.Ok(store.Deliveries)
        );
        app.MapDelete("/_sandbox/microsoft/subscriptions", (GraphSubscriptionStore store) =>
        {
            store.Clear();
            return TypedResults.NoContent();
        });
    }

    public static async Task Create(
        HttpContext context,
        TodoStore todo,
        GraphSubscriptionStore store,
        TimeProvider time
    )
    {
        if (await GraphTodoApi.Authenticate(context, todo) is not { } token)
            return;
        if (await ReadBody(context) is not { } body)
            return;
        var now = time.GetUtcNow();
        var resource = Text(body, "resource");
        var match = resource is null ? null : TodoTasksResource().Match(resource);
        var changeTypes = Text(body, "changeType")?.Split(',') ?? [];
        var clientState = Text(body, "clientState");
        if (match is not { Success: true } || !todo.Lists(token).Contains(match.Groups["list"].Value))
        {
            await GraphErrors.Write(context, 404, "ResourceNotFound", $"Resource '{resource}' was not found.");
            return;
        }
        if (changeTypes.Length == 0 || changeTypes.Any(type => type is not ("created" or "updated" or "deleted")))
        {
            await GraphErrors.Write(context, 400, "InvalidRequest", "changeType must list created, updated, deleted.");
            return;
        }
        if (clientState is { Length: > MaxClientStateLength })
        {
            await GraphErrors.Write(context, 400, "InvalidRequest", "clientState is limited to 128 characters.");
            return;
        }
        if (await CheckExpiration(context, body, now) is not { } expiresAt)
            return;
        if (
            !Uri.TryCreate(Text(body, "notificationUrl"), UriKind.Absolute, out var notificationUrl)
            || !IsReachable(notificationUrl)
        )
        {
            await GraphErrors.Write(context, 400, "InvalidRequest", "The notificationUrl must be an HTTPS address.");
            return;
        }
        Uri? lifecycleUrl = null;
        if (
            Text(body, "lifecycleNotificationUrl") is { } lifecycle
            && (!Uri.TryCreate(lifecycle, UriKind.Absolute, out lifecycleUrl) || !IsReachable(lifecycleUrl))
        )
        {
            await GraphErrors.Write(context, 400, "InvalidRequest", "The lifecycleNotificationUrl must be HTTPS.");
            return;
        }
        var failure = await store.ValidateAsync(notificationUrl, context.RequestAborted);
        if (failure is null && lifecycleUrl is not null)
            failure = await store.ValidateAsync(lifecycleUrl, context.RequestAborted);
        if (failure is not null)
        {
            await GraphErrors.Write(
                context,
                400,
                "InvalidRequest",
                $"Subscription validation request failed. Notification endpoint must respond with 200 OK to "
                    + $"validation request: {failure}."
            );
            return;
        }
        var subscription = new GraphSubscription
        {
            Id = Guid.NewGuid().ToString(),
            Mailbox = todo.MailboxOf(token)!,
            ListId = match.Groups["list"].Value,
            Resource = resource!,
            ChangeTypes = changeTypes,
            NotificationUrl = notificationUrl,
            LifecycleNotificationUrl = lifecycleUrl,
            ClientState = clientState,
            ExpiresAt = expiresAt,
        };
        store.Add(subscription);
        await GraphTodoApi.WriteJson(context, 201, Render(subscription));
    }

    public static async Task Renew(
        HttpContext context,
        string id,
        TodoStore todo,
        GraphSubscriptionStore store,
        TimeProvider time
    )
    {
        if (await GraphTodoApi.Authenticate(context, todo) is not { } token)
            return;
        if (store.Find(todo.MailboxOf(token)!, id) is not { } subscription)
        {
            await GraphErrors.Write(context, 404, "ResourceNotFound", $"The object was not found: subscription {id}.");
            return;
        }
        if (await ReadBody(context) is not { } body)
            return;
        if (await CheckExpiration(context, body, time.GetUtcNow()) is not { } expiresAt)
            return;
        subscription.ExpiresAt = expiresAt;
        await GraphTodoApi.WriteJson(context, 200, Render(subscription));
    }

    public static async Task Delete(HttpContext context, string id, TodoStore todo, GraphSubscriptionStore store)
    {
        if (await GraphTodoApi.Authenticate(context, todo) is not { } token)
            return;
        if (!store.Remove(todo.MailboxOf(token)!, id))
        {
            await GraphErrors.Write(context, 404, "ResourceNotFound", $"The object was not found: subscription {id}.");
            return;
        }
        context.Response.StatusCode = 204;
    }

    private static async Task<DateTimeOffset?> CheckExpiration(HttpContext context, JsonObject body, DateTimeOffset now)
    {
        if (!DateTimeOffset.TryParse(Text(body, "expirationDateTime"), out var expiresAt) || expiresAt <= now)
        {
            await GraphErrors.Write(context, 400, "InvalidRequest", "expirationDateTime must be a time in the future.");
            return null;
        }
        if (expiresAt > now + MaxLifetime)
        {
            await GraphErrors.Write(
                context,
                400,
                "InvalidRequest",
                $"Subscription expiration can only be {MaxLifetime.TotalMinutes} minutes in the future."
            );
            return null;
        }
        return expiresAt.ToUniversalTime();
    }

    private static async Task<JsonObject?> ReadBody(HttpContext context)
    {
        try
        {
            if (
                await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted)
                is JsonObject body
            )
                return body;
        }
        catch (JsonException) { }
        await GraphErrors.Write(context, 400, "BadRequest", "Unable to read JSON request payload.");
        return null;
    }

    private static string? Text(JsonObject body, string name) =>
        body[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static JsonObject Render(GraphSubscription subscription) =>
        new()
        {
            ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#subscriptions/$entity",
            ["id"] = subscription.Id,
            ["resource"] = subscription.Resource,
            ["applicationId"] = "00000000-0000-0000-0000-000000000000",
            ["changeType"] = string.Join(',', subscription.ChangeTypes),
            ["clientState"] = subscription.ClientState,
            ["notificationUrl"] = subscription.NotificationUrl.ToString(),
            ["lifecycleNotificationUrl"] = subscription.LifecycleNotificationUrl?.ToString(),
            ["expirationDateTime"] = subscription.ExpiresAt.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ"),
            ["creatorId"] = subscription.Mailbox,
            ["latestSupportedTlsVersion"] = "v1_2",
        };

    // Graph requires HTTPS; the emulator also takes HTTP on loopback, where the service under test listens.
    private static bool IsReachable(Uri url) =>
        url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp && url.IsLoopback;

    [GeneratedRegex("^/?me/todo/lists/(?<list>[^/]+)/tasks$")]
    private static partial Regex TodoTasksResource();
}
