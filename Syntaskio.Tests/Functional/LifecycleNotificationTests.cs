using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;
using static Syntaskio.Tests.Functional.GraphSubscriptionsProbe;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// Graph's lifecycle notifications, each measured at the emulator's journal from the event to what it asks for:
/// a renewal, a new subscription, or a read of the list. The worker's poll and recheck are an hour away, so only the
/// lifecycle notification can bring these about in time.
/// </summary>
public sealed class LifecycleNotificationTests
{
    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(1);

    [Test]
    public async Task ReauthorizationRequired_RenewsTheSubscriptionAtOnce()
    {
        var (deployment, scenario, subscription, _) = await StartAsync();
        await using (deployment)
        await using (scenario)
        {
            var id = (string)subscription["id"]!;

            var lag = await LagAsync(id, "reauthorizationRequired", request => IsRenewalOf(request, id));

            Assert.That(lag, Is.LessThanOrEqualTo(Promise));
        }
    }

    [Test]
    public async Task SubscriptionRemoved_MakesTheSubscriptionAgainAtOnce()
    {
        var (deployment, scenario, subscription, listId) = await StartAsync();
        await using (deployment)
        await using (scenario)
        {
            var id = (string)subscription["id"]!;

            var lag = await LagAsync(id, "subscriptionRemoved", IsNewSubscription);

            Assert.That(lag, Is.LessThanOrEqualTo(Promise));
            var again = await SubscriptionOfAsync(listId);
            Assert.That((string?)again["id"], Is.Not.EqualTo(id));
        }
    }

    [Test]
    public async Task Missed_ReadsTheListsDeltaAtOnce()
    {
        var (deployment, scenario, subscription, listId) = await StartAsync();
        await using (deployment)
        await using (scenario)
        {
            var lag = await LagAsync((string)subscription["id"]!, "missed", request =>
                ((string)request["path"]!).Contains($"/me/todo/lists/{listId}/tasks/delta")
            );

            Assert.That(lag, Is.LessThanOrEqualTo(Promise));
        }
    }

    private static async Task<(IsolatedDeployment, InboundScenario, JsonObject, string)> StartAsync()
    {
        var deployment = await IsolatedDeployment.StartAsync();
        var (client, listId, _) = await deployment.CreateUserAsync(1);
        var scenario = await InboundScenario.StartAsync(deployment, client, NotifiedOnly(deployment));
        var subscription = await SubscriptionOfAsync(listId);
        Assert.That(
            (string?)subscription["lifecycleNotificationUrl"],
            Is.EqualTo(new Uri(deployment.Api.BaseUrl, "/webhooks/microsoft/lifecycle").ToString())
        );
        return (deployment, scenario, subscription, listId);
    }

    // From the lifecycle event sent to the first vendor request after it that does what the event asks.
    private static async Task<TimeSpan> LagAsync(
        string subscriptionId,
        string lifecycleEvent,
        Func<JsonObject, bool> asks
    )
    {
        var sent = DateTimeOffset.UtcNow;
        var response = await TestEnvironment.Sandbox.Control.PostAsJsonAsync(
            $"/_sandbox/microsoft/subscriptions/{subscriptionId}/lifecycle",
            new { lifecycleEvent }
        );
        var delivered = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.That((int?)delivered!["status"], Is.EqualTo(202), "the service accepted the lifecycle notification");
        var answer = await Eventually.ReturnsAsync(
            async () =>
                (await TestEnvironment.Sandbox.GetRequestsAsync("microsoft"))
                    .Select(request => request!.AsObject())
                    .Where(request => SandboxServer.ReceivedAt(request) > sent && asks(request))
                    .ToList(),
            found => found.Count > 0,
            TimeSpan.FromSeconds(10),
            $"the answer to {lifecycleEvent}"
        );
        var lag = SandboxServer.ReceivedAt(answer.MinBy(SandboxServer.ReceivedAt)!) - sent;
        TestContext.Out.WriteLine($"{lifecycleEvent}: answered at the vendor {lag.TotalMilliseconds:0} ms after");
        return lag;
    }

    private static bool IsRenewalOf(JsonObject request, string id) =>
        (string?)request["method"] == "PATCH" && ((string)request["path"]!).EndsWith($"/subscriptions/{id}");

    private static bool IsNewSubscription(JsonObject request) =>
        (string?)request["method"] == "POST" && ((string)request["path"]!).EndsWith("/subscriptions");
}
