using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>GET /api/sync/events: the caller's sync status changes as server-sent events.</summary>
public sealed class SyncEventsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private static async Task<(TestUser User, HttpClient Client)> UserAsync(int tasks = 1)
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(tasks);
        return (user, await TestEnvironment.Api.CreateClientAsync(user.Subject));
    }

    private static bool IsCompleted(StreamEvent e) => e.Type == "sync.completed";

    [Test]
    public async Task Stream_SendsEachStateOfTheSync_WhenTheUserCompletesATask()
    {
        var (user, client) = await UserAsync();
        await using var stream = await EventStreamClient.OpenAsync(client);
        var ready = await stream.NextAsync(Deadline);

        var accepted = await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null);
        var job = await accepted.Content.ReadFromJsonAsync<JsonObject>();
        var events = await stream.ReadUntilAsync(IsCompleted, Deadline);

        Assert.That(ready.Type, Is.EqualTo("ready"));
        Assert.That(
            events.Select(e => e.Type),
            Is.EqualTo(new[] { "sync.pending", "sync.processing", "sync.completed" })
        );
        Assert.That(events.Select(e => e.TaskId).Distinct(), Is.EqualTo(new[] { user.Tasks[0].Id.ToString() }));
        Assert.That(
            events.Select(e => (string?)e.Data["syncJobId"]).Distinct(),
            Is.EqualTo(new[] { (string?)job!["id"] })
        );
        Assert.That((string?)events[^1].Data["taskStatus"], Is.EqualTo("completed"));
        Assert.That(events.Select(e => e.Id), Is.Ordered.Ascending.And.All.Not.Null);
        Assert.That(events.Select(e => (long)e.Data["eventId"]!), Is.EqualTo(events.Select(e => e.Id!.Value)));
        client.Dispose();
    }

    [Test]
    public async Task Stream_ResumesAfterLastEventId_WithoutLosingOrRepeatingEvents()
    {
        var (user, client) = await UserAsync(tasks: 2);
        long firstId;
        List<StreamEvent> all;
        await using (var first = await EventStreamClient.OpenAsync(client))
        {
            await first.NextAsync(Deadline);
            await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null);
            firstId = (await first.NextAsync(Deadline)).Id!.Value;
        }
        // While disconnected: the rest of the first sync and all of a second one happen.
        await client.PostAsync($"/api/tasks/{user.Tasks[1].Id}/complete", null);
        await Eventually.ReturnsAsync(
            () =>
                DatabaseProbe.CountAsync(
                    "SELECT COUNT(*) FROM sync_jobs WHERE user_id = @user AND status = 'completed'",
                    ("user", user.UserId)
                ),
            done => done == 2,
            Deadline,
            "both syncs to complete"
        );
        await using (var probe = await EventStreamClient.OpenAsync(client, lastEventId: 0))
            all = await ReadUntilBothCompletedAsync(probe);

        await using var resumed = await EventStreamClient.OpenAsync(client, lastEventId: firstId);
        var ready = await resumed.NextAsync(Deadline);
        var replay = await ReadUntilBothCompletedAsync(resumed);

        // The stream's order is the order transactions settled in (see SyncEventRepository), not always id order.
        Assert.That((long)ready.Data["lastEventId"]!, Is.EqualTo(firstId));
        Assert.That(
            replay.Select(e => e.Id),
            Is.EqualTo(all.SkipWhile(e => e.Id != firstId).Skip(1).Select(e => e.Id)),
            "every event after Last-Event-ID, once, in the stream's order"
        );
        Assert.That(replay.Count(IsCompleted), Is.EqualTo(2));
        client.Dispose();
    }

    private static async Task<List<StreamEvent>> ReadUntilBothCompletedAsync(EventStreamClient stream)
    {
        var completed = 0;
        return await stream.ReadUntilAsync(e => IsCompleted(e) && ++completed == 2, Deadline);
    }

    [Test]
    public async Task Stream_CarriesOnlyTheCallersEvents_WhenAnotherUserSyncs()
    {
        var (other, otherClient) = await UserAsync();
        var (user, client) = await UserAsync();
        await using var stream = await EventStreamClient.OpenAsync(client);
        await stream.NextAsync(Deadline);

        await otherClient.PostAsync($"/api/tasks/{other.Tasks[0].Id}/complete", null);
        await Eventually.ReturnsAsync(
            () =>
                DatabaseProbe.CountAsync(
                    "SELECT COUNT(*) FROM sync_jobs WHERE user_id = @user AND status = 'completed'",
                    ("user", other.UserId)
                ),
            done => done == 1,
            Deadline,
            "the other user's sync to complete"
        );
        await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null);
        var events = await stream.ReadUntilAsync(IsCompleted, Deadline);

        Assert.That(events.Select(e => e.TaskId).Distinct(), Is.EqualTo(new[] { user.Tasks[0].Id.ToString() }));
        client.Dispose();
        otherClient.Dispose();
    }

    [Test]
    public async Task Stream_ReportsRetryingWithTheNextAttempt_ThenCompleted_WhenTheProviderFailsOnce()
    {
        var (user, client) = await UserAsync();
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", user.ListId, 503, count: 1);
        await using var stream = await EventStreamClient.OpenAsync(client);
        await stream.NextAsync(Deadline);

        await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null);
        var events = await stream.ReadUntilAsync(IsCompleted, Deadline);

        var retrying = events.Single(e => e.Type == "sync.retrying");
        Assert.That((string?)retrying.Data["nextAttemptAt"], Is.Not.Null);
        Assert.That((int)retrying.Data["attempt"]!, Is.EqualTo(1));
        Assert.That((string?)retrying.Data["error"], Does.Contain("503"));
        Assert.That(
            events.Select(e => e.Type),
            Is.EqualTo(
                new[] { "sync.pending", "sync.processing", "sync.retrying", "sync.processing", "sync.completed" }
            )
        );
        client.Dispose();
    }

    [Test]
    public async Task Stream_AcceptsATicket_AndRefusesAnUnknownOne()
    {
        var (user, client) = await UserAsync();
        var issued = await (
            await client.PostAsync("/api/sync/events/tickets", null)
        ).Content.ReadFromJsonAsync<JsonObject>();
        using var anonymous = new HttpClient { BaseAddress = client.BaseAddress };

        await using var stream = await EventStreamClient.OpenAsync(
            anonymous,
            $"/api/sync/events?ticket={issued!["ticket"]}"
        );
        await stream.NextAsync(Deadline);
        await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null);
        var events = await stream.ReadUntilAsync(IsCompleted, Deadline);
        var unknown = await anonymous.GetAsync(
            "/api/sync/events?ticket=" + new string('0', 64),
            HttpCompletionOption.ResponseHeadersRead
        );
        var none = await anonymous.GetAsync("/api/sync/events", HttpCompletionOption.ResponseHeadersRead);
        var ticketElsewhere = await anonymous.GetAsync($"/api/tasks?ticket={issued["ticket"]}");

        Assert.That(events.Select(e => e.TaskId).Distinct(), Is.EqualTo(new[] { user.Tasks[0].Id.ToString() }));
        Assert.That(
            DateTime.Parse((string)issued["expiresAt"]!).ToUniversalTime(),
            Is.LessThan(DateTime.UtcNow.AddMinutes(2))
        );
        Assert.That(
            (unknown.StatusCode, none.StatusCode, ticketElsewhere.StatusCode),
            Is.EqualTo((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized))
        );
        client.Dispose();
    }

    [Test]
    public async Task Stream_RefusesATicket_WhenItWasUsedOrHasExpired()
    {
        var (user, client) = await UserAsync();
        var issued = await (
            await client.PostAsync("/api/sync/events/tickets", null)
        ).Content.ReadFromJsonAsync<JsonObject>();
        using var anonymous = new HttpClient { BaseAddress = client.BaseAddress };
        var expired = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await using (var dataSource = Npgsql.NpgsqlDataSource.Create(TestEnvironment.ConnectionString))
        await using (
            var insert = dataSource.CreateCommand(
                """
                INSERT INTO event_tickets (ticket_hash, user_id, subject, expires_at)
                SELECT sha256(convert_to($1, 'UTF8')), id, external_id,
                    NOW() - INTERVAL '1 second' FROM users WHERE external_id = $2
                """
            )
        )
        {
            insert.Parameters.Add(new() { Value = expired });
            insert.Parameters.Add(new() { Value = user.Subject });
            Assert.That(await insert.ExecuteNonQueryAsync(), Is.EqualTo(1));
        }

        await using (
            var first = await EventStreamClient.OpenAsync(anonymous, $"/api/sync/events?ticket={issued!["ticket"]}")
        )
            Assert.That((await first.NextAsync(Deadline)).Type, Is.EqualTo("ready"));
        var again = await anonymous.GetAsync(
            $"/api/sync/events?ticket={issued["ticket"]}",
            HttpCompletionOption.ResponseHeadersRead
        );
        var late = await anonymous.GetAsync(
            $"/api/sync/events?ticket={expired}",
            HttpCompletionOption.ResponseHeadersRead
        );

        Assert.That(
            (again.StatusCode, late.StatusCode),
            Is.EqualTo((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized))
        );
        client.Dispose();
    }

    [Test]
    public async Task Stream_Is400_WhenLastEventIdIsNotAnEventId()
    {
        var (_, client) = await UserAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/sync/events");
        request.Headers.Add("Last-Event-ID", "1; DROP TABLE sync_events");

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        client.Dispose();
    }
}
