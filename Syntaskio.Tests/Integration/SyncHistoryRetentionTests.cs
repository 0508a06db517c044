using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Syntaskio.Jobs.Lifecycle;
using Syntaskio.Jobs.Persistence;
using Syntaskio.Tests.Functional;
using Syntaskio.Tests.Infrastructure;

namespace Syntaskio.Tests.Integration;

/// <summary>
/// Settled sync history past Sync:Retention:Completed goes, in batches; a dead letter still waiting stays.
/// </summary>
public sealed class SyncHistoryRetentionTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    [Test]
    public async Task DeleteSettledOlderThan_DeletesSettledSyncsWithAttemptsInBatches_AndKeepsWaitingDeadLetters()
    {
        var user = await TestUsers.CreateWithTodoTasksAsync(4);
        using var client = await TestEnvironment.Api.CreateClientAsync(user.Subject);
        await TestEnvironment.Sandbox.AddFaultAsync("microsoft", user.Tasks[3].ExternalId.Split('/')[1], 403, count: 1);
        var jobs = new List<Guid>();
        foreach (var task in user.Tasks)
        {
            var location = (
                await client.PostAsync($"/api/tasks/{task.Id}/complete", null)
            ).Headers.Location!.ToString();
            jobs.Add(Guid.Parse(location.Split('/')[^1]));
        }
        foreach (var (job, status) in jobs.Zip(new[] { "completed", "completed", "completed", "failed" }))
            await SyncJobProbe.WaitForStatusAsync(client, $"/api/sync/jobs/{job}", status, Deadline);
        // Three written and one dead letter 40 days ago; the fourth task's dead letter is still its latest change.
        await DatabaseProbe.CountAsync(
            "WITH aged AS (UPDATE sync_jobs SET created_at = NOW() - INTERVAL '40 days', processed_at = NOW() - "
                + "INTERVAL '40 days' "
                + "WHERE user_id = @user RETURNING 1) SELECT COUNT(*) FROM aged",
            ("user", user.UserId)
        );

        var deleted = await TestEnvironment
            .Api.Services.GetRequiredService<SyncLifecycleRepository>()
            .DeleteSettledOlderThanAsync(DateTime.UtcNow.AddDays(-30), batchSize: 2, CancellationToken.None);

        Assert.That(deleted, Is.EqualTo(3), "three written syncs, over two batches");
        Assert.That(
            await DatabaseProbe.CountAsync(
                "SELECT COUNT(*) FROM sync_jobs WHERE user_id = @user",
                ("user", user.UserId)
            ),
            Is.EqualTo(1)
        );
        Assert.That(
            await DatabaseProbe.CountAsync(
                "SELECT COUNT(*) FROM sync_jobs WHERE id = @id AND status = 'failed'",
                ("id", jobs[3])
            ),
            Is.EqualTo(1),
            "the waiting dead letter stays"
        );
        Assert.That(
            await DatabaseProbe.CountAsync(
                "SELECT COUNT(*) FROM sync_attempts WHERE sync_job_id = ANY(@jobs)",
                ("jobs", jobs.Take(3).ToArray())
            ),
            Is.Zero,
            "their attempts went with them"
        );
        Assert.That(
            (await client.GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>("/api/tasks"))!.Count,
            Is.EqualTo(4),
            "tasks stay"
        );
    }
}
