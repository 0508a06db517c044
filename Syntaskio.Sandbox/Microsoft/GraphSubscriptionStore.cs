using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Syntaskio.Sandbox.Microsoft;

/// <summary>
/// Graph's change notifications for To Do lists: subscriptions by mailbox and list, the validation request a new
/// subscription's notificationUrl must answer (the token back as text/plain, 200, within 10 s), and a
/// changeNotificationCollection POSTed to each live subscription of a list when one of its tasks changes. As Graph
/// does for todoTask, a notification names the task but carries none of its data. Each delivery is tried once and
/// kept in <see cref="Deliveries"/>.
/// </summary>
public sealed class GraphSubscriptionStore
{
    public static readonly TimeSpan ValidationTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(30);
    private readonly HttpClient http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly ConcurrentDictionary<string, GraphSubscription> subscriptions = new();
    private readonly ConcurrentQueue<NotificationDelivery> deliveries = new();
    private readonly TimeProvider time;

    public GraphSubscriptionStore(TodoStore todo, TimeProvider time)
    {
        this.time = time;
        todo.Changed += change => _ = DeliverAsync(change);
    }

    public IEnumerable<GraphSubscription> All => subscriptions.Values;

    public IEnumerable<NotificationDelivery> Deliveries => deliveries;

    public void Add(GraphSubscription subscription) => subscriptions[subscription.Id] = subscription;

    public void Clear() => subscriptions.Clear();

    /// <summary>A live subscription of the mailbox; an expired one is gone, as Graph deletes it.</summary>
    public GraphSubscription? Find(string mailbox, string id) =>
        subscriptions.TryGetValue(id, out var found) && found.Mailbox == mailbox && found.ExpiresAt > time.GetUtcNow()
            ? found
            : null;

    /// <summary>A subscription by its id alone, expired or not: the control surface's view.</summary>
    public GraphSubscription? Get(string id) => subscriptions.GetValueOrDefault(id);

    /// <summary>Graph removed it: no notification of it is sent any more.</summary>
    public void Drop(string id) => subscriptions.TryRemove(id, out _);

    /// <summary>
    /// A lifecycle notification to the subscription's lifecycleNotificationUrl, recorded as a delivery whose change
    /// type is the event; the answer's status, or null when none came.
    /// </summary>
    public async Task<int?> DeliverLifecycleAsync(GraphSubscription subscription, string lifecycleEvent)
    {
        var notification = new JsonObject
        {
            ["subscriptionId"] = subscription.Id,
            ["subscriptionExpirationDateTime"] = subscription.ExpiresAt.ToString("o"),
            ["tenantId"] = GraphSubscriptionsApi.TenantId,
            ["clientState"] = subscription.ClientState,
            ["lifecycleEvent"] = lifecycleEvent,
        };
        var status = await PostAsync(subscription.LifecycleNotificationUrl!, notification);
        deliveries.Enqueue(
            new NotificationDelivery(subscription.Id, subscription.ListId, "", lifecycleEvent, time.GetUtcNow(), status)
        );
        return status;
    }

    public bool Remove(string mailbox, string id) =>
        Find(mailbox, id) is not null && subscriptions.TryRemove(id, out _);

    /// <summary>Graph's validation request; null when it passed, else why it failed.</summary>
    public async Task<string?> ValidateAsync(Uri notificationUrl, CancellationToken cancellationToken)
    {
        var token =
            $"Validation: Testing client application reachability for subscription Request-Id: {Guid.NewGuid()}";
        var separator = string.IsNullOrEmpty(notificationUrl.Query) ? "?" : "&";
        var url = $"{notificationUrl}{separator}validationToken={Uri.EscapeDataString(token)}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ValidationTimeout);
        try
        {
            using var content = new StringContent("", Encoding.UTF8, "text/plain");
            using var response = await http.PostAsync(url, content, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            if ((int)response.StatusCode != 200)
                return $"the endpoint answered {(int)response.StatusCode}";
            if (response.Content.Headers.ContentType?.MediaType != "text/plain")
                return "the answer was not text/plain";
            return body == token ? null : "the answer was not the validation token";
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
        {
            return $"the endpoint did not answer within {ValidationTimeout.TotalSeconds} s";
        }
    }

    private async Task DeliverAsync(TodoChange change)
    {
        var now = time.GetUtcNow();
        foreach (
            var subscription in subscriptions.Values.Where(each =>
                each.Mailbox == change.Mailbox
                && each.ListId == change.ListId
                && each.ExpiresAt > now
                && each.ChangeTypes.Contains(change.ChangeType)
            )
        )
        {
            var resource = $"Users/{subscription.Mailbox}/todo/lists/{change.ListId}/tasks/{change.TaskId}";
            var notification = new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(),
                ["subscriptionId"] = subscription.Id,
                ["subscriptionExpirationDateTime"] = subscription.ExpiresAt.ToString("o"),
                ["changeType"] = change.ChangeType,
                ["resource"] = resource,
                ["resourceData"] = new JsonObject
                {
                    ["@odata.type"] = "#Microsoft.Graph.todoTask",
                    ["@odata.id"] = resource,
                    ["id"] = change.TaskId,
                },
                ["clientState"] = subscription.ClientState,
                ["tenantId"] = GraphSubscriptionsApi.TenantId,
            };
            var status = await PostAsync(subscription.NotificationUrl, notification);
            deliveries.Enqueue(
                new NotificationDelivery(subscription.Id, change.ListId, change.TaskId, change.ChangeType, now, status)
            );
        }
    }

    // Tried once, as Graph sends notifications: the answer's status, or null when none came in time.
    private async Task<int?> PostAsync(Uri url, JsonObject notification)
    {
        var body = new JsonObject { ["value"] = new JsonArray(notification) }.ToJsonString();
        try
        {
            using var timeout = new CancellationTokenSource(DeliveryTimeout);
            using var content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
            using var response = await http.PostAsync(url, content, timeout.Token);
            return (int)response.StatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
        {
            return null;
        }
    }
}

/// <summary>A subscription to one list of a mailbox.</summary>
public sealed class GraphSubscription
{
    public required string Id { get; init; }
    public required string Mailbox { get; init; }
    public required string ListId { get; init; }
    public required string Resource { get; init; }
    public required string[] ChangeTypes { get; init; }
    public required Uri NotificationUrl { get; init; }
    public Uri? LifecycleNotificationUrl { get; init; }
    public string? ClientState { get; init; }
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>
/// One notification sent: to which subscription, about what, when, and the answer's status (null: none).
/// </summary>
public sealed record NotificationDelivery(
    string SubscriptionId,
    string ListId,
    string TaskId,
    string ChangeType,
    DateTimeOffset ChangedAt,
    int? Status
);
