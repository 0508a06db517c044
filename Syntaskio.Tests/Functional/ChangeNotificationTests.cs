using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;
using static Syntaskio.Tests.Functional.GraphSubscriptionsProbe;
using static Syntaskio.Tests.Functional.InboundScenario;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// Graph change notifications: with Sync:Inbound:PublicBaseUrl set, each To Do list gets a subscription
/// and a notification polls its connection at once. The main path is tested with both fallbacks off (a 1 h poll and
/// a 1 h recheck), so only the notification can bring a change in time; the poll alone is InboundSyncTests'.
/// </summary>
public sealed class ChangeNotificationTests
{
    private static readonly TimeSpan NotificationPromise = TimeSpan.FromSeconds(1);

    [Test]
    public async Task VendorEdit_ShowsWithinASecond_WhenANotificationIsTheOnlyWayIn()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, listId, tasks) = await deployment.CreateUserAsync(3);
        await using var scenario = await InboundScenario.StartAsync(deployment, client, NotifiedOnly(deployment));
        var subscription = await SubscriptionOfAsync(listId);

        var lags = new List<TimeSpan>();
        foreach (var task in tasks)
        {
            var (changed, lag) = await scenario.EditAsync(
                "microsoft",
                task.ExternalId,
                "completed",
                NotificationPromise
            );
            Assert.That((string?)changed.Data["taskId"], Is.EqualTo(task.Id.ToString()));
            lags.Add(lag);
        }

        Assert.That(lags, Has.All.LessThanOrEqualTo(NotificationPromise));
        Assert.That(
            (string?)subscription["notificationUrl"],
            Is.EqualTo(new Uri(deployment.Api.BaseUrl, "/webhooks/microsoft").ToString())
        );
        client.Dispose();
    }

    [Test]
    public async Task Notification_ReadsOnlyTheNotifiedListsDelta()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, listId, tasks) = await deployment.CreateUserAsync(1);
        var suffix = listId["list-".Length..];
        var otherList = $"other-{suffix}";
        await TestEnvironment.Sandbox.SeedTodoAsync($"token-{suffix}", otherList, $"o-{suffix}");
        await using var scenario = await InboundScenario.StartAsync(deployment, client, NotifiedOnly(deployment));
        await SubscriptionOfAsync(listId);
        await SubscriptionOfAsync(otherList);
        var before = DateTimeOffset.UtcNow;

        var (_, lag) = await scenario.EditAsync("microsoft", tasks[0].ExternalId, "completed", NotificationPromise);
        var reads = (await TestEnvironment.Sandbox.RequestsToAsync("microsoft", "/me/todo/lists"))
            .Where(request =>
                SandboxServer.ReceivedAt(request) > before
                && (string?)request["headers"]?["Authorization"] == $"Bearer token-{suffix}"
            )
            .Select(request => (string)request["path"]!)
            .ToList();

        Assert.That(lag, Is.LessThanOrEqualTo(NotificationPromise));
        Assert.That(
            reads,
            Is.Not.Empty.And.All.Contains($"/me/todo/lists/{listId}/tasks/delta"),
            "only the notified list's delta: no lists call, nothing of the other list"
        );
        client.Dispose();
    }

    [Test]
    public async Task Notification_IsIgnored_WhenItsClientStateIsNotTheSubscriptions()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, listId, tasks) = await deployment.CreateUserAsync(1);
        await using var scenario = await InboundScenario.StartAsync(deployment, client, NotifiedOnly(deployment));
        var subscription = await SubscriptionOfAsync(listId);
        using var webhook = new HttpClient { BaseAddress = deployment.Api.BaseUrl };

        var forged = await webhook.PostAsJsonAsync(
            "/webhooks/microsoft",
            new
            {
                value = new[]
                {
                    new
                    {
                        subscriptionId = (string?)subscription["id"],
                        clientState = "forged",
                        changeType = "updated",
                    },
                },
            }
        );
        var pollsAsked = await deployment.CountAsync(
            "SELECT COUNT(*) FROM connection_watches "
                + "WHERE cardinality(notified_containers) > 0 OR next_poll_at <= NOW()"
        );
        var (genuine, lag) = await scenario.EditAsync(
            "microsoft",
            tasks[0].ExternalId,
            "completed",
            NotificationPromise
        );

        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "Graph is answered; nothing is done");
        Assert.That(pollsAsked, Is.Zero, "a forged notification asks for no poll");
        Assert.That((lag, (string?)genuine.Data["taskId"]), Is.EqualTo((lag, tasks[0].Id.ToString())));
        Assert.That(lag, Is.LessThanOrEqualTo(NotificationPromise), "the genuine notification still works");
        client.Dispose();
    }

    [Test]
    public async Task Subscription_IsRenewedBeforeItExpires_AndNotificationsGoOnAfterItsFirstExpiry()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, listId, tasks) = await deployment.CreateUserAsync(1);
        var settings = new Dictionary<string, string>(Watching)
        {
            ["Sync__Inbound__PublicBaseUrl"] = deployment.Api.BaseUrl.ToString(),
            ["Sync__Inbound__SubscriptionLifetime"] = "00:00:04",
        };
        await using var scenario = await InboundScenario.StartAsync(deployment, client, settings);
        var subscription = await SubscriptionOfAsync(listId);
        var firstExpiry = DateTimeOffset.Parse((string)subscription["expiresAt"]!);

        var renewed = await Eventually.ReturnsAsync(
            () => SubscriptionOfAsync(listId),
            held =>
                DateTimeOffset.Parse((string)held["expiresAt"]!) > firstExpiry.AddSeconds(1)
                && DateTimeOffset.UtcNow > firstExpiry.AddMilliseconds(200),
            TimeSpan.FromSeconds(15),
            "the subscription renewed and its first expiry passed"
        );
        await scenario.EditAsync("microsoft", tasks[0].ExternalId, "completed");
        var delivered = await Eventually.ReturnsAsync(
            () => DeliveriesToAsync((string)subscription["id"]!),
            deliveries => deliveries.Count > 0,
            TimeSpan.FromSeconds(5),
            "the notification of the edit"
        );

        Assert.That((string?)renewed["id"], Is.EqualTo((string?)subscription["id"]), "renewed, not replaced");
        Assert.That(delivered.Select(each => (int?)each["status"]), Has.All.EqualTo(202));
        var patches = await TestEnvironment.Sandbox.RequestsToAsync(
            "microsoft",
            $"/subscriptions/{subscription["id"]}"
        );
        Assert.That(patches.Select(request => (string?)request["method"]), Has.Some.EqualTo("PATCH"));
        client.Dispose();
    }

    [Test]
    public async Task Poll_GoesOn_WhenTheWebhookFailsGraphsValidation()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, listId, tasks) = await deployment.CreateUserAsync(1);
        // Nothing listens on the discard port: Graph's validation request cannot be answered.
        var settings = new Dictionary<string, string>(Watching)
        {
            ["Sync__Inbound__PublicBaseUrl"] = "http://127.0.0.1:9/",
        };
        await using var scenario = await InboundScenario.StartAsync(deployment, client, settings);

        var (changed, lag) = await scenario.EditAsync("microsoft", tasks[0].ExternalId, "completed");
        var attempts = (await TestEnvironment.Sandbox.RequestsToAsync("microsoft", "/subscriptions")).Count(request =>
            ((string)request["body"]!).Contains(listId, StringComparison.Ordinal)
        );

        Assert.That(attempts, Is.EqualTo(1), "tried once, not again on every poll");
        Assert.That(await deployment.CountAsync("SELECT COUNT(*) FROM change_subscriptions"), Is.Zero);
        Assert.That(await HeldForAsync(listId), Is.Empty);
        Assert.That(((string?)changed.Data["taskId"], lag <= Promise), Is.EqualTo((tasks[0].Id.ToString(), true)));
        client.Dispose();
    }

    private static async Task<List<JsonObject>> DeliveriesToAsync(string subscriptionId) =>
        (await TestEnvironment.Sandbox.Control.GetFromJsonAsync<JsonArray>("/_sandbox/microsoft/notifications"))!
            .Select(each => each!.AsObject())
            .Where(each => (string?)each["subscriptionId"] == subscriptionId)
            .ToList();
}
