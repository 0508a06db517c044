using System.Diagnostics;
using Npgsql;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// The event stream's promises, each on its own path: the NOTIFY delivers within a second with the fallback poll
/// set to minutes (the suite's API), events committed out of id order are all delivered, and the fallback poll
/// alone still delivers when no NOTIFY is listened to.
/// </summary>
public sealed class EventDeliveryTests
{
    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(1);

    [Test]
    public async Task Stream_DeliversCompletedWithinASecond_OnTheNotifyPathAlone()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(11);
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        await using var stream = await EventStreamClient.OpenAsync(client);
        await stream.NextAsync(Promise);
        // The first change a fresh process handles also pays for compiling the pipeline: it is not measured.
        (await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null)).EnsureSuccessStatusCode();
        await stream.ReadUntilAsync(e => e.Type == "sync.completed", TimeSpan.FromSeconds(10));

        var latencies = new List<TimeSpan>();
        foreach (var task in user.Tasks.Skip(1))
        {
            var clock = Stopwatch.StartNew();
            (await client.PostAsync($"/api/tasks/{task.Id}/complete", null)).EnsureSuccessStatusCode();
            await stream.ReadUntilAsync(e => e.Type == "sync.completed" && e.TaskId == task.Id.ToString(), Promise);
            latencies.Add(clock.Elapsed);
        }

        TestContext.Out.WriteLine(
            $"POST to sync.completed: {string.Join(", ", latencies.Select(l => $"{l.TotalMilliseconds:0} ms"))}"
        );
        Assert.That(latencies, Has.All.LessThan(Promise));
    }

    [Test]
    public async Task Stream_DeliversBothEvents_WhenTheHigherIdCommitsFirst()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync();
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        await using var stream = await EventStreamClient.OpenAsync(client);
        await stream.NextAsync(Promise);
        await using var dataSource = NpgsqlDataSource.Create(TestEnvironment.ConnectionString);

        await using var early = await dataSource.OpenConnectionAsync();
        await using var earlyTransaction = await early.BeginTransactionAsync();
        var lowerId = await InsertEventAsync(early, user, "sync.pending");
        long higherId;
        await using (var late = await dataSource.OpenConnectionAsync())
            higherId = await InsertEventAsync(late, user, "sync.processing");
        await earlyTransaction.CommitAsync();
        var delivered = new[] { await stream.NextAsync(Promise), await stream.NextAsync(Promise) };

        Assert.That(higherId, Is.GreaterThan(lowerId));
        Assert.That(
            delivered.Select(e => e.Id),
            Is.EquivalentTo(new long?[] { lowerId, higherId }),
            "the lower id, committed last, is not skipped"
        );
    }

    [Test]
    public async Task Stream_DeliversOnTheFallbackPoll_WhenNoNotifyIsListenedTo()
    {
        await using var deployment = await IsolatedDeployment.StartAsync(
            apiSettings: new Dictionary<string, string>
            {
                ["Sync__Events__Listen"] = "false",
                ["Sync__Events__FallbackPollInterval"] = "00:00:00.500",
            }
        );
        var (client, _, tasks) = await deployment.CreateUserAsync(1);
        deployment.StartWorker();
        await using var stream = await EventStreamClient.OpenAsync(client);
        await stream.NextAsync(Promise);

        (await client.PostAsync($"/api/tasks/{tasks[0].Id}/complete", null)).EnsureSuccessStatusCode();
        var events = await stream.ReadUntilAsync(e => e.Type == "sync.completed", TimeSpan.FromSeconds(30));

        Assert.That(events.Select(e => e.Type), Does.Contain("sync.completed"));
        client.Dispose();
    }

    private static async Task<long> InsertEventAsync(NpgsqlConnection connection, TestUser user, string type)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO sync_events (user_id, task_id, sync_job_id, type, task_status, attempt)
            VALUES (@user, @task, gen_random_uuid(), @type, 'pending', 0) RETURNING id
            """,
            connection
        );
        command.Parameters.AddWithValue("user", user.UserId);
        command.Parameters.AddWithValue("task", user.Tasks[0].Id);
        command.Parameters.AddWithValue("type", type);
        var id = (long)(await command.ExecuteScalarAsync())!;
        await using var notify = new NpgsqlCommand($"SELECT pg_notify('sync_events', '{user.Subject}')", connection);
        await notify.ExecuteNonQueryAsync();
        return id;
    }
}
