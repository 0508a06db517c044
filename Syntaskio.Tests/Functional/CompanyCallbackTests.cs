using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Providers.ConnectWise;
using Syntaskio.Tests.Infrastructure;
using static Syntaskio.Tests.Functional.InboundScenario;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// One ConnectWise callback per company, whatever the number of its members connected: made by the first, kept by
/// any, ended with the last. A delivery polls only the connections whose person has the ticket. Measured at the
/// emulator: its callbacks, its deliveries and the journal; the poll and the recheck are an hour away.
/// </summary>
public sealed class CompanyCallbackTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    [Test]
    public async Task ACompany_HasOneCallback_SharedByItsMembers_AndEndedWithTheLast()
    {
        await using var deployment = await IsolatedDeployment.StartAsync();
        var (first, world, _) = await deployment.CreateConnectWiseUserAsync();
        var (second, secondKeys) = await MemberAsync(deployment, world, world.WaitingTicket);
        var (third, thirdKeys) = await MemberAsync(deployment, world, world.ApprovalTicket);
        await using var scenario = await InboundScenario.StartAsync(deployment, first, CallbacksOnly(deployment));
        var callbacks = await CallbacksAsync(world, count => count == 1);
        var id = (int)callbacks[0]!["id"]!;
        Assert.That(
            await deployment.CountAsync("SELECT COUNT(DISTINCT subscription_id) FROM change_subscriptions"),
            Is.EqualTo(1)
        );
        Assert.That(
            await deployment.CountAsync("SELECT COUNT(*) FROM change_subscriptions"),
            Is.EqualTo(3),
            "each holds it"
        );

        var since = DateTimeOffset.UtcNow;
        await TestEnvironment.Sandbox.EditAsync("connectwise", $"{world.WaitingTicket}", "Closed (resolved)");
        await Eventually.ReturnsAsync(
            () => TaskStatusAsync(second, $"{world.WaitingTicket}"),
            status => status == "completed",
            Deadline,
            "the second member's ticket to change"
        );
        var deliveries = (
            await TestEnvironment.Sandbox.Control.GetFromJsonAsync<JsonArray>(
                "/_sandbox/connectwise/callbacks/deliveries"
            )
        )!
            .Where(delivery => (int)delivery!["ticketId"]! == world.WaitingTicket)
            .ToList();
        Assert.That(deliveries, Has.Count.EqualTo(1), "one delivery for the company");
        Assert.That(
            (
                await TicketSearchesSinceAsync(world.Credentials, since),
                await TicketSearchesSinceAsync(secondKeys, since),
                await TicketSearchesSinceAsync(thirdKeys, since)
            ),
            Is.EqualTo((0, 1, 0)),
            "only the member with the ticket read it"
        );

        (await second.DeleteAsync("/api/connections/connectwise")).EnsureSuccessStatusCode();
        (await third.DeleteAsync("/api/connections/connectwise")).EnsureSuccessStatusCode();
        Assert.That(
            (await CallbacksAsync(world, count => count == 1)).Select(each => (int)each!["id"]!),
            Is.EqualTo(new[] { id })
        );
        (await first.DeleteAsync("/api/connections/connectwise")).EnsureSuccessStatusCode();
        await CallbacksAsync(world, count => count == 0);
        first.Dispose();
        second.Dispose();
        third.Dispose();
    }

    // Another API member of the same company: keys of its own, connected and given one ticket through the public API.
    private static async Task<(HttpClient, ConnectWiseCredentials)> MemberAsync(
        IsolatedDeployment deployment,
        ConnectWiseWorld world,
        int ticket
    )
    {
        var keys = new ConnectWiseCredentials(
            world.Credentials.CompanyId,
            $"pub-{Guid.NewGuid():N}"[..12],
            $"priv-{Guid.NewGuid():N}",
            world.Credentials.ClientId
        );
        await TestEnvironment.Sandbox.SeedAsync("connectwise", new { member = keys });
        var subject = $"cw-{Guid.NewGuid():N}"[..15];
        var client = new HttpClient { BaseAddress = deployment.Api.BaseUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            await deployment.DevTokenAsync(subject)
        );
        (
            await client.PutAsJsonAsync(
                "/api/connections/connectwise",
                new
                {
                    site = new Uri(TestEnvironment.Sandbox.BaseUrl, "/connectwise").ToString(),
                    keys.CompanyId,
                    keys.PublicKey,
                    keys.PrivateKey,
                    keys.ClientId,
                }
            )
        ).EnsureSuccessStatusCode();
        using var intake = new HttpClient { BaseAddress = deployment.Api.BaseUrl };
        intake.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            await deployment.DevTokenAsync("task-service", "sync-intake")
        );
        (
            await intake.PutAsJsonAsync(
                $"/api/intake/users/{subject}/tasks",
                new
                {
                    tasks = new[]
                    {
                        new
                        {
                            source = "connectwise",
                            kind = ConnectWiseKinds.ServiceTicket,
                            externalId = $"{ticket}",
                            title = $"Ticket {ticket}",
                            status = "pending",
                            vendorStatus = "New",
                        },
                    },
                }
            )
        ).EnsureSuccessStatusCode();
        return (client, keys);
    }

    private static async Task<JsonArray> CallbacksAsync(ConnectWiseWorld world, Func<int, bool> done) =>
        await Eventually.ReturnsAsync(
            async () =>
                (
                    await TestEnvironment.Sandbox.Control.GetFromJsonAsync<JsonArray>(
                        $"/_sandbox/connectwise/callbacks?companyId={world.Credentials.CompanyId}"
                    )
                )!,
            callbacks => done(callbacks.Count),
            Deadline,
            "the company's callbacks"
        );

    private static async Task<string?> TaskStatusAsync(HttpClient client, string externalId) =>
        (string?)
            (await client.GetFromJsonAsync<JsonArray>("/api/tasks"))!.Single(task =>
                (string?)task!["externalId"] == externalId
            )!["status"];

    // The ticket searches one member's keys made after a moment: each poll of its connection runs one.
    private static async Task<int> TicketSearchesSinceAsync(ConnectWiseCredentials keys, DateTimeOffset since) =>
        (await TestEnvironment.Sandbox.GetRequestsAsync("connectwise"))
            .Select(request => request!.AsObject())
            .Count(request =>
                SandboxServer.ReceivedAt(request) > since
                && (string?)request["method"] == "GET"
                && ((string)request["path"]!).EndsWith("/service/tickets")
                && (string?)request["headers"]?["Authorization"] == keys.AuthorizationHeader()
            );
}
