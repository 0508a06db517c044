using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Syntaskio.Jobs.Hosting;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Functional;

/// <summary>
/// The accept path's own connections (Scheduling.AcceptPool): a change is accepted while the workers hold every
/// connection of the other two pools, as they do at twice the sustained rate.
/// </summary>
public sealed class AcceptPoolTests
{
    [Test]
    public async Task PostComplete_AnswersAtOnce_WhenTheOtherPoolsAreExhausted()
    {
        var api = new SyncApiFactory(
            TestEnvironment.ConnectionString,
            settings: new Dictionary<string, string?>
            {
                ["Sync:Workers:Enabled"] = "false",
                ["Database:MaxPoolSize"] = "10",
                ["Database:HangfirePoolSize"] = "4",
            }
        );
        try
        {
            await AcceptWhileHeldAsync(api);
        }
        finally
        {
            await api.DisposeAsync();
            SyncApiFactory.GiveHangfireLogsBackToTheSuite();
        }
    }

    private static async Task AcceptWhileHeldAsync(SyncApiFactory api)
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(services: api.Services);
        using var client = await api.CreateClientAsync(user.Subject);
        var held = new List<NpgsqlConnection>();
        held.AddRange(await ExhaustAsync(api.Services.GetRequiredService<NpgsqlDataSource>()));
        held.AddRange(
            await ExhaustAsync(
                api.Services.GetRequiredKeyedService<NpgsqlDataSource>(SyncJobsServiceCollectionExtensions.HangfirePool)
            )
        );
        try
        {
            var elapsed = Stopwatch.StartNew();
            using var answer = await client.PostAsync($"/api/tasks/{user.Tasks[0].Id}/complete", null);
            TestContext.Out.WriteLine($"202 in {elapsed.ElapsedMilliseconds} ms with {held.Count} connections held");

            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            // A request that waited for a held pool would wait out Npgsql's 15 s timeout, then fail.
            Assert.That(elapsed.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
            Assert.That(
                await DatabaseProbe.CountAsync(
                    "SELECT COUNT(*) FROM sync_jobs j JOIN hangfire.job h ON h.id = j.hangfire_job_id::bigint "
                        + "WHERE j.task_id = @task",
                    ("task", user.Tasks[0].Id)
                ),
                Is.EqualTo(1),
                "the change and its Hangfire job committed together"
            );
        }
        finally
        {
            foreach (var connection in held)
                await connection.DisposeAsync();
        }
    }

    // Opens connections until the pool has none left (an open that waits half a second for one).
    private static async Task<List<NpgsqlConnection>> ExhaustAsync(NpgsqlDataSource dataSource)
    {
        var held = new List<NpgsqlConnection>();
        while (true)
        {
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            try
            {
                held.Add(await dataSource.OpenConnectionAsync(wait.Token));
            }
            catch (OperationCanceledException)
            {
                return held;
            }
        }
    }
}
