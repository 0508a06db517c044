using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;
using static Syntaskio.Tests.Functional.InboundScenario;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// ConnectWise callbacks as the trigger: with Sync:Inbound:PublicBaseUrl set, each ConnectWise connection
/// registers a ticket callback, and a callback for one of the person's tickets polls the connection at once. The main
/// path is tested with the poll and the recheck at 1 h, so only the callback can bring the change in time.
/// </summary>
public sealed class ConnectWiseCallbackTests
{
    private static readonly TimeSpan CallbackPromise = TimeSpan.FromSeconds(1);

    [Test]
    public async Task VendorEdit_ShowsWithinASecond_WhenACallbackIsTheOnlyWayIn()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, _, tasks) = await deployment.CreateConnectWiseUserAsync();
        await using var scenario = await InboundScenario.StartAsync(deployment, client, CallbacksOnly(deployment));
        await CallbackIdAsync(deployment);

        var (changed, lag) = await scenario.EditAsync(
            "connectwise",
            tasks[0].ExternalId,
            "Closed (resolved)",
            CallbackPromise
        );

        Assert.That(lag, Is.LessThanOrEqualTo(CallbackPromise));
        Assert.That((string?)changed.Data["taskId"], Is.EqualTo(tasks[0].Id.ToString()));
        var registered = (await TestEnvironment.Sandbox.RequestsToAsync("connectwise", "/system/callbacks")).Single(
            request =>
                ((string)request["body"]!).Contains(
                    $"{deployment.Api.BaseUrl}webhooks/connectwise/",
                    StringComparison.Ordinal
                )
        );
        Assert.That((string?)registered["body"], Does.Contain("\"level\":\"owner\"").And.Contain("?recordId="));
        client.Dispose();
    }

    [Test]
    public async Task Callback_AsksForNoPoll_ForAnotherTicket_AndOurOwnCloseSendsNone()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, world, tasks) = await deployment.CreateConnectWiseUserAsync();
        await using var scenario = await InboundScenario.StartAsync(deployment, client, CallbacksOnly(deployment));
        var callback = await CallbackIdAsync(deployment);

        await TestEnvironment.Sandbox.EditAsync("connectwise", $"{world.WaitingTicket}", "In Progress");
        await Eventually.ReturnsAsync(
            () => DeliveriesAsync(callback, world.WaitingTicket),
            sent => sent.Count == 1,
            TimeSpan.FromSeconds(5),
            "the callback for the other ticket"
        );
        var pollsAsked = await deployment.CountAsync(
            "SELECT COUNT(*) FROM connection_watches "
                + "WHERE cardinality(notified_containers) > 0 OR next_poll_at <= NOW()"
        );
        (await client.PostAsync($"/api/tasks/{tasks[1].Id}/complete", null)).EnsureSuccessStatusCode();
        await scenario.ReadUntilAsync("sync.completed", Setup);
        var (_, lag) = await scenario.EditAsync(
            "connectwise",
            tasks[0].ExternalId,
            "Closed (resolved)",
            CallbackPromise
        );

        Assert.That(pollsAsked, Is.Zero, "a ticket the person does not have asks for no poll");
        Assert.That(
            await DeliveriesAsync(callback, world.SecondServiceTicket),
            Is.Empty,
            "our own close is suppressed at ConnectWise (isSelfSuppressedFlag)"
        );
        Assert.That(lag, Is.LessThanOrEqualTo(CallbackPromise), "the person's own ticket still comes in at once");
        client.Dispose();
    }

    [Test]
    public async Task InactiveCallback_IsReplaced_WhenItIsChecked()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (client, _, tasks) = await deployment.CreateConnectWiseUserAsync();
        var settings = new Dictionary<string, string>(Watching)
        {
            ["Sync__Inbound__PublicBaseUrl"] = deployment.Api.BaseUrl.ToString(),
            ["Sync__Inbound__SubscriptionLifetime"] = "00:00:02",
        };
        await using var scenario = await InboundScenario.StartAsync(deployment, client, settings);
        var first = await CallbackIdAsync(deployment);

        (
            await TestEnvironment.Sandbox.Control.PostAsync($"/_sandbox/connectwise/callbacks/{first}/deactivate", null)
        ).EnsureSuccessStatusCode();
        var second = await Eventually.ReturnsAsync(
            () => CallbackIdAsync(deployment),
            id => id != first,
            TimeSpan.FromSeconds(10),
            "a new callback in place of the inactive one"
        );
        await scenario.EditAsync("connectwise", tasks[0].ExternalId, "Closed (resolved)");
        var sent = await Eventually.ReturnsAsync(
            () => DeliveriesAsync(second, int.Parse(tasks[0].ExternalId)),
            each => each.Count == 1,
            TimeSpan.FromSeconds(5),
            "the new callback's delivery"
        );

        Assert.That((int?)sent[0]["status"], Is.EqualTo(200));
        Assert.That(await DeliveriesAsync(first, int.Parse(tasks[0].ExternalId)), Is.Empty);
        client.Dispose();
    }

    private static async Task<int> CallbackIdAsync(IsolatedDeployment deployment) =>
        int.Parse(
            (
                await Eventually.ReturnsAsync(
                    () =>
                        DatabaseProbe.ScalarOnAsync(
                            deployment.ConnectionString,
                            "SELECT subscription_id FROM change_subscriptions"
                        ),
                    id => id is not null,
                    TimeSpan.FromSeconds(15),
                    "the connection's callback"
                )
            )!
        );

    private static async Task<List<JsonObject>> DeliveriesAsync(int callback, int ticket) =>
        (
            await TestEnvironment.Sandbox.Control.GetFromJsonAsync<JsonArray>(
                "/_sandbox/connectwise/callbacks/deliveries"
            )
        )!
            .Select(each => each!.AsObject())
            .Where(each => (int?)each["callbackId"] == callback && (int?)each["ticketId"] == ticket)
            .ToList();
}
